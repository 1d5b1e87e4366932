/*
 * pool: a fixed set of worker threads fed from one bounded queue.  Each
 * thread owns one worker context (matcher state, result lists), so jobs
 * never share mutable state; the producer blocks when the queue is full,
 * which bounds memory however fast the sources are.  With one thread the
 * jobs run inline in the caller, so --threads 1 really is one thread.
 */
#ifndef KL_POOL_H
#define KL_POOL_H

#include <stddef.h>

typedef void (*kl_pool_fn)(void *worker, void *job);

struct kl_pool;

/* Start nthreads (>= 1) threads; thread i passes workers[i] to fn.  The
 * workers array and its contexts are borrowed until kl_pool_finish. */
int kl_pool_new(struct kl_pool **out, size_t nthreads, void *const *workers,
                kl_pool_fn fn);

/* Queue a job (ownership passes to fn).  Blocks while the queue is full. */
int kl_pool_submit(struct kl_pool *p, void *job);

/* Wait until every queued job has run, stop the threads, free the pool. */
void kl_pool_finish(struct kl_pool *p);

#endif
