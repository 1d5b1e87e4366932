/*
 * scan: options -> engine -> source on a worker pool -> report.  The work
 * tree and stdin sources are glued here; history and staged have their own
 * modules because they need a repository for the whole run.  Everything
 * that makes two runs print the same bytes (sorting, de-duplication) and
 * everything that drops findings after matching (ignore file, baseline)
 * happens in kl_scan_finish_findings, once, for every mode.
 */
#include "scan.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clientside.h"
#include "history.h"
#include "pool.h"
#include "report.h"
#include "staged.h"
#include "text.h"
#include "worktree.h"

struct kl_scan {
	const struct kl_options *opts;
	struct kl_engine eng;
	bool eng_ready;
	struct kl_report report;
	char *root; /* scan mode: where config and relative paths start */
	struct kl_history *history;
	struct kl_staged *staged;
	/* --format jsonl: findings are written as they are confirmed. */
	struct kl_report_stream *stream;
	struct kl_clientside *stream_cs;
	pthread_mutex_t stream_lock;
	struct kl_buf stream_err;
	int stream_rc;
};

void kl_options_init(struct kl_options *o)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(o, 0, sizeof(*o));
	o->threads = n > 0 ? (unsigned)n : 1;
	o->max_file_size = KL_DEFAULT_MAX_FILE_SIZE;
	o->min_severity = KL_SEV_LOW;
	o->exit_code = 1;
	o->progress = KL_PROGRESS_AUTO;
	o->color = -1;
	o->stdin_name = "stdin";
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static bool progress_enabled(const struct kl_options *o)
{
	if (o->quiet || o->progress == KL_PROGRESS_OFF)
		return false;
	if (o->progress == KL_PROGRESS_ON)
		return true;
	return isatty(STDERR_FILENO);
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int kl_scan_new(struct kl_scan **out, const struct kl_options *opts,
		struct kl_buf *err)
{
	struct kl_scan *s = calloc(1, sizeof(*s));
	struct kl_buf cfg = KL_BUF_INIT, ign = KL_BUF_INIT;
	int rc = 0;

	*out = NULL;
	if (!s)
		return KL_ENOMEM;
	s->opts = opts;
	s->report.mode = opts->mode;
	s->report.show_secrets = opts->show_secrets;
	switch (opts->mode) {
	case KL_MODE_SCAN:
		if (!opts->use_stdin && opts->ntargets == 1 &&
		    is_dir(opts->targets[0]))
			s->root = strdup(opts->targets[0]);
		else
			s->root = strdup(".");
		if (!s->root) {
			rc = KL_ENOMEM;
			break;
		}
		rc = kl_engine_init(&s->eng, opts, s->root, err);
		break;
	case KL_MODE_HISTORY:
		rc = kl_history_open(&s->history, opts, err);
		if (!rc)
			rc = kl_history_setup_file(s->history, ".keylint.json",
						   &cfg);
		if (rc == KL_ENOTFOUND)
			rc = 0;
		if (!rc && (rc = kl_history_setup_file(
				    s->history, ".keylintignore", &ign)) ==
				   KL_ENOTFOUND)
			rc = 0;
		if (!rc)
			rc = kl_engine_init_with(
				&s->eng, opts, ".keylint.json", cfg.ptr,
				cfg.len, ".keylintignore", ign.ptr, ign.len,
				err);
		break;
	case KL_MODE_STAGED:
		rc = kl_staged_open(&s->staged, opts, err);
		if (!rc && (rc = kl_staged_setup_file(
				    s->staged, ".keylint.json", &cfg)) ==
				   KL_ENOTFOUND)
			rc = 0;
		if (!rc && (rc = kl_staged_setup_file(
				    s->staged, ".keylintignore", &ign)) ==
				   KL_ENOTFOUND)
			rc = 0;
		if (!rc)
			rc = kl_engine_init_with(
				&s->eng, opts, ".keylint.json", cfg.ptr,
				cfg.len, ".keylintignore", ign.ptr, ign.len,
				err);
		break;
	}
	kl_buf_free(&cfg);
	kl_buf_free(&ign);
	s->eng_ready = rc == 0;
	if (rc) {
		if (rc == KL_ENOMEM && !err->len)
			kl_buf_puts(err, "out of memory");
		kl_scan_free(s);
		return rc;
	}
	s->report.rules = s->eng.rules;
	*out = s;
	return 0;
}

struct kl_engine *kl_scan_engine(struct kl_scan *s)
{
	return &s->eng;
}

const struct kl_report *kl_scan_report(const struct kl_scan *s)
{
	return &s->report;
}

/* Close the JSON Lines stream (kept or discarded) and what serves it. */
static int stop_stream(struct kl_scan *s, bool keep)
{
	int rc = kl_report_stream_close(s->stream, keep, &s->stream_err);

	s->stream = NULL;
	kl_clientside_free(s->stream_cs);
	s->stream_cs = NULL;
	pthread_mutex_destroy(&s->stream_lock);
	return rc;
}

void kl_scan_free(struct kl_scan *s)
{
	if (!s)
		return;
	kl_findings_free(&s->report.findings);
	kl_errors_free(&s->report.errors);
	for (size_t i = 0; i < s->report.ntargets; i++)
		free(s->report.targets[i]);
	free(s->report.targets);
	kl_history_free(s->history);
	kl_staged_free(s->staged);
	if (s->stream) {
		kl_buf_clear(&s->stream_err);
		stop_stream(s, false);
	}
	kl_buf_free(&s->stream_err);
	kl_engine_release(&s->eng);
	free(s->root);
	free(s);
}

/* ---- work tree ---------------------------------------------------------- */

struct file_job {
	char *fspath;
	char *relpath;
};

struct wt_run {
	struct kl_engine *eng;
	struct kl_pool *pool;
	struct kl_worker *workers;
	struct kl_errors walk_errors;
	bool progress;
	uint64_t start_ms, last_ms;
};

static void scan_file(void *worker, void *job)
{
	struct kl_worker *w = worker;
	struct file_job *j = job;
	int err = 0;
	size_t first;
	enum kl_read_result r;

	r = kl_worktree_read(j->fspath, w->eng->max_file_size, &w->buf, &err);
	switch (r) {
	case KL_READ_TOO_LARGE:
		w->counts.too_large++;
		break;
	case KL_READ_NOT_REGULAR:
		kl_errors_add(&w->errors, j->relpath,
			      "not a regular file, skipped");
		break;
	case KL_READ_ERROR:
		kl_errors_add(&w->errors, j->relpath,
			      err == EACCES ? "permission denied"
			      : err == ENOENT
				      ? "file vanished while scanning"
				      : strerror(err));
		break;
	case KL_READ_OK:
		if (kl_text_is_binary(w->buf.ptr ? w->buf.ptr : "",
				      w->buf.len)) {
			w->counts.binary++;
			break;
		}
		w->counts.files++;
		w->counts.bytes += w->buf.len;
		atomic_fetch_add(&w->eng->live_files, 1);
		atomic_fetch_add(&w->eng->live_bytes, w->buf.len);
		first = w->findings.n;
		if (kl_engine_scan(w, w->buf.ptr ? w->buf.ptr : "", w->buf.len,
				   j->relpath, NULL) ||
		    kl_engine_emit(w->eng, &w->findings, first))
			kl_errors_add(&w->errors, j->relpath,
				      "out of memory while scanning");
		break;
	}
	/* Large buffers are not kept around between files. */
	if (w->buf.cap > (8u << 20))
		kl_buf_free(&w->buf);
	free(j->fspath);
	free(j->relpath);
	free(j);
}

static void wt_progress(struct wt_run *run, bool final)
{
	uint64_t t = now_ms();
	char line[160];
	double secs;
	uint64_t bytes;

	if (!run->progress || (!final && t - run->last_ms < 200))
		return;
	run->last_ms = t;
	secs = (double)(t - run->start_ms) / 1000.0;
	bytes = atomic_load(&run->eng->live_bytes);
	snprintf(line, sizeof(line),
		 "scanned %llu files, %.1f MiB, %.1f MiB/s, %llu findings",
		 (unsigned long long)atomic_load(&run->eng->live_files),
		 (double)bytes / 1048576.0,
		 secs > 0 ? (double)bytes / 1048576.0 / secs : 0.0,
		 (unsigned long long)atomic_load(&run->eng->live_findings));
	fprintf(stderr, "\r\033[K%s%s", line, final ? "\n" : "");
}

static int wt_file(void *ud, char *fspath, char *relpath)
{
	struct wt_run *run = ud;
	struct file_job *j = malloc(sizeof(*j));

	if (!j) {
		free(fspath);
		free(relpath);
		return KL_ENOMEM;
	}
	j->fspath = fspath;
	j->relpath = relpath;
	wt_progress(run, false);
	return kl_pool_submit(run->pool, j);
}

static void wt_error(void *ud, const char *relpath, const char *message)
{
	struct wt_run *run = ud;

	kl_errors_add(&run->walk_errors, relpath, message);
}

static void wt_warning(void *ud, const char *message)
{
	struct wt_run *run = ud;

	if (!run->eng->opts->quiet)
		fprintf(stderr, "keylint: warning: %s\n", message);
}

/* Package.json reader for client-side checks in scan mode. */
static int read_from_root(void *ud, const char *relpath, struct kl_buf *out)
{
	const struct kl_scan *s = ud;
	struct kl_buf path = KL_BUF_INIT;
	enum kl_read_result r;
	int err;

	if (kl_buf_printf(&path, "%s/%s", s->root, relpath))
		return KL_ENOMEM;
	r = kl_worktree_read(path.ptr, 4u << 20, out, &err);
	kl_buf_free(&path);
	return r == KL_READ_OK ? 0 : KL_ENOTFOUND;
}

static int merge_workers(struct kl_report *rep, struct kl_worker *workers,
			 size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		struct kl_worker *w = &workers[i];

		rep->counts.files += w->counts.files;
		rep->counts.commits += w->counts.commits;
		rep->counts.blobs += w->counts.blobs;
		rep->counts.bytes += w->counts.bytes;
		rep->counts.binary += w->counts.binary;
		rep->counts.too_large += w->counts.too_large;
		rep->counts.ignored += w->counts.ignored;
		if (!rc)
			rc = kl_findings_move(&rep->findings, &w->findings);
		if (!rc)
			rc = kl_errors_move(&rep->errors, &w->errors);
	}
	return rc;
}

static int run_worktree(struct kl_scan *s, struct kl_buf *err)
{
	const struct kl_options *o = s->opts;
	char *dot[] = {(char *)"."};
	struct kl_worktree_opts wo = {
		o->ntargets ? o->targets : dot,
		o->ntargets ? o->ntargets : 1,
		!o->no_git_ignore,
		&s->eng.config.allow,
		false,
	};
	struct wt_run run = {&s->eng, NULL, NULL, KL_ERRORS_INIT, false, 0, 0};
	struct kl_worktree_cb cb = {wt_file, wt_error, wt_warning, &run};
	struct kl_worktree_stats stats = {0};
	size_t nthreads = o->threads ? o->threads : 1, started = 0;
	void **ctx = NULL;
	int rc = KL_ENOMEM;

	wo.relative_to_target = wo.ntargets == 1 && is_dir(wo.targets[0]);
	run.progress = progress_enabled(o);
	run.start_ms = now_ms();
	run.workers = calloc(nthreads, sizeof(*run.workers));
	ctx = calloc(nthreads, sizeof(*ctx));
	if (!run.workers || !ctx)
		goto done;
	for (; started < nthreads; started++) {
		if ((rc = kl_worker_init(&run.workers[started], &s->eng)))
			goto done;
		ctx[started] = &run.workers[started];
	}
	if ((rc = kl_pool_new(&run.pool, nthreads, ctx, scan_file)))
		goto done;
	rc = kl_worktree_walk(&wo, &cb, &stats);
	kl_pool_finish(run.pool);
	run.pool = NULL;
	wt_progress(&run, true);
	kl_engine_report_limits(&s->eng, run.workers, nthreads, o->quiet);
	s->report.counts.ignored += stats.ignored;
	if (!rc)
		rc = merge_workers(&s->report, run.workers, nthreads);
	if (!rc)
		rc = kl_errors_move(&s->report.errors, &run.walk_errors);
	/* Nothing could be read at all: every target failed. */
	if (!rc && !s->report.counts.files && !s->report.counts.binary &&
	    !s->report.counts.too_large && s->report.errors.n &&
	    s->report.errors.n >= wo.ntargets) {
		bool all_targets = true;

		for (size_t t = 0; t < wo.ntargets && all_targets; t++) {
			bool found = false;

			for (size_t e = 0; e < s->report.errors.n; e++)
				found |= strcmp(s->report.errors.v[e].path,
						wo.targets[t]) == 0;
			all_targets = found;
		}
		if (all_targets) {
			s->report.incomplete = true;
			kl_buf_printf(err, "nothing could be read: %s: %s",
				      s->report.errors.v[0].path,
				      s->report.errors.v[0].message);
		}
	}
done:
	if (run.pool)
		kl_pool_finish(run.pool);
	if (run.workers)
		for (size_t i = 0; i < started; i++)
			kl_worker_release(&run.workers[i]);
	free(run.workers);
	free(ctx);
	kl_errors_free(&run.walk_errors);
	return rc;
}

static int run_stdin(struct kl_scan *s, struct kl_buf *err)
{
	struct kl_worker w;
	int rc;

	if ((rc = kl_worker_init(&w, &s->eng)))
		return rc;
	rc = kl_buf_read_fd(&w.buf, STDIN_FILENO, s->eng.max_file_size);
	if (rc == KL_ETOOBIG) {
		w.counts.too_large++;
		rc = 0;
	} else if (rc) {
		kl_buf_printf(err, "cannot read standard input: %s",
			      strerror(errno));
		s->report.incomplete = true;
		rc = KL_EIO;
	} else if (kl_text_is_binary(w.buf.ptr ? w.buf.ptr : "", w.buf.len)) {
		w.counts.binary++;
	} else {
		w.counts.files++;
		w.counts.bytes += w.buf.len;
		rc = kl_engine_scan(&w, w.buf.ptr ? w.buf.ptr : "", w.buf.len,
				    s->opts->stdin_name, NULL);
		if (!rc)
			rc = kl_engine_emit(&s->eng, &w.findings, 0);
	}
	kl_engine_report_limits(&s->eng, &w, 1, s->opts->quiet);
	if (!rc)
		rc = merge_workers(&s->report, &w, 1);
	kl_worker_release(&w);
	return rc;
}

/* ---- post-processing ---------------------------------------------------- */

static bool keep_not_ignored(const struct kl_finding *f, void *ud)
{
	const struct kl_engine *eng = ud;

	return !kl_ignore_matches(eng->ignore, f->rule->id, f->path, f->digest);
}

int kl_scan_finish_findings(struct kl_engine *eng, struct kl_report *rep,
			    int (*read)(void *ud, const char *relpath,
					struct kl_buf *out),
			    void *ud)
{
	struct kl_clientside *cs = NULL;
	int rc;

	/* A streamed report classified each finding as it was emitted. */
	if (!rep->streamed) {
		if ((rc = kl_clientside_new(&cs, &eng->config, read, ud)))
			return rc;
		for (size_t i = 0; i < rep->findings.n && !rc; i++)
			rc = kl_clientside_classify(cs, &rep->findings.v[i]);
		kl_clientside_free(cs);
		if (rc)
			return rc;
	}
	kl_findings_filter(&rep->findings, keep_not_ignored, eng);
	kl_findings_sort(&rep->findings);
	kl_findings_dedupe(&rep->findings);
	kl_errors_sort(&rep->errors);
	rep->gated = 0;
	for (size_t i = 0; i < rep->findings.n; i++)
		if (rep->findings.v[i].severity >= eng->opts->min_severity)
			rep->gated++;
	return 0;
}

static int set_targets(struct kl_report *rep, const struct kl_options *o)
{
	size_t n = o->ntargets + o->nrevs, k = 0;

	if (!n && o->mode == KL_MODE_SCAN && o->use_stdin)
		n = 1;
	rep->targets = calloc(n ? n : 1, sizeof(*rep->targets));
	if (!rep->targets)
		return KL_ENOMEM;
	if (o->use_stdin) {
		rep->targets[k++] = strdup("-");
	} else if (!o->ntargets) {
		rep->targets[k++] = strdup(".");
	} else {
		for (size_t i = 0; i < o->ntargets; i++)
			rep->targets[k++] = strdup(o->targets[i]);
	}
	for (size_t i = 0; i < o->nrevs; i++)
		rep->targets[k++] = strdup(o->revs[i]);
	rep->ntargets = k;
	for (size_t i = 0; i < k; i++)
		if (!rep->targets[i])
			return KL_ENOMEM;
	return 0;
}

/* The emit callback for JSON Lines: classify, drop what is ignored or in
 * the baseline, and write the line, under one lock.  A write error is
 * kept and reported when the stream closes. */
static int emit_jsonl(void *ud, struct kl_finding *f)
{
	struct kl_scan *s = ud;

	pthread_mutex_lock(&s->stream_lock);
	if (!s->stream_rc)
		s->stream_rc = kl_clientside_classify(s->stream_cs, f);
	if (!s->stream_rc &&
	    !kl_ignore_matches(s->eng.ignore, f->rule->id, f->path, f->digest))
		s->stream_rc = kl_report_stream_finding(s->stream, &s->report,
							f, &s->stream_err);
	pthread_mutex_unlock(&s->stream_lock);
	return 0;
}

typedef int (*read_fn)(void *ud, const char *relpath, struct kl_buf *out);

/* Where client-side classification reads project files (package.json)
 * from: the scanned folder, the tip of history, or the index. */
static read_fn source_reader(struct kl_scan *s, void **ud)
{
	switch (s->opts->mode) {
	case KL_MODE_HISTORY:
		*ud = s->history;
		return kl_history_read_file;
	case KL_MODE_STAGED:
		*ud = s->staged;
		return kl_staged_read_file;
	default:
		*ud = s;
		return read_from_root;
	}
}

static int start_stream(struct kl_scan *s, struct kl_buf *err)
{
	void *ud;
	read_fn read = source_reader(s, &ud);
	int rc;

	if ((rc = kl_report_stream_open(&s->stream, s->opts, err)) ||
	    (rc = kl_clientside_new(&s->stream_cs, &s->eng.config, read, ud)))
		return rc;
	pthread_mutex_init(&s->stream_lock, NULL);
	s->eng.emit = emit_jsonl;
	s->eng.emit_ud = s;
	s->report.streamed = true;
	return 0;
}

int kl_scan_run(struct kl_scan *s, struct kl_buf *err)
{
	uint64_t t0 = now_ms();
	int rc;

	if ((rc = set_targets(&s->report, s->opts)))
		return rc;
	if (s->opts->format == KL_FORMAT_JSONL && (rc = start_stream(s, err)))
		return rc;
	switch (s->opts->mode) {
	case KL_MODE_SCAN:
		rc = s->opts->use_stdin ? run_stdin(s, err)
					: run_worktree(s, err);
		break;
	case KL_MODE_HISTORY:
		rc = kl_history_run(s->history, &s->eng, &s->report, err);
		break;
	case KL_MODE_STAGED:
		rc = kl_staged_run(s->staged, &s->eng, &s->report, err);
		break;
	}
	if (!rc) {
		void *ud;
		read_fn read = source_reader(s, &ud);

		rc = kl_scan_finish_findings(&s->eng, &s->report, read, ud);
	}
	s->report.duration_ms = now_ms() - t0;
	if (s->stream) {
		int src = s->stream_rc;

		if (stop_stream(s, !rc || s->report.incomplete) && !src)
			src = KL_EIO;
		if (src && !rc) {
			kl_buf_puts(err, s->stream_err.ptr ? s->stream_err.ptr
							   : "cannot write the report");
			rc = KL_EIO;
		}
	}
	if (rc == KL_ENOMEM && !err->len)
		kl_buf_puts(err, "out of memory");
	if (!rc && s->report.incomplete)
		rc = KL_EIO;
	return rc;
}

/* ---- rules --check ------------------------------------------------------ */

static uint64_t seed_for(const char *id, size_t idx)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (const char *p = id; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h ^ (idx * 0x9E3779B97F4A7C15ull);
}

/* Does rule r find something in text at path, on this matcher? */
static int example_found(struct kl_engine *eng, struct kl_matcher *m,
			 uint32_t r, const char *text, size_t len,
			 const char *path, bool *found)
{
	uint8_t *mask = calloc(eng->rules->nrules, 1);
	const struct kl_hit *hits;
	size_t n;
	int rc;

	*found = false;
	if (!mask)
		return KL_ENOMEM;
	/* The rule alone, so that the generic-yields-to-specific step does
	 * not hide what the rule itself would find. */
	mask[r] = kl_engine_path_keeps(eng, &eng->rules->rules[r], path);
	rc = kl_matcher_scan(m, text, len, mask, &hits, &n);
	for (size_t i = 0; !rc && i < n; i++)
		if (hits[i].rule == r)
			*found = true;
	free(mask);
	return rc;
}

size_t kl_scan_check_rules(struct kl_engine *eng, struct kl_buf *out)
{
	struct kl_matcher *mw = NULL, *mf = NULL;
	struct kl_matcher_opts ow = {&eng->config.allow, false};
	struct kl_matcher_opts of = {&eng->config.allow, true};
	struct kl_buf text = KL_BUF_INIT, msg = KL_BUF_INIT;
	size_t failures = 0;

	if (kl_matcher_new(&mw, eng->rules, &ow) ||
	    kl_matcher_new(&mf, eng->rules, &of)) {
		kl_buf_puts(out, "out of memory\n");
		failures = 1;
		goto done;
	}
	for (uint32_t r = 0; r < eng->rules->nrules; r++) {
		const struct kl_rule *rule = &eng->rules->rules[r];

		if (rule->disabled)
			continue;
		for (int pos = 1; pos >= 0; pos--) {
			const struct kl_example *ex =
				pos ? rule->positive : rule->negative;
			size_t n = pos ? rule->npositive : rule->nnegative;

			for (size_t i = 0; i < n; i++) {
				const char *path =
					ex[i].path ? ex[i].path : "example";
				bool fw = false, ff = false;

				kl_buf_clear(&text);
				kl_buf_clear(&msg);
				if (kl_rules_expand_example(
					    &text, ex[i].text,
					    seed_for(rule->id, i + (pos ? 0 : 1000)),
					    &msg)) {
					kl_buf_printf(out,
						      "%s: rule \"%s\": %s "
						      "example %zu: %s\n",
						      rule->origin, rule->id,
						      pos ? "positive"
							  : "negative",
						      i + 1, msg.ptr);
					failures++;
					continue;
				}
				if (example_found(eng, mw, r,
						  text.ptr ? text.ptr : "",
						  text.len, path, &fw) ||
				    example_found(eng, mf, r,
						  text.ptr ? text.ptr : "",
						  text.len, path, &ff)) {
					kl_buf_puts(out, "out of memory\n");
					failures++;
					goto done;
				}
				if (pos && fw && ff)
					continue;
				if (!pos && !fw && !ff)
					continue;
				failures++;
				kl_buf_printf(out,
					      "%s: rule \"%s\": %s example %zu "
					      "%s: ",
					      rule->origin, rule->id,
					      pos ? "positive" : "negative",
					      i + 1,
					      pos ? "not found" : "matched");
				kl_buf_clear(&msg);
				kl_text_escape_terminal(&msg, ex[i].text,
							strlen(ex[i].text));
				kl_buf_printf(out, "%s%s\n", msg.ptr ? msg.ptr : "",
					      fw != ff ? " (windowed and whole "
							 "matching disagree)"
						       : "");
			}
		}
	}
done:
	kl_matcher_free(mw);
	kl_matcher_free(mf);
	kl_buf_free(&text);
	kl_buf_free(&msg);
	return failures;
}
