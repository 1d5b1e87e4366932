/*
 * prefilter_hs: the keyword prefilter (scanner/core/prefilter.c) against
 * Vectorscan's literal matcher on the same keywords and the same bytes,
 * one thread, in turns, medians.  Every occurrence of every keyword is
 * reported by both (case-insensitive, overlapping), and the counts must
 * agree.  Not part of the build (Vectorscan is not a dependency):
 *
 *   cc -O2 -std=c11 -D_DEFAULT_SOURCE -Iscanner/core bench/prefilter_hs.c \
 *      build/libkeylint_core.a $(pkg-config --cflags --libs libhs) \
 *      -o /tmp/prefilter_hs
 *   /tmp/prefilter_hs KEYWORDS RUNS CORPUS...
 *
 * A CORPUS is a list of files, one a line (each file is one buffer), or,
 * named `-batch:FILE`, the output of `git cat-file --batch` (each blob is
 * one buffer).  Everything is read into memory before timing.
 */
#include <hs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "prefilter.h"

struct bufs {
	char **v;
	size_t *len, n, alloc, bytes;
};

static void add(struct bufs *b, char *p, size_t len)
{
	if (b->n == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 1024;
		b->v = realloc(b->v, b->alloc * sizeof(*b->v));
		b->len = realloc(b->len, b->alloc * sizeof(*b->len));
		if (!b->v || !b->len)
			exit(2);
	}
	b->v[b->n] = p;
	b->len[b->n++] = len;
	b->bytes += len;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 65536;
			if (!(p = realloc(p, cap)))
				exit(2);
		}
		r = fread(p + n, 1, cap - n, f);
		n += r;
	} while (r);
	fclose(f);
	*len = n;
	return p;
}

static void load_list(struct bufs *b, const char *list)
{
	size_t n;
	char *text = slurp(list, &n), *line, *save = NULL;

	if (!text)
		exit(2);
	text = realloc(text, n + 1);
	text[n] = 0;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t len;
		char *p = slurp(line, &len);

		if (p)
			add(b, p, len);
	}
}

static void load_batch(struct bufs *b, const char *path)
{
	size_t n, i = 0;
	char *s = slurp(path, &n);

	while (s && i < n) {
		char *nl = memchr(s + i, '\n', n - i), head[128], type[16];
		unsigned long long size;
		size_t hl = nl ? (size_t)(nl - (s + i)) : 0;

		/* sscanf on the whole buffer would measure it each time. */
		if (!nl || hl >= sizeof(head))
			break;
		memcpy(head, s + i, hl);
		head[hl] = 0;
		if (sscanf(head, "%*40s %15s %llu", type, &size) != 2)
			break;
		i = (size_t)(nl - s) + 1;
		if (size > n - i)
			break;
		add(b, s + i, (size_t)size);
		i += (size_t)size + 1;
	}
}

static int on_kl(void *ud, uint32_t pattern, size_t start)
{
	(void)pattern;
	(void)start;
	++*(uint64_t *)ud;
	return 0;
}

static int on_hs(unsigned int id, unsigned long long from,
                 unsigned long long to, unsigned int flags, void *ud)
{
	(void)id;
	(void)from;
	(void)to;
	(void)flags;
	++*(uint64_t *)ud;
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct kl_prefilter *pf = NULL;
	hs_database_t *db = NULL;
	hs_scratch_t *scratch = NULL;
	hs_compile_error_t *cerr = NULL;
	char *kwtext, *save = NULL, *line;
	const char **kw = NULL;
	size_t *kwlen = NULL, nkw = 0, n;
	unsigned *flags, *ids;
	int runs;

	if (argc < 4)
		return 2;
	runs = atoi(argv[2]);
	kwtext = slurp(argv[1], &n);
	kwtext = realloc(kwtext, n + 1);
	kwtext[n] = 0;
	for (line = strtok_r(kwtext, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		kw = realloc(kw, (nkw + 1) * sizeof(*kw));
		kwlen = realloc(kwlen, (nkw + 1) * sizeof(*kwlen));
		kw[nkw] = line;
		kwlen[nkw++] = strlen(line);
	}
	flags = calloc(nkw, sizeof(*flags));
	ids = calloc(nkw, sizeof(*ids));
	for (size_t i = 0; i < nkw; i++) {
		flags[i] = HS_FLAG_CASELESS;
		ids[i] = (unsigned)i;
	}
	if (kl_prefilter_new(&pf, kw, kwlen, nkw) ||
	    hs_compile_lit_multi(kw, flags, ids, kwlen, (unsigned)nkw,
	                         HS_MODE_BLOCK, NULL, &db,
	                         &cerr) != HS_SUCCESS ||
	    hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
		fprintf(stderr, "cannot build: %s\n",
		        cerr ? cerr->message : "");
		return 2;
	}
	printf("%zu keywords\n", nkw);
	for (int c = 3; c < argc; c++) {
		struct bufs b = {0};
		double *tk = calloc((size_t)runs, sizeof(double));
		double *th = calloc((size_t)runs, sizeof(double));
		uint64_t hk = 0, hh = 0;

		if (!strncmp(argv[c], "-batch:", 7))
			load_batch(&b, argv[c] + 7);
		else
			load_list(&b, argv[c]);
		for (int r = 0; r < runs + 1; r++) {
			double t0 = now(), t1, t2;

			hk = hh = 0;
			for (size_t i = 0; i < b.n; i++)
				kl_prefilter_scan(pf, b.v[i], b.len[i], on_kl,
				                  &hk);
			t1 = now();
			for (size_t i = 0; i < b.n; i++)
				hs_scan(db, b.v[i], (unsigned)b.len[i], 0,
				        scratch, on_hs, &hh);
			t2 = now();
			if (r) {
				tk[r - 1] = t1 - t0;
				th[r - 1] = t2 - t1;
			}
		}
		qsort(tk, (size_t)runs, sizeof(double), cmp_d);
		qsort(th, (size_t)runs, sizeof(double), cmp_d);
		printf("%s: %zu buffers, %.1f MiB\n", argv[c], b.n,
		       (double)b.bytes / 1048576.0);
		printf("  core/prefilter.c: median %.3f s (%.0f MiB/s), %llu "
		       "hits\n",
		       tk[runs / 2], (double)b.bytes / 1048576.0 / tk[runs / 2],
		       (unsigned long long)hk);
		printf("  vectorscan:       median %.3f s (%.0f MiB/s), %llu "
		       "hits\n",
		       th[runs / 2], (double)b.bytes / 1048576.0 / th[runs / 2],
		       (unsigned long long)hh);
	}
	return 0;
}
