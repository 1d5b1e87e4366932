/*
 * runner: the worker pool behind every source.  Each worker thread owns a
 * lane (what the source sees), a matcher (engine worker), a read buffer
 * and its own lists of findings and errors, so threads share nothing
 * mutable; the lists are merged when the pool has finished.
 */
#include "runner.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "unpack.h"
#include "decode.h"
#include "pool.h"
#include "text.h"

struct runner;

struct worker {
	struct kl_lane lane; /* first: the source's view of this worker */
	struct runner *r;
	struct kl_worker *match;
	struct kl_buf buf;
	size_t decode_budget; /* decoded bytes left for the current chunk */
	bool budget_hit;
	struct kl_findings findings;
	struct kl_findings dropped; /* --explain: candidates not reported */
	struct kl_errors errors;
	struct kl_counts counts;
};

struct runner {
	struct kl_feed feed; /* first: the source's view of the producer */
	const struct kl_run *run;
	struct kl_unpack_limits archive;
	struct kl_report *rep;
	struct worker *workers;
	size_t nworkers;
	struct kl_pool *pool;
	bool progress;
	uint64_t start_ms, last_ms;
	uint64_t done, total; /* units of produce(), for the progress line */
};

/* How far the current run got: read by the progress line and, through
 * kl_runner_live, by a signal handler (lock-free atomics). */
static _Atomic uint64_t live_files, live_bytes, live_findings;

void kl_runner_live(uint64_t *files, uint64_t *bytes)
{
	*files = atomic_load(&live_files);
	*bytes = atomic_load(&live_bytes);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- the progress line -------------------------------------------------- */

static void draw_progress(struct runner *r, bool final)
{
	uint64_t t = now_ms(), bytes = atomic_load(&live_bytes);
	uint64_t files = atomic_load(&live_files);
	uint64_t found = atomic_load(&live_findings);
	double secs, mib = (double)bytes / 1048576.0, rate, eta = 0;

	if (!r->progress || (!final && t - r->last_ms < 250))
		return;
	/* The last word is main's summary line, counted after duplicates
	 * and ignored findings are gone; the live line makes way for it. */
	if (final) {
		fputs("\r\033[K", stderr);
		return;
	}
	r->last_ms = t;
	secs = (double)(t - r->start_ms) / 1000.0;
	rate = secs > 0 ? mib / secs : 0.0;
	if (!r->total) {
		fprintf(stderr,
		        "\r\033[Kscanned %llu files, %.1f MiB, %.1f MiB/s, "
		        "%llu matches",
		        (unsigned long long)files, mib, rate,
		        (unsigned long long)found);
		return;
	}
	if (r->done && r->done < r->total)
		eta = secs * (double)(r->total - r->done) / (double)r->done;
	fprintf(stderr,
	        "\r\033[Kcommits %llu/%llu, blobs %llu, %.1f MiB, %.1f MiB/s, "
	        "%llu matches, ETA %.0fs",
	        (unsigned long long)r->done, (unsigned long long)r->total,
	        (unsigned long long)files, mib, rate, (unsigned long long)found,
	        eta);
}

static bool progress_wanted(const struct kl_options *o)
{
	if (o->quiet || o->progress == KL_PROGRESS_OFF)
		return false;
	if (o->progress == KL_PROGRESS_ON)
		return true;
	return isatty(STDERR_FILENO);
}

/* ---- the producer's side --------------------------------------------------
 */

static int feed_job(struct kl_feed *f, void *job)
{
	struct runner *r = (struct runner *)f;

	return kl_pool_submit(r->pool, job);
}

static void feed_error(struct kl_feed *f, const char *path, const char *msg)
{
	struct runner *r = (struct runner *)f;

	kl_errors_add(&r->rep->errors, path, msg);
}

static void feed_warning(struct kl_feed *f, const char *msg)
{
	struct runner *r = (struct runner *)f;

	kl_strv_push(&r->rep->warnings, msg);
}

static void feed_progress(struct kl_feed *f, uint64_t done, uint64_t total)
{
	struct runner *r = (struct runner *)f;

	if (total) {
		r->done = done;
		r->total = total;
	}
	draw_progress(r, false);
}

/* ---- a worker's side ------------------------------------------------------
 */

/* Findings of a chunk whose path is final go to the callback at once. */
static int hand_on(struct worker *w, size_t first)
{
	const struct kl_run *run = w->r->run;
	int rc = 0;

	for (size_t i = first; run->on_final && i < w->findings.n && !rc; i++)
		rc = run->on_final(run->ud, &w->findings.v[i]);
	return rc;
}

/* ---- the stages between a chunk and its findings ------------------------ */

/* Match one piece of text and keep what it finds; then match what its
 * encoded runs decode to, depth levels further down. */
static int match_text(struct worker *w, const struct kl_chunk *c,
                      unsigned depth);

struct decoded_ctx {
	struct worker *w;
	unsigned depth;
};

static int on_decoded(void *ud, const struct kl_chunk *d)
{
	struct decoded_ctx *x = ud;

	return match_text(x->w, d, x->depth);
}

/* --explain: each candidate of the last match that the rules dropped,
 * located like a finding, with its verdict. */
static int keep_dropped(struct worker *w, const struct kl_chunk *c,
                        const char *text)
{
	const struct kl_candidate *cand;
	size_t n;
	int rc = 0;

	kl_worker_candidates(w->match, &cand, &n);
	for (size_t i = 0; i < n && !rc; i++) {
		size_t before = w->dropped.n;

		if (cand[i].verdict == KL_VERDICT_KEPT)
			continue;
		rc = kl_findings_add_hits(&w->dropped, w->r->run->rules,
		                          &cand[i].hit, 1, text, &c->origin);
		if (!rc && w->dropped.n > before) {
			w->dropped.v[before].verdict = cand[i].verdict;
			w->dropped.v[before].by_rule = cand[i].by_rule;
		}
	}
	return rc;
}

static int match_text(struct worker *w, const struct kl_chunk *c,
                      unsigned depth)
{
	struct runner *r = w->r;
	const struct kl_hit *hits;
	const char *text;
	size_t nhits;
	struct decoded_ctx x = {w, depth + 1};
	int rc;

	rc = kl_worker_match(w->match, c, &hits, &nhits, &text);
	if (!rc && nhits) {
		atomic_fetch_add(&live_findings, nhits);
		rc = kl_findings_add_hits(&w->findings, r->run->rules, hits,
		                          nhits, text, &c->origin);
	}
	if (!rc && r->run->opts->explain)
		rc = keep_dropped(w, c, text);
	if (!rc && depth < r->run->opts->max_decode_depth)
		rc = kl_decode_chunk(c, &w->decode_budget, &w->budget_hit,
		                     on_decoded, &x);
	return rc;
}

static int scan_nested(struct worker *w, const struct kl_chunk *c,
                       unsigned depth);

struct member_ctx {
	struct worker *w;
	const struct kl_chunk *parent;
	unsigned depth;
	struct kl_buf path, member;
};

/* PARENT!NAME into b (NAME alone when there is no parent). */
static int join(struct kl_buf *b, const char *parent, const char *name)
{
	kl_buf_clear(b);
	if (parent && (kl_buf_puts(b, parent) || kl_buf_putc(b, '!')))
		return KL_ENOMEM;
	return kl_buf_puts(b, name);
}

static int on_member(void *ud, const char *name, const char *data, size_t len)
{
	struct member_ctx *m = ud;
	const struct kl_origin *po = &m->parent->origin;
	struct kl_chunk c = {.data = data, .len = len};
	int rc;

	/* Members are whole files: no added lines, no decoding so far. */
	c.origin.blob = po->blob;
	c.origin.rule_path = name;
	if ((rc = join(&m->member, po->member, name)))
		return rc;
	c.origin.member = m->member.ptr;
	if (po->path) {
		if ((rc = join(&m->path, po->path, name)))
			return rc;
		c.origin.path = m->path.ptr;
	}
	return scan_nested(m->w, &c, m->depth + 1);
}

static void on_too_large(void *ud, const char *name)
{
	struct member_ctx *m = ud;

	(void)name;
	m->w->counts.too_large++;
}

static void on_archive_warning(void *ud, const char *message)
{
	struct member_ctx *m = ud;
	const struct kl_origin *o = &m->parent->origin;

	kl_errors_add(&m->w->errors, o->path ? o->path : o->rule_path, message);
}

/* An archive's members, each scanned like a file; anything else as
 * text unless it is binary. */
static int scan_nested(struct worker *w, const struct kl_chunk *c,
                       unsigned depth)
{
	const struct kl_origin *o = &c->origin;
	const char *name = o->path ? o->path : o->rule_path;
	struct member_ctx m = {w, c, depth, KL_BUF_INIT, KL_BUF_INIT};
	struct kl_unpack_cb cb = {on_member, on_too_large, on_archive_warning,
	                          &m};
	int rc;

	if (depth && depth == w->r->run->opts->max_archive_depth &&
	    kl_unpack_sniff(name, c->data, c->len)) {
		char msg[80];

		snprintf(msg, sizeof(msg),
		         "archive nested deeper than --max-archive-depth "
		         "(%u): not read",
		         depth);
		on_archive_warning(&m, msg);
		return 0;
	}
	if (depth < w->r->run->opts->max_archive_depth &&
	    kl_unpack_sniff(name, c->data, c->len)) {
		rc = kl_unpack_each(name, c->data, c->len, &w->r->archive, &cb);
		kl_buf_free(&m.path);
		kl_buf_free(&m.member);
		return rc;
	}
	/* lane_chunk already knows the top chunk is text. */
	if (depth && kl_text_is_binary(c->data, c->len))
		return 0;
	return match_text(w, c, 0);
}

static int lane_chunk(struct kl_lane *l, const struct kl_chunk *c)
{
	struct worker *w = (struct worker *)l;
	struct runner *r = w->r;
	const char *where =
	    c->origin.path ? c->origin.path : c->origin.rule_path;
	size_t first = w->findings.n;
	int rc;

	if (!(r->run->opts->max_archive_depth &&
	      kl_unpack_sniff(where, c->data, c->len)) &&
	    kl_text_is_binary(c->data, c->len)) {
		w->counts.binary++;
		return 0;
	}
	if (c->origin.path)
		w->counts.files++;
	else
		w->counts.blobs++;
	w->counts.bytes += c->len;
	atomic_fetch_add(&live_files, 1);
	atomic_fetch_add(&live_bytes, c->len);
	/* Decoding may produce at most about as much as the content. */
	w->decode_budget = c->len > (1u << 20) ? c->len : (1u << 20);
	w->budget_hit = false;
	rc = scan_nested(w, c, 0);
	kl_findings_settle_decoded(&w->findings, first);
	if (!rc && c->origin.path)
		rc = hand_on(w, first);
	if (w->budget_hit)
		kl_errors_add(&w->errors, where,
		              "decoding budget reached; the rest of the "
		              "encoded text was not decoded");
	if (rc)
		kl_errors_add(&w->errors, where,
		              "out of memory while scanning");
	return rc;
}

static void lane_error(struct kl_lane *l, const char *path, const char *msg)
{
	struct worker *w = (struct worker *)l;

	kl_errors_add(&w->errors, path, msg);
}

static void lane_skip(struct kl_lane *l, enum kl_skip why)
{
	struct worker *w = (struct worker *)l;

	if (why == KL_SKIP_TOO_LARGE)
		w->counts.too_large++;
	else
		w->counts.ignored++;
}

static void run_job(void *ctx, void *job)
{
	struct worker *w = ctx;
	struct kl_source *src = w->r->run->source;

	src->ops->load(src, &w->lane, job);
	/* Large buffers are not kept around between jobs. */
	if (w->buf.cap > (8u << 20))
		kl_buf_free(&w->buf);
}

/* ---- the run ----------------------------------------------------------------
 */

static int start_workers(struct runner *r, void ***ctx)
{
	const struct kl_run *run = r->run;
	const struct kl_source_ops *ops = run->source->ops;
	size_t n = run->opts->threads ? run->opts->threads : 1;
	int rc = 0;

	if (ops->max_threads && n > ops->max_threads)
		n = ops->max_threads;
	r->workers = calloc(n, sizeof(*r->workers));
	*ctx = calloc(n, sizeof(**ctx));
	if (!r->workers || !*ctx)
		return KL_ENOMEM;
	for (; r->nworkers < n && !rc; r->nworkers++) {
		struct worker *w = &r->workers[r->nworkers];

		w->r = r;
		w->lane.max_file_size = run->max_file_size;
		w->lane.buf = &w->buf;
		/* A file may grow while it is read; the cap holds anyway. */
		w->buf.max = run->max_file_size + 1;
		w->lane.chunk = lane_chunk;
		w->lane.error = lane_error;
		w->lane.skip = lane_skip;
		(*ctx)[r->nworkers] = w;
		if ((rc = kl_worker_new(&w->match, run->engine)))
			break;
		if (ops->thread_new)
			rc = ops->thread_new(run->source, &w->lane.state);
	}
	if (!rc)
		rc = kl_pool_new(&r->pool, n, *ctx, run_job);
	return rc;
}

static void stop_workers(struct runner *r)
{
	const struct kl_source_ops *ops = r->run->source->ops;

	for (size_t i = 0; i < r->nworkers; i++) {
		struct worker *w = &r->workers[i];

		if (ops->thread_free)
			ops->thread_free(r->run->source, w->lane.state);
		kl_worker_free(w->match);
		kl_buf_free(&w->buf);
		kl_findings_free(&w->findings);
		kl_findings_free(&w->dropped);
		kl_errors_free(&w->errors);
	}
	free(r->workers);
}

/* Everything the workers found and counted, into the report. */
static int merge(struct runner *r)
{
	struct kl_report *rep = r->rep;
	struct kl_worker **match =
	    calloc(r->nworkers ? r->nworkers : 1, sizeof(*match));
	int rc = 0;

	if (!match)
		return KL_ENOMEM;
	for (size_t i = 0; i < r->nworkers && !rc; i++) {
		struct worker *w = &r->workers[i];

		match[i] = w->match;
		rep->counts.files += w->counts.files;
		rep->counts.blobs += w->counts.blobs;
		rep->counts.bytes += w->counts.bytes;
		rep->counts.binary += w->counts.binary;
		rep->counts.too_large += w->counts.too_large;
		rep->counts.ignored += w->counts.ignored;
		if (!(rc = kl_findings_move(&rep->findings, &w->findings)) &&
		    !(rc = kl_findings_move(&rep->dropped, &w->dropped)))
			rc = kl_errors_move(&rep->errors, &w->errors);
	}
	if (!rc)
		rc = kl_engine_warnings(r->run->engine, match, r->nworkers,
		                        &rep->warnings);
	free(match);
	return rc;
}

int kl_runner_run(const struct kl_run *run, struct kl_report *rep,
                  struct kl_buf *err)
{
	struct kl_source *src = run->source;
	struct runner r;
	void **ctx = NULL;
	int rc, produced;

	memset(&r, 0, sizeof(r));
	atomic_store(&live_files, 0);
	atomic_store(&live_bytes, 0);
	atomic_store(&live_findings, 0);
	r.run = run;
	r.rep = rep;
	r.feed.opts = run->opts;
	r.feed.config = run->config;
	r.feed.max_file_size = run->max_file_size;
	r.feed.counts = &rep->counts;
	r.feed.job = feed_job;
	r.feed.error = feed_error;
	r.feed.warning = feed_warning;
	r.feed.progress = feed_progress;
	r.progress = progress_wanted(run->opts);
	kl_unpack_limits_init(&r.archive, run->max_file_size);
	r.start_ms = now_ms();
	if ((rc = start_workers(&r, &ctx))) {
		if (r.pool)
			kl_pool_finish(r.pool);
		stop_workers(&r);
		free(ctx);
		kl_buf_puts(err, rc == KL_EREPO ? "cannot open the repository "
		                                  "for a worker thread"
		                                : "out of memory");
		return rc;
	}
	produced = run->recheck
	               ? src->ops->recheck(src, &r.feed, run->recheck, err)
	               : src->ops->produce(src, &r.feed, err);
	kl_pool_finish(r.pool);
	draw_progress(&r, true);
	if (produced == KL_EIO ||
	    (!produced && src->ops->finish && src->ops->finish(src, err))) {
		rep->incomplete = true;
		produced = 0;
	}
	rc = merge(&r);
	stop_workers(&r);
	free(ctx);
	if (produced)
		return produced;
	if (rc && !err->len)
		kl_buf_puts(err, "out of memory");
	return rc;
}
