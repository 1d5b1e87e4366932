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
#include <stdbool.h>
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
	uint32_t maxlen;    /* longest pattern */
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
			if (pf->plen[i] > pf->maxlen)
				pf->maxlen = pf->plen[i];
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

/* One stream over data[from, to), reporting hits that end at or after
 * `report_from`.  Used for short content and as the fallback. */
static int scan_simple(const struct kl_prefilter *pf, const char *data,
		       size_t from, size_t to, size_t report_from,
		       kl_prefilter_hit_fn hit, void *ud)
{
	const unsigned char *p = (const unsigned char *)data;
	const uint32_t *delta = pf->delta;
	const uint8_t *cls = pf->cls;
	uint32_t s = 0;

	for (size_t i = from; i < to; i++) {
		s = delta[s + cls[p[i]]];
		if (__builtin_expect((s & OUT_FLAG) != 0, 0)) {
			uint32_t st;

			s &= ~OUT_FLAG;
			if (i < report_from)
				continue;
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

/*
 * The automaton is latency-bound: each byte's table load depends on the
 * previous one.  Running NSTREAM independent streams over four parts of
 * a chunk in one loop lets the CPU overlap those loads.  Each part after
 * the first starts maxlen-1 bytes early (so a keyword crossing the
 * boundary is still seen) and reports only hits ending inside it; hits
 * are buffered per part and handed out in order, so callers see exactly
 * what one stream would report.
 */
#define NSTREAM 4
#define CHUNK (64 * 1024)
#define STREAM_HITS 1024

struct buffered {
	uint32_t pat;
	uint32_t end; /* offset in the chunk */
};

int kl_prefilter_scan(const struct kl_prefilter *pf, const char *data,
		      size_t len, kl_prefilter_hit_fn hit, void *ud)
{
	const unsigned char *p = (const unsigned char *)data;
	const uint32_t *delta = pf->delta;
	const uint8_t *cls = pf->cls;
	size_t preroll = pf->maxlen ? pf->maxlen - 1 : 0;
	struct buffered buf[NSTREAM][STREAM_HITS];
	size_t nbuf[NSTREAM];

	if (len < 1024 || !pf->maxlen)
		return scan_simple(pf, data, 0, len, 0, hit, ud);
	for (size_t base = 0; base < len; base += CHUNK) {
		size_t clen = len - base < CHUNK ? len - base : CHUNK;
		size_t seg = clen / NSTREAM, from[NSTREAM], to[NSTREAM],
		       rep[NSTREAM], i[NSTREAM], common = SIZE_MAX;
		uint32_t st[NSTREAM] = {0};
		bool overflow = false;
		int rc;

		for (int k = 0; k < NSTREAM; k++) {
			rep[k] = base + (size_t)k * seg;
			to[k] = k == NSTREAM - 1 ? base + clen : rep[k] + seg;
			from[k] = rep[k] > preroll ? rep[k] - preroll : 0;
			i[k] = from[k];
			nbuf[k] = 0;
			if (to[k] - from[k] < common)
				common = to[k] - from[k];
		}
		/* The interleaved part: all streams advance together, with the
		 * states in registers and one branch for all four. */
		{
			const unsigned char *p0 = p + i[0], *p1 = p + i[1],
					    *p2 = p + i[2], *p3 = p + i[3];
			uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;

			for (size_t n = 0; n < common && !overflow; n++) {
				s0 = delta[s0 + cls[p0[n]]];
				s1 = delta[s1 + cls[p1[n]]];
				s2 = delta[s2 + cls[p2[n]]];
				s3 = delta[s3 + cls[p3[n]]];
				if (__builtin_expect(
					    ((s0 | s1 | s2 | s3) & OUT_FLAG) != 0,
					    0)) {
					uint32_t sv[NSTREAM] = {s0, s1, s2, s3};

					for (int k = 0; k < NSTREAM; k++) {
						size_t pos = i[k] + n;
						uint32_t x;

						if (!(sv[k] & OUT_FLAG))
							continue;
						sv[k] &= ~OUT_FLAG;
						if (pos < rep[k])
							continue;
						x = sv[k] / pf->ncls;
						for (uint32_t o = pf->out_start[x];
						     o < pf->out_start[x + 1]; o++) {
							if (nbuf[k] == STREAM_HITS) {
								overflow = true;
								break;
							}
							buf[k][nbuf[k]].pat =
								pf->outputs[o];
							buf[k][nbuf[k]++].end =
								(uint32_t)(pos -
									   base +
									   1);
						}
					}
					s0 = sv[0];
					s1 = sv[1];
					s2 = sv[2];
					s3 = sv[3];
				}
			}
			st[0] = s0;
			st[1] = s1;
			st[2] = s2;
			st[3] = s3;
		}
		/* Tails of the longer streams. */
		for (int k = 0; k < NSTREAM && !overflow; k++) {
			uint32_t s = st[k];

			for (size_t pos = i[k] + common; pos < to[k]; pos++) {
				s = delta[s + cls[p[pos]]];
				if (!(s & OUT_FLAG))
					continue;
				s &= ~OUT_FLAG;
				if (pos < rep[k])
					continue;
				for (uint32_t o = pf->out_start[s / pf->ncls];
				     o < pf->out_start[s / pf->ncls + 1]; o++) {
					if (nbuf[k] == STREAM_HITS) {
						overflow = true;
						break;
					}
					buf[k][nbuf[k]].pat = pf->outputs[o];
					buf[k][nbuf[k]++].end =
						(uint32_t)(pos - base + 1);
				}
				if (overflow)
					break;
			}
		}
		if (overflow) {
			/* Dense hits: this chunk again, one stream, direct. */
			size_t f = base > preroll ? base - preroll : 0;

			if ((rc = scan_simple(pf, data, f, base + clen, base, hit,
					      ud)))
				return rc;
			continue;
		}
		for (int k = 0; k < NSTREAM; k++) {
			for (size_t h = 0; h < nbuf[k]; h++) {
				uint32_t pat = buf[k][h].pat;

				rc = hit(ud, pat,
					 base + buf[k][h].end - pf->plen[pat]);
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}
