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
	uint32_t *delta; /* nstates * ncls, premultiplied targets */
	uint32_t
	    *out_start; /* per state: outputs[out_start[s]..out_start[s+1]] */
	uint32_t *outputs; /* pattern ids */
	uint32_t *plen;    /* pattern lengths */
	uint32_t maxlen;   /* longest pattern */
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

/* Work space of the construction. */
struct build {
	struct kl_prefilter *pf;
	size_t nodes;
	uint32_t *trie;      /* trie[node * ncls + class] = child or 0 */
	uint32_t *own_count; /* patterns ending at a node */
	uint32_t *own_head;  /* first of them, or UINT32_MAX */
	uint32_t *own_next;  /* next pattern ending at the same node */
	uint32_t *fail;
	uint32_t *queue; /* BFS order of the nodes after the root */
	size_t nqueue;
};

/* Byte classes: one per distinct keyword byte (letters share theirs
 * across case), class 0 for the rest.  *total: keyword bytes + 1. */
static int byte_classes(struct kl_prefilter *pf, const char *const *patterns,
                        const size_t *lens, size_t n, size_t *total)
{
	*total = 1;
	pf->ncls = 1;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < lens[i]; j++) {
			unsigned char c = (unsigned char)tolower(
			    (unsigned char)patterns[i][j]);

			if (!pf->cls[c]) {
				pf->cls[c] = (uint8_t)pf->ncls++;
				if (pf->ncls > 255)
					return KL_EINVAL;
			}
		}
		*total += lens[i];
	}
	for (int c = 'A'; c <= 'Z'; c++)
		pf->cls[c] = pf->cls[tolower(c)];
	return 0;
}

/* The trie of every pattern, with the patterns that end at each node. */
static int build_trie(struct build *b, const char *const *patterns,
                      const size_t *lens, size_t n, size_t total)
{
	struct kl_prefilter *pf = b->pf;

	b->trie = calloc(total * pf->ncls, sizeof(*b->trie));
	b->own_count = calloc(total, sizeof(*b->own_count));
	b->own_head = malloc(total * sizeof(*b->own_head));
	b->own_next = calloc(n ? n : 1, sizeof(*b->own_next));
	pf->plen = calloc(n ? n : 1, sizeof(*pf->plen));
	if (!b->trie || !b->own_count || !b->own_head || !b->own_next ||
	    !pf->plen)
		return KL_ENOMEM;
	memset(b->own_head, 0xff, total * sizeof(*b->own_head));
	b->nodes = 1;
	for (size_t i = 0; i < n; i++) {
		uint32_t s = 0;

		pf->plen[i] = (uint32_t)lens[i];
		if (pf->plen[i] > pf->maxlen)
			pf->maxlen = pf->plen[i];
		for (size_t j = 0; j < lens[i]; j++) {
			uint32_t c = pf->cls[(unsigned char)patterns[i][j]];
			uint32_t *t = &b->trie[(size_t)s * pf->ncls + c];

			if (!*t)
				*t = (uint32_t)b->nodes++;
			s = *t;
		}
		b->own_next[i] = b->own_head[s];
		b->own_head[s] = (uint32_t)i;
		b->own_count[s]++;
	}
	return 0;
}

/* Failure links in BFS order, completing the trie into a DFA. */
static int link_failures(struct build *b)
{
	uint32_t ncls = b->pf->ncls, *trie = b->trie;
	size_t qh = 0;

	b->fail = calloc(b->nodes, sizeof(*b->fail));
	b->queue = calloc(b->nodes, sizeof(*b->queue));
	if (!b->fail || !b->queue)
		return KL_ENOMEM;
	for (uint32_t c = 0; c < ncls; c++)
		if (trie[c])
			b->queue[b->nqueue++] = trie[c];
	while (qh < b->nqueue) {
		uint32_t s = b->queue[qh++];

		for (uint32_t c = 0; c < ncls; c++) {
			uint32_t *t = &trie[(size_t)s * ncls + c];
			uint32_t f = trie[(size_t)b->fail[s] * ncls + c];

			if (*t) {
				b->fail[*t] = f;
				b->queue[b->nqueue++] = *t;
			} else {
				*t = f;
			}
		}
	}
	return 0;
}

/* The patterns each state reports: its own, then those of its failure
 * chain (shorter suffixes). */
static int collect_outputs(struct build *b)
{
	struct kl_prefilter *pf = b->pf;
	uint32_t *counts = calloc(b->nodes + 1, sizeof(*counts));

	if (!counts)
		return KL_ENOMEM;
	/* BFS order has computed a state's failure state's count first. */
	counts[0] = b->own_count[0];
	for (size_t q = 0; q < b->nqueue; q++) {
		uint32_t s = b->queue[q];

		counts[s] = b->own_count[s] + counts[b->fail[s]];
	}
	pf->out_start = calloc(b->nodes + 1, sizeof(*pf->out_start));
	if (pf->out_start)
		for (size_t i = 0; i < b->nodes; i++)
			pf->out_start[i + 1] = pf->out_start[i] + counts[i];
	free(counts);
	if (!pf->out_start ||
	    !(pf->outputs =
	          calloc(pf->out_start[b->nodes] ? pf->out_start[b->nodes] : 1,
	                 sizeof(*pf->outputs))))
		return KL_ENOMEM;
	for (size_t i = 0; i < b->nodes; i++) {
		uint32_t w = pf->out_start[i], s = (uint32_t)i;

		for (;;) {
			for (uint32_t p = b->own_head[s]; p != UINT32_MAX;
			     p = b->own_next[p])
				pf->outputs[w++] = p;
			if (s == 0)
				break;
			s = b->fail[s];
		}
	}
	return 0;
}

/* The final table: premultiplied targets with the output flag. */
static int final_table(struct build *b)
{
	struct kl_prefilter *pf = b->pf;
	size_t n = b->nodes * pf->ncls;

	pf->nstates = (uint32_t)b->nodes;
	if (!(pf->delta = malloc(n * sizeof(*pf->delta))))
		return KL_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		uint32_t t = b->trie[i];

		pf->delta[i] =
		    t * pf->ncls |
		    (pf->out_start[t + 1] > pf->out_start[t] ? OUT_FLAG : 0);
	}
	return 0;
}

int kl_prefilter_new(struct kl_prefilter **out, const char *const *patterns,
                     const size_t *lens, size_t n)
{
	struct build b;
	size_t total;
	int rc;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	if (!(b.pf = calloc(1, sizeof(*b.pf))))
		return KL_ENOMEM;
	if (!(rc = byte_classes(b.pf, patterns, lens, n, &total)) &&
	    !(rc = build_trie(&b, patterns, lens, n, total)) &&
	    !(rc = link_failures(&b)) && !(rc = collect_outputs(&b)))
		rc = final_table(&b);
	free(b.trie);
	free(b.fail);
	free(b.queue);
	free(b.own_count);
	free(b.own_head);
	free(b.own_next);
	if (rc) {
		kl_prefilter_free(b.pf);
		return rc;
	}
	*out = b.pf;
	return 0;
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
#define NSTREAM     4
#define CHUNK       (64 * 1024)
#define STREAM_HITS 1024

struct buffered {
	uint32_t pat;
	uint32_t end; /* offset in the chunk */
};

/* One 64 KiB chunk as NSTREAM parts: for each, where it starts reading
 * (from), where its reports start (rep) and where it ends (to). */
struct parts {
	size_t from[NSTREAM], rep[NSTREAM], to[NSTREAM];
	size_t common; /* bytes every stream has */
	uint32_t st[NSTREAM];
	struct buffered buf[NSTREAM][STREAM_HITS];
	size_t nbuf[NSTREAM];
	bool overflow;
};

/* Buffer the outputs of state s (flag cleared) seen at pos by stream k. */
static void buffer_hits(const struct kl_prefilter *pf, struct parts *pt, int k,
                        uint32_t s, size_t pos, size_t base)
{
	if (pos < pt->rep[k])
		return;
	for (uint32_t o = pf->out_start[s / pf->ncls];
	     o < pf->out_start[s / pf->ncls + 1]; o++) {
		if (pt->nbuf[k] == STREAM_HITS) {
			pt->overflow = true;
			return;
		}
		pt->buf[k][pt->nbuf[k]].pat = pf->outputs[o];
		pt->buf[k][pt->nbuf[k]++].end = (uint32_t)(pos - base + 1);
	}
}

/* The interleaved part: all streams advance together, with the states in
 * registers and one branch for all four. */
static void run_interleaved(const struct kl_prefilter *pf,
                            const unsigned char *p, struct parts *pt,
                            size_t base)
{
	const uint32_t *delta = pf->delta;
	const uint8_t *cls = pf->cls;
	const unsigned char *p0 = p + pt->from[0], *p1 = p + pt->from[1],
	                    *p2 = p + pt->from[2], *p3 = p + pt->from[3];
	size_t common = pt->common; /* a local: the loop must not reload it */
	uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;

	for (size_t n = 0; n < common; n++) {
		s0 = delta[s0 + cls[p0[n]]];
		s1 = delta[s1 + cls[p1[n]]];
		s2 = delta[s2 + cls[p2[n]]];
		s3 = delta[s3 + cls[p3[n]]];
		if (__builtin_expect(((s0 | s1 | s2 | s3) & OUT_FLAG) != 0,
		                     0)) {
			uint32_t sv[NSTREAM] = {s0, s1, s2, s3};

			for (int k = 0; k < NSTREAM && !pt->overflow; k++) {
				if (!(sv[k] & OUT_FLAG))
					continue;
				sv[k] &= ~OUT_FLAG;
				buffer_hits(pf, pt, k, sv[k], pt->from[k] + n,
				            base);
			}
			if (pt->overflow)
				return;
			s0 = sv[0] & ~OUT_FLAG;
			s1 = sv[1] & ~OUT_FLAG;
			s2 = sv[2] & ~OUT_FLAG;
			s3 = sv[3] & ~OUT_FLAG;
		}
	}
	pt->st[0] = s0;
	pt->st[1] = s1;
	pt->st[2] = s2;
	pt->st[3] = s3;
}

/* The tails of the streams longer than the common part. */
static void run_tails(const struct kl_prefilter *pf, const unsigned char *p,
                      struct parts *pt, size_t base)
{
	for (int k = 0; k < NSTREAM && !pt->overflow; k++) {
		uint32_t s = pt->st[k];

		for (size_t pos = pt->from[k] + pt->common;
		     pos < pt->to[k] && !pt->overflow; pos++) {
			s = pf->delta[s + pf->cls[p[pos]]];
			if (!(s & OUT_FLAG))
				continue;
			s &= ~OUT_FLAG;
			buffer_hits(pf, pt, k, s, pos, base);
		}
	}
}

int kl_prefilter_scan(const struct kl_prefilter *pf, const char *data,
                      size_t len, kl_prefilter_hit_fn hit, void *ud)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t preroll = pf->maxlen ? pf->maxlen - 1 : 0;
	struct parts pt;
	int rc;

	if (len < 1024 || !pf->maxlen)
		return scan_simple(pf, data, 0, len, 0, hit, ud);
	for (size_t base = 0; base < len; base += CHUNK) {
		size_t clen = len - base < CHUNK ? len - base : CHUNK;
		size_t seg = clen / NSTREAM;

		pt.common = SIZE_MAX;
		pt.overflow = false;
		for (int k = 0; k < NSTREAM; k++) {
			pt.rep[k] = base + (size_t)k * seg;
			pt.to[k] =
			    k == NSTREAM - 1 ? base + clen : pt.rep[k] + seg;
			pt.from[k] =
			    pt.rep[k] > preroll ? pt.rep[k] - preroll : 0;
			pt.nbuf[k] = 0;
			if (pt.to[k] - pt.from[k] < pt.common)
				pt.common = pt.to[k] - pt.from[k];
		}
		run_interleaved(pf, p, &pt, base);
		run_tails(pf, p, &pt, base);
		if (pt.overflow) {
			/* Dense hits: this chunk again, one stream, direct. */
			size_t f = base > preroll ? base - preroll : 0;

			if ((rc = scan_simple(pf, data, f, base + clen, base,
			                      hit, ud)))
				return rc;
			continue;
		}
		for (int k = 0; k < NSTREAM; k++) {
			for (size_t h = 0; h < pt.nbuf[k]; h++) {
				uint32_t pat = pt.buf[k][h].pat;

				rc = hit(ud, pat,
				         base + pt.buf[k][h].end -
				             pf->plen[pat]);
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}
