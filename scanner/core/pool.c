/*
 * pool: pthreads, one mutex and two condition variables around a ring
 * buffer of job pointers.  Jobs are coarse (a file or a blob), so one lock
 * is not a bottleneck.
 */
#include "pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "buf.h"

#define QUEUE_CAP 1024

struct kl_pool {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	void *ring[QUEUE_CAP];
	size_t head, count;
	bool closing;
	size_t nthreads;
	pthread_t *threads;
	void *const *workers;
	kl_pool_fn fn;
};

struct thread_arg {
	struct kl_pool *pool;
	size_t index;
};

static void *thread_main(void *arg)
{
	struct kl_pool *p = ((struct thread_arg *)arg)->pool;
	void *worker = p->workers[((struct thread_arg *)arg)->index];

	free(arg);
	for (;;) {
		void *job;

		pthread_mutex_lock(&p->lock);
		while (!p->count && !p->closing)
			pthread_cond_wait(&p->not_empty, &p->lock);
		if (!p->count) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		job = p->ring[p->head];
		p->head = (p->head + 1) % QUEUE_CAP;
		p->count--;
		pthread_cond_signal(&p->not_full);
		pthread_mutex_unlock(&p->lock);
		p->fn(worker, job);
	}
}

int kl_pool_new(struct kl_pool **out, size_t nthreads, void *const *workers,
                kl_pool_fn fn)
{
	struct kl_pool *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (!p)
		return KL_ENOMEM;
	p->workers = workers;
	p->fn = fn;
	p->nthreads = nthreads ? nthreads : 1;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->not_empty, NULL);
	pthread_cond_init(&p->not_full, NULL);
	if (p->nthreads > 1) {
		p->threads = calloc(p->nthreads, sizeof(*p->threads));
		if (!p->threads) {
			kl_pool_finish(p);
			return KL_ENOMEM;
		}
		for (size_t i = 0; i < p->nthreads; i++) {
			struct thread_arg *a = malloc(sizeof(*a));

			if (!a || (a->pool = p, a->index = i,
			           pthread_create(&p->threads[i], NULL,
			                          thread_main, a))) {
				free(a);
				p->nthreads = i; /* join what started */
				kl_pool_finish(p);
				return KL_ENOMEM;
			}
		}
	}
	*out = p;
	return 0;
}

int kl_pool_submit(struct kl_pool *p, void *job)
{
	if (!p->threads) {
		p->fn(p->workers[0], job);
		return 0;
	}
	pthread_mutex_lock(&p->lock);
	while (p->count == QUEUE_CAP)
		pthread_cond_wait(&p->not_full, &p->lock);
	p->ring[(p->head + p->count) % QUEUE_CAP] = job;
	p->count++;
	pthread_cond_signal(&p->not_empty);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

void kl_pool_finish(struct kl_pool *p)
{
	if (!p)
		return;
	if (p->threads) {
		pthread_mutex_lock(&p->lock);
		p->closing = true;
		pthread_cond_broadcast(&p->not_empty);
		pthread_mutex_unlock(&p->lock);
		for (size_t i = 0; i < p->nthreads; i++)
			pthread_join(p->threads[i], NULL);
		free(p->threads);
	}
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->not_empty);
	pthread_cond_destroy(&p->not_full);
	free(p);
}
