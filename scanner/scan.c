/*
 * scan: source -> chunks -> match -> findings -> report.
 *
 *   kl_scan_new   the source for the command, then what it holds: the
 *                 config (.keylint.json), the rules, the ignore file and
 *                 the baseline, and the matching engine;
 *   kl_scan_run   the runner reads and matches every chunk on the worker
 *                 threads; findings of blobs get their paths and commits
 *                 from the source's ledger (attribute.h); every finding
 *                 goes through the one finish step (finish.h), as it is
 *                 made when streaming JSON Lines, and for the whole list.
 */
#include "scan.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "attribute.h"
#include "blobstate.h"
#include "config.h"
#include "engine.h"
#include "finish.h"
#include "gitleaks.h"
#include "history.h"
#include "ignore.h"
#include "map.h"
#include "runner.h"
#include "staged.h"
#include "stdin.h"
#include "worktree.h"

#define SIDE_FILE_MAX    (16u << 20)
#define PACKAGE_JSON_MAX (4u << 20)

struct kl_scan {
	const struct kl_options *opts;
	struct kl_source *source;
	struct kl_config config;
	struct kl_ruleset *rules;
	struct kl_ignore *ignore;
	struct kl_gitleaksignore gitleaks; /* .gitleaksignore, if any */
	struct kl_engine *engine;
	uint64_t max_file_size;
	struct kl_report report;
	/* JSON Lines outputs get findings as they are made. */
	struct kl_report_out *stream;
	struct kl_finish *stream_fin;
	pthread_mutex_t stream_lock;
	struct kl_buf stream_err;
	int stream_rc;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- preparing ------------------------------------------------------------
 */

static int open_source(struct kl_scan *s, struct kl_buf *err)
{
	const struct kl_options *o = s->opts;

	switch (o->mode) {
	case KL_MODE_HISTORY:
		return kl_history_new(&s->source, o, err);
	case KL_MODE_STAGED:
		return kl_staged_new(&s->source, o, err);
	default:
		return o->use_stdin ? kl_stdin_new(&s->source, o)
		                    : kl_worktree_new(&s->source, o);
	}
}

/* A side file (.keylint.json, .keylintignore) of what is scanned:
 * KL_ENOTFOUND when there is none. */
static int side_file(struct kl_scan *s, const char *name, struct kl_buf *data,
                     struct kl_buf *origin, struct kl_buf *err)
{
	int rc = s->source->ops->read_file(s->source, name, SIDE_FILE_MAX, data,
	                                   err);

	if (rc)
		return rc;
	return kl_source_origin(s->source, name, origin);
}

static int load_config(struct kl_scan *s, struct kl_buf *err)
{
	struct kl_buf data = KL_BUF_INIT, origin = KL_BUF_INIT;
	int rc;

	if (s->opts->config && kl_gitleaks_is_config(s->opts->config))
		return kl_gitleaks_load_config(&s->config, s->opts->config,
		                               &s->report.warnings, err);
	if (s->opts->config)
		return kl_config_load_file(&s->config, s->opts->config, false,
		                           err);
	rc = side_file(s, ".keylint.json", &data, &origin, err);
	if (!rc)
		rc = kl_config_load_buffer(&s->config, origin.ptr,
		                           data.ptr ? data.ptr : "", data.len,
		                           err);
	kl_buf_free(&data);
	kl_buf_free(&origin);
	return rc == KL_ENOTFOUND ? 0 : rc;
}

/* A team moving over from gitleaks keeps the findings it had accepted. */
static int load_gitleaksignore(struct kl_scan *s, struct kl_buf *err)
{
	struct kl_buf data = KL_BUF_INIT, origin = KL_BUF_INIT;
	int rc = side_file(s, ".gitleaksignore", &data, &origin, err);

	if (!rc)
		rc = kl_gitleaksignore_load_buffer(
		    &s->gitleaks, origin.ptr, data.ptr ? data.ptr : "",
		    data.len, &s->report.warnings);
	kl_buf_free(&data);
	kl_buf_free(&origin);
	return rc == KL_ENOTFOUND ? 0 : rc;
}

static int load_ignore(struct kl_scan *s, struct kl_buf *err)
{
	struct kl_buf data = KL_BUF_INIT, origin = KL_BUF_INIT;
	int rc;

	if ((rc = kl_ignore_new(&s->ignore)))
		return rc;
	rc = side_file(s, ".keylintignore", &data, &origin, err);
	if (!rc)
		rc = kl_ignore_load_buffer(s->ignore, origin.ptr,
		                           data.ptr ? data.ptr : "", data.len,
		                           err);
	kl_buf_free(&data);
	kl_buf_free(&origin);
	if (rc && rc != KL_ENOTFOUND)
		return rc;
	if ((rc = load_gitleaksignore(s, err)))
		return rc;
	if (s->opts->baseline)
		return kl_ignore_load_baseline(s->ignore, s->opts->baseline,
		                               err);
	return 0;
}

int kl_scan_new(struct kl_scan **out, const struct kl_options *opts,
                struct kl_buf *err)
{
	struct kl_scan *s = calloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	if (!s)
		return KL_ENOMEM;
	s->opts = opts;
	s->report.mode = opts->mode;
	s->report.show_secrets = opts->show_secrets;
	s->report.explain = opts->explain;
	if (!(rc = open_source(s, err)) && !(rc = load_config(s, err)) &&
	    !(rc = kl_config_build_rules(&s->config, opts, &s->rules, err)) &&
	    !(rc = load_ignore(s, err)) &&
	    !(rc = kl_ignore_check_rules(s->ignore, s->rules,
	                                 &s->report.warnings)))
		rc = kl_engine_new(&s->engine, s->rules, &s->config,
		                   opts->whole_match);
	if (!rc)
		kl_engine_record(s->engine, opts->explain);
	if (rc) {
		if (rc == KL_ENOMEM && !err->len)
			kl_buf_puts(err, "out of memory");
		kl_scan_free(s);
		return rc;
	}
	s->max_file_size = KL_DEFAULT_MAX_FILE_SIZE;
	if (s->config.has_max_file_size)
		s->max_file_size = s->config.max_file_size;
	if (opts->max_file_size_set)
		s->max_file_size = opts->max_file_size;
	s->report.rules = s->rules;
	/* History's paths are in commits, not on disk. */
	if (opts->mode != KL_MODE_HISTORY)
		s->report.view = s->source->view;
	*out = s;
	return 0;
}

const struct kl_report *kl_scan_report(const struct kl_scan *s)
{
	return &s->report;
}

/* ---- streaming JSON Lines -------------------------------------------------
 */

/* package.json files for client-side checks, from the source. */
static int read_package(void *ud, const char *relpath, struct kl_buf *out)
{
	struct kl_scan *s = ud;
	struct kl_buf ignored = KL_BUF_INIT;
	int rc = s->source->ops->read_file(s->source, relpath, PACKAGE_JSON_MAX,
	                                   out, &ignored);

	kl_buf_free(&ignored);
	return rc;
}

/* Called from worker threads: finish the finding and write its line, under
 * one lock.  A write error is kept and reported when the scan ends. */
static int stream_finding(void *ud, struct kl_finding *f)
{
	struct kl_scan *s = ud;
	bool keep = false;

	pthread_mutex_lock(&s->stream_lock);
	if (!s->stream_rc)
		s->stream_rc = kl_finish_one(s->stream_fin, f, &keep);
	if (!s->stream_rc && keep)
		s->stream_rc = kl_report_out_finding(s->stream, &s->report, f,
		                                     &s->stream_err);
	pthread_mutex_unlock(&s->stream_lock);
	return 0;
}

static int start_stream(struct kl_scan *s, struct kl_report_out *out)
{
	int rc = kl_finish_new(&s->stream_fin, &s->config, s->ignore,
	                       read_package, s);

	if (rc)
		return rc;
	kl_finish_gitleaksignore(s->stream_fin, &s->gitleaks);
	pthread_mutex_init(&s->stream_lock, NULL);
	s->stream = out;
	s->report.streamed = true;
	return 0;
}

/* Stop streaming; 0 or the first write error. */
static int stop_stream(struct kl_scan *s, struct kl_buf *err)
{
	int rc = s->stream_rc;

	s->stream = NULL;
	kl_finish_free(s->stream_fin);
	s->stream_fin = NULL;
	pthread_mutex_destroy(&s->stream_lock);
	if (rc && !err->len)
		kl_buf_puts(err, s->stream_err.ptr ? s->stream_err.ptr
		                                   : "cannot write the report");
	return rc;
}

/* ---- running ----------------------------------------------------------------
 */

static int set_targets(struct kl_report *rep, const struct kl_options *o)
{
	int rc = 0;

	if (o->use_stdin)
		rc = kl_strv_push(&rep->targets, "-");
	else if (!o->ntargets)
		rc = kl_strv_push(&rep->targets, ".");
	for (size_t i = 0; !rc && i < o->ntargets; i++)
		rc = kl_strv_push(&rep->targets, o->targets[i]);
	for (size_t i = 0; !rc && i < o->nrevs; i++)
		rc = kl_strv_push(&rep->targets, o->revs[i]);
	return rc;
}

/* Blob findings -> findings at paths, with commits (history). */
static int attribute(struct kl_scan *s)
{
	const struct kl_ledger *l = s->source->ops->ledger(s->source);
	struct kl_findings blobs = s->report.findings;
	int rc;

	memset(&s->report.findings, 0, sizeof(s->report.findings));
	rc = s->opts->blobstate ? kl_blobstate_found(s->opts->blobstate, &blobs,
	                                             &s->report.errors)
	                        : 0;
	if (!rc)
		rc = kl_attribute(l, &blobs, &s->report.findings);
	kl_findings_free(&blobs);
	if (!rc && s->report.dropped.n) {
		blobs = s->report.dropped;
		memset(&s->report.dropped, 0, sizeof(s->report.dropped));
		rc = kl_attribute(l, &blobs, &s->report.dropped);
		kl_findings_free(&blobs);
	}
	for (size_t i = 0; !rc && s->stream && i < s->report.findings.n; i++)
		rc = stream_finding(s, &s->report.findings.v[i]);
	return rc;
}

/* The source's second round (a history range's excluded side, HEAD's
 * tree), for the secrets the first round found, each once. */
static int recheck(struct kl_scan *s, struct kl_run *run, struct kl_buf *err)
{
	const struct kl_findings *fs = &s->report.findings;
	const char **v = calloc(fs->n, sizeof(*v));
	size_t *len = calloc(fs->n, sizeof(*len));
	struct kl_secrets secrets = {v, len, 0};
	struct kl_map *seen = NULL;
	int rc = v && len ? kl_map_new(&seen) : KL_ENOMEM;

	for (size_t i = 0; !rc && i < fs->n; i++) {
		const struct kl_finding *f = &fs->v[i];
		int put = kl_map_put(seen, f->secret_hash, 40, 0, NULL);

		if (put < 0)
			rc = put;
		else if (put == 1 && f->secret_len) {
			v[secrets.n] = f->secret;
			len[secrets.n++] = f->secret_len;
		}
	}
	if (!rc && secrets.n) {
		run->recheck = &secrets;
		rc = kl_runner_run(run, &s->report, err);
		run->recheck = NULL;
	}
	kl_map_free(seen);
	free(v);
	free(len);
	return rc;
}

/* Whether the scan covered everything the ignore file and baseline can
 * name, so that an entry that matched nothing is stale rather than about
 * something not scanned this time. */
static bool whole_scan(const struct kl_scan *s)
{
	const struct kl_options *o = s->opts;

	if (o->mode == KL_MODE_HISTORY)
		return !o->nrevs;
	return o->mode == KL_MODE_SCAN && s->source->whole;
}

static int finish(struct kl_scan *s)
{
	struct kl_finish *fin = NULL;
	int rc = kl_finish_new(&fin, &s->config, s->ignore, read_package, s);

	if (!rc) {
		kl_finish_gitleaksignore(fin, &s->gitleaks);
		if (s->opts->explain)
			kl_finish_explain(fin, &s->report.dropped);
		rc = kl_finish_all(fin, &s->report.findings);
	}
	kl_finish_free(fin);
	kl_errors_sort(&s->report.errors);
	if (!rc)
		rc = kl_reuse_build(&s->report.findings, &s->report.reuse);
	if (!rc && whole_scan(s))
		rc = kl_ignore_report_stale(s->ignore, &s->report.warnings);
	s->report.gated =
	    kl_finish_gated(&s->report.findings, s->opts->min_severity);
	return rc;
}

int kl_scan_run(struct kl_scan *s, struct kl_report_out *out,
                struct kl_buf *err)
{
	struct kl_run run = {s->source, s->engine,  s->rules,
	                     s->opts,   &s->config, s->max_file_size,
	                     NULL,      s,          NULL};
	uint64_t t0 = now_ms();
	int rc;

	if ((rc = set_targets(&s->report, s->opts)))
		return rc;
	if (kl_report_out_streams(out)) {
		if ((rc = start_stream(s, out)))
			return rc;
		run.on_final = stream_finding;
	}
	rc = kl_runner_run(&run, &s->report, err);
	if (!rc && !s->report.incomplete && s->source->ops->recheck &&
	    s->report.findings.n)
		rc = recheck(s, &run, err);
	if (!rc && s->source->ops->ledger)
		rc = attribute(s);
	if (!rc)
		rc = finish(s);
	s->report.duration_ms = now_ms() - t0;
	if (s->stream) {
		int src = stop_stream(s, err);

		if (src && !rc)
			rc = KL_EIO;
	}
	if (rc == KL_ENOMEM && !err->len)
		kl_buf_puts(err, "out of memory");
	if (!rc && s->report.incomplete)
		rc = KL_EIO;
	return rc;
}

void kl_scan_free(struct kl_scan *s)
{
	if (!s)
		return;
	if (s->stream) {
		struct kl_buf ignored = KL_BUF_INIT;

		stop_stream(s, &ignored);
		kl_buf_free(&ignored);
	}
	kl_buf_free(&s->stream_err);
	kl_report_release(&s->report);
	kl_engine_free(s->engine);
	kl_ignore_free(s->ignore);
	kl_gitleaksignore_free(&s->gitleaks);
	kl_rules_free(s->rules);
	kl_config_release(&s->config);
	kl_source_free(s->source);
	free(s);
}
