/*
 * prefilter: Aho-Corasick keyword search compiled to a dense DFA.  Bytes are
 * first mapped to equivalence classes (every byte that appears in no
 * keyword shares class 0, and letters share a class with their other case),
 * which keeps the transition table small enough to stay in cache.  States
 * are stored premultiplied by the class count, and states that end a
 * keyword carry a flag bit, so the loop does no multiply and no extra load.
 */
#include "prefilter.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define OUT_FLAG 0x80000000u

struct kl_prefilter {
	uint8_t cls[256];
	uint32_t ncls;
	uint32_t nstates;
	uint32_t *delta;    /* nstates * ncls, premultiplied targets */
	uint32_t *out_start; /* per state: outputs[out_start[s]..out_start[s+1]] */
	uint32_t *outputs;  /* pattern ids */
	uint32_t *plen;     /* pattern lengths */
};

size_t kl_prefilter_states(const struct kl_prefilter *pf)
{
	return pf ? pf->nstates : 0;
}

void kl_prefilter_free(struct kl_prefilter *pf)
{
	if (!pf)
		return;
	free(pf->delta);
	free(pf->out_start);
	free(pf->outputs);
	free(pf->plen);
	free(pf);
}

int kl_prefilter_new(struct kl_prefilter **out, const char *const *patterns,
		     const size_t *lens, size_t n)
{
	struct kl_prefilter *pf = NULL;
	uint32_t *trie = NULL, *fail = NULL, *queue = NULL;
	uint32_t *own_count = NULL, *own_list = NULL, *own_next = NULL;
	size_t total = 1, nodes = 1, i, j;
	uint32_t *counts = NULL;
	int rc = KL_ENOMEM;

	*out = NULL;
	pf = calloc(1, sizeof(*pf));
	if (!pf)
		goto done;
	/* Byte classes. */
	pf->ncls = 1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < lens[i]; j++) {
			unsigned char c =
				(unsigned char)tolower((unsigned char)patterns[i][j]);

			if (!pf->cls[c]) {
				pf->cls[c] = (uint8_t)pf->ncls++;
				if (pf->ncls > 255) {
					rc = KL_EINVAL;
					goto done;
				}
			}
		}
		total += lens[i];
	}
	for (i = 'A'; i <= 'Z'; i++)
		pf->cls[i] = pf->cls[tolower((int)i)];

	/* Trie, as a dense table: trie[node * ncls + class] = child or 0. */
	trie = calloc(total * pf->ncls, sizeof(*trie));
	own_count = calloc(total, sizeof(*own_count));
	/* Patterns ending at a node, as singly linked lists. */
	own_list = calloc(n ? n : 1, sizeof(*own_list));
	own_next = calloc(n ? n : 1, sizeof(*own_next));
	pf->plen = calloc(n ? n : 1, sizeof(*pf->plen));
	if (!trie || !own_count || !own_list || !own_next || !pf->plen)
		goto done;
	{
		uint32_t *head = calloc(total, sizeof(*head));

		if (!head)
			goto done;
		for (i = 0; i < total; i++)
			head[i] = UINT32_MAX;
		for (i = 0; i < n; i++) {
			uint32_t s = 0;

			pf->plen[i] = (uint32_t)lens[i];
			for (j = 0; j < lens[i]; j++) {
				uint32_t c = pf->cls[(unsigned char)patterns[i][j]];
				uint32_t *t = &trie[(size_t)s * pf->ncls + c];

				if (!*t)
					*t = (uint32_t)nodes++;
				s = *t;
			}
			own_next[i] = head[s];
			head[s] = (uint32_t)i;
			own_count[s]++;
		}
		/* Reuse own_list as "first pattern of node"; keep head. */
		free(own_list);
		own_list = head;
	}

	/* BFS: failure links, DFA completion, output sets. */
	fail = calloc(nodes, sizeof(*fail));
	queue = calloc(nodes, sizeof(*queue));
	counts = calloc(nodes + 1, sizeof(*counts));
	if (!fail || !queue || !counts)
		goto done;
	{
		size_t qh = 0, qt = 0;
		uint32_t c;

		for (c = 0; c < pf->ncls; c++) {
			uint32_t t = trie[c];

			if (t) {
				fail[t] = 0;
				queue[qt++] = t;
			}
		}
		while (qh < qt) {
			uint32_t s = queue[qh++];

			for (c = 0; c < pf->ncls; c++) {
				uint32_t *t = &trie[(size_t)s * pf->ncls + c];
				uint32_t f = trie[(size_t)fail[s] * pf->ncls + c];

				if (*t) {
					fail[*t] = f;
					queue[qt++] = *t;
				} else {
					*t = f;
				}
			}
		}
		/* Output count of a state: its own patterns plus its failure
		 * state's, which BFS order has already computed. */
		counts[0] = own_count[0];
		for (qh = 0; qh < qt; qh++) {
			uint32_t s = queue[qh];

			counts[s] = own_count[s] + counts[fail[s]];
		}
		pf->out_start = calloc(nodes + 1, sizeof(*pf->out_start));
		if (!pf->out_start)
			goto done;
		for (i = 0; i < nodes; i++)
			pf->out_start[i + 1] = pf->out_start[i] + counts[i];
		pf->outputs = calloc(pf->out_start[nodes] ? pf->out_start[nodes]
							  : 1,
				     sizeof(*pf->outputs));
		if (!pf->outputs)
			goto done;
		for (i = 0; i < nodes; i++) {
			uint32_t w = pf->out_start[i];
			uint32_t s = (uint32_t)i;

			/* Walk the failure chain: own patterns first, then
			 * shorter suffixes. */
			for (;;) {
				for (uint32_t p = own_list[s]; p != UINT32_MAX;
				     p = own_next[p])
					pf->outputs[w++] = p;
				if (s == 0)
					break;
				s = fail[s];
			}
		}
	}

	/* Final table: premultiplied targets with the output flag. */
	pf->nstates = (uint32_t)nodes;
	pf->delta = malloc(nodes * pf->ncls * sizeof(*pf->delta));
	if (!pf->delta)
		goto done;
	for (i = 0; i < nodes * pf->ncls; i++) {
		uint32_t t = trie[i];

		pf->delta[i] = t * pf->ncls |
			       (pf->out_start[t + 1] > pf->out_start[t]
					? OUT_FLAG
					: 0);
	}
	*out = pf;
	pf = NULL;
	rc = 0;
done:
	free(trie);
	free(fail);
	free(queue);
	free(counts);
	free(own_count);
	free(own_list);
	free(own_next);
	kl_prefilter_free(pf);
	return rc;
}

int kl_prefilter_scan(const struct kl_prefilter *pf, const char *data,
		      size_t len, kl_prefilter_hit_fn hit, void *ud)
{
	const unsigned char *p = (const unsigned char *)data;
	const uint32_t *delta = pf->delta;
	const uint8_t *cls = pf->cls;
	uint32_t s = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		s = delta[s + cls[p[i]]];
		if (__builtin_expect((s & OUT_FLAG) != 0, 0)) {
			uint32_t st;

			s &= ~OUT_FLAG;
			st = s / pf->ncls;
			for (uint32_t o = pf->out_start[st];
			     o < pf->out_start[st + 1]; o++) {
				uint32_t pat = pf->outputs[o];
				int rc = hit(ud, pat, i + 1 - pf->plen[pat]);

				if (rc)
					return rc;
			}
		}
	}
	return 0;
}
