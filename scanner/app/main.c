/*
 * main: the keylint command.  It parses arguments, runs the command,
 * prints the report, the errors and warnings for people, and maps the
 * outcome to the exit codes of the README: 0 clean, 1 findings (or
 * --exit-code), 2 usage/config/rule error, 3 the scan could not complete
 * and found nothing.  It is the only place that decides an exit code; the
 * runner draws the progress line.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <git2.h>
#include <pcre2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "auditreport.h"
#include "check.h"
#include "cli.h"
#include "config.h"
#include "gitleaks.h"
#include "report.h"
#include "report_json.h"
#include "report_text.h"
#include "runner.h"
#include "scan.h"
#include "state.h"
#include "text.h"

enum {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_USAGE = 2,
	EXIT_INCOMPLETE = 3,
};

/* "keylint: PREFIX MESSAGE", escaped: messages may quote file names, which
 * must not drive the terminal. */
static void say(const char *prefix, const char *msg)
{
	struct kl_buf safe = KL_BUF_INIT;

	kl_text_escape_terminal(&safe, msg, strlen(msg));
	fprintf(stderr, "keylint: %s%s\n", prefix, safe.ptr ? safe.ptr : msg);
	kl_buf_free(&safe);
}

static void error_line(const struct kl_buf *err, const char *fallback)
{
	say("", err->len ? err->ptr : fallback);
}

static int cmd_version(void)
{
	PCRE2_UCHAR pcre[64] = "";
	int maj = 0, min = 0, rev = 0;

	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	git_libgit2_version(&maj, &min, &rev);
	printf("keylint %s (pcre2 %s, libgit2 %d.%d.%d, cjson %s)\n",
	       KEYLINT_VERSION, (const char *)pcre, maj, min, rev,
	       cJSON_Version());
	return EXIT_CLEAN;
}

static cJSON *rule_json(const struct kl_rule *r)
{
	cJSON *o = cJSON_CreateObject(), *kw, *tags;

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "id", r->id);
	kl_report_json_add_bytes(o, "description", r->description,
	                         strlen(r->description));
	cJSON_AddStringToObject(o, "severity", kl_severity_name(r->severity));
	kl_report_json_add_bytes(o, "regex", r->regex, strlen(r->regex));
	kw = cJSON_AddArrayToObject(o, "keywords");
	for (size_t k = 0; kw && k < r->keywords.n; k++)
		cJSON_AddItemToArray(kw, cJSON_CreateString(r->keywords.v[k]));
	tags = cJSON_AddArrayToObject(o, "tags");
	for (size_t k = 0; tags && k < r->tags.n; k++)
		cJSON_AddItemToArray(tags, cJSON_CreateString(r->tags.v[k]));
	cJSON_AddStringToObject(o, "origin", r->origin);
	return o;
}

static int cmp_rule_id(const void *a, const void *b)
{
	return strcmp((*(const struct kl_rule *const *)a)->id,
	              (*(const struct kl_rule *const *)b)->id);
}

/* The enabled rules, sorted by id. */
static const struct kl_rule **sorted_rules(const struct kl_ruleset *rs,
                                           size_t *n)
{
	const struct kl_rule **v = malloc((rs->nrules + 1) * sizeof(*v));

	*n = 0;
	for (size_t i = 0; v && i < rs->nrules; i++)
		if (!rs->rules[i].disabled)
			v[(*n)++] = &rs->rules[i];
	if (v)
		qsort(v, *n, sizeof(*v), cmp_rule_id);
	return v;
}

static int list_rules(const struct kl_ruleset *rs, enum kl_format format)
{
	struct kl_buf out = KL_BUF_INIT;
	size_t n;
	const struct kl_rule **v = sorted_rules(rs, &n);
	cJSON *arr;
	char *s;

	if (!v)
		return EXIT_USAGE;
	if (format == KL_FORMAT_JSON) {
		arr = cJSON_CreateArray();
		for (size_t i = 0; arr && i < n; i++)
			cJSON_AddItemToArray(arr, rule_json(v[i]));
		s = arr ? cJSON_Print(arr) : NULL;
		cJSON_Delete(arr);
		free(v);
		if (!s)
			return EXIT_USAGE;
		printf("%s\n", s);
		cJSON_free(s);
		return EXIT_CLEAN;
	}
	for (size_t i = 0; i < n; i++) {
		kl_buf_clear(&out);
		kl_text_escape_terminal(&out, v[i]->description,
		                        strlen(v[i]->description));
		printf("%-44s %-8s %s\n", v[i]->id,
		       kl_severity_name(v[i]->severity),
		       out.ptr ? out.ptr : "");
	}
	printf("%zu rule%s\n", n, n == 1 ? "" : "s");
	free(v);
	kl_buf_free(&out);
	return EXIT_CLEAN;
}

/* rules --check: compile every regex, then run every example. */
static int check_rules(struct kl_ruleset *rs, const struct kl_config *cfg)
{
	struct kl_buf err = KL_BUF_INIT, out = KL_BUF_INIT;
	size_t failures, examples = 0;
	int code = EXIT_USAGE;

	/* Built-in regexes are compiled on first use; a check compiles and
	 * validates all of them now. */
	if (kl_rules_compile_all(rs, &err)) {
		error_line(&err, "cannot compile rules");
		goto done;
	}
	failures = kl_check_rules(rs, cfg, &out);
	for (size_t i = 0; i < rs->nrules; i++)
		if (!rs->rules[i].disabled)
			examples +=
			    rs->rules[i].positive.n + rs->rules[i].negative.n;
	if (out.len)
		fputs(out.ptr, stderr);
	printf("checked %zu rule%s and %zu example%s: %zu failure%s\n",
	       rs->nenabled, rs->nenabled == 1 ? "" : "s", examples,
	       examples == 1 ? "" : "s", failures, failures == 1 ? "" : "s");
	code = failures ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	kl_buf_free(&err);
	kl_buf_free(&out);
	return code;
}

/* Write text to path, which must not exist yet: an import never replaces
 * a config someone wrote by hand. */
static int write_new_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wx");
	int ok;

	if (!f) {
		fprintf(stderr, "keylint: cannot write %s: %s%s\n", path,
		        strerror(errno),
		        errno == EEXIST ? " (keylint does not replace it; "
		                          "write elsewhere and merge)"
		                        : "");
		return EXIT_INCOMPLETE;
	}
	ok = fputs(text, f) >= 0;
	ok = fclose(f) == 0 && ok;
	if (!ok) {
		fprintf(stderr, "keylint: cannot write %s: %s\n", path,
		        strerror(errno));
		remove(path);
		return EXIT_INCOMPLETE;
	}
	return EXIT_CLEAN;
}

/* config import FILE [-o OUT]: a gitleaks config as .keylint.json. */
static int cmd_config(struct kl_cli *cli)
{
	const char *in = cli->positional[0];
	const char *out = cli->opts.noutputs ? cli->opts.outputs[0].path : NULL;
	struct kl_buf err = KL_BUF_INIT;
	struct kl_strv lost = KL_STRV_INIT;
	cJSON *conf = NULL;
	char *json = NULL;
	int code = EXIT_USAGE;

	if (kl_gitleaks_import_file(in, &conf, &lost, &err)) {
		error_line(&err, "cannot import the config");
		goto done;
	}
	for (size_t i = 0; i < lost.n; i++)
		say("", lost.v[i]);
	if (!(json = cJSON_Print(conf))) {
		code = EXIT_INCOMPLETE;
		goto done;
	}
	if (out) {
		code = write_new_file(out, json);
		if (code == EXIT_CLEAN && !cli->opts.quiet)
			fprintf(stderr, "keylint: wrote %s\n", out);
	} else {
		code = puts(json) >= 0 && fflush(stdout) == 0 ? EXIT_CLEAN
		                                              : EXIT_INCOMPLETE;
	}
done:
	free(json);
	cJSON_Delete(conf);
	kl_strv_free(&lost);
	kl_buf_free(&err);
	return code;
}

static int cmd_rules(struct kl_cli *cli)
{
	struct kl_options *o = &cli->opts;
	struct kl_config cfg = KL_CONFIG_INIT;
	struct kl_ruleset *rs = NULL;
	struct kl_buf err = KL_BUF_INIT;
	int code = EXIT_USAGE, rc = 0;

	if (cli->rules_check && cli->nrule_args) {
		/* Check exactly the named files, without a config. */
		o->no_default_rules = true;
		o->rule_files = cli->rule_args;
		o->nrule_files = cli->nrule_args;
	} else if (o->config && kl_gitleaks_is_config(o->config)) {
		rc = kl_gitleaks_load_config(&cfg, o->config, NULL, &err);
	} else if (o->config) {
		rc = kl_config_load_file(&cfg, o->config, false, &err);
	} else {
		rc = kl_config_load_file(&cfg, "./.keylint.json", true, &err);
	}
	if (rc || (rc = kl_config_build_rules(&cfg, o, &rs, &err))) {
		error_line(&err, "cannot load rules");
		goto done;
	}
	code = cli->rules_check ? check_rules(rs, &cfg)
	                        : list_rules(rs, o->format);
done:
	kl_rules_free(rs);
	kl_config_release(&cfg);
	kl_buf_free(&err);
	return code;
}

/* ---- interruption ---------------------------------------------------------
 */

/* The reports being written, for the signal handler to remove. */
static struct kl_report_out *volatile live_out;

static size_t put_num(char *p, uint64_t v)
{
	char tmp[24];
	size_t n = 0, k = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	while (n)
		p[k++] = tmp[--n];
	return k;
}

/* SIGINT, SIGTERM: remove the temporary reports, say how far the scan got,
 * and exit 128 + signal.  Only async-signal-safe calls. */
static void on_signal(int sig)
{
	char msg[160], *p = msg;
	uint64_t files, bytes;
	size_t skip = isatty(STDERR_FILENO) ? 0 : 4; /* no "\r\033[K" */
	static const char a[] = "\r\033[Kkeylint: interrupted after ",
	                  b[] = " files, ", c[] = " MiB; no report written\n";

	kl_report_out_abandon(live_out);
	kl_runner_live(&files, &bytes);
	memcpy(p, a + skip, sizeof(a) - 1 - skip);
	p += sizeof(a) - 1 - skip;
	p += put_num(p, files);
	memcpy(p, b, sizeof(b) - 1);
	p += sizeof(b) - 1;
	p += put_num(p, bytes >> 20);
	memcpy(p, c, sizeof(c) - 1);
	p += sizeof(c) - 1;
	if (write(STDERR_FILENO, msg, (size_t)(p - msg)) < 0) {
		/* nothing more to do */
	}
	_exit(128 + sig);
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* ---- scanning ---------------------------------------------------------------
 */

static const char *plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "keylint: 3 findings (1 critical, 2 high) in 41 files; report in X". */
static void summary(const struct kl_report *rep, const struct kl_options *o)
{
	const struct kl_counts *c = &rep->counts;
	size_t by[KL_SEV_CRITICAL + 1] = {0}, n = rep->findings.n;
	struct kl_buf line = KL_BUF_INIT;
	bool first = true;
	size_t files = 0;

	for (size_t i = 0; i < n; i++)
		by[rep->findings.v[i].severity]++;
	if (o->write_baseline)
		kl_buf_printf(&line, "baseline of %zu %s", n,
		              plural(n, "finding", "findings"));
	else if (n)
		kl_buf_printf(&line, "%zu %s (", n,
		              plural(n, "finding", "findings"));
	else
		kl_buf_puts(&line, "no findings");
	for (int s = KL_SEV_CRITICAL; n && !o->write_baseline && s >= 0; s--) {
		if (!by[s])
			continue;
		kl_buf_printf(&line, "%s%zu %s", first ? "" : ", ", by[s],
		              kl_severity_name((enum kl_severity)s));
		first = false;
	}
	if (n && !o->write_baseline)
		kl_buf_putc(&line, ')');
	if (rep->mode == KL_MODE_HISTORY)
		kl_buf_printf(&line, " in %llu %s (%llu %s)",
		              (unsigned long long)c->commits,
		              plural(c->commits, "commit", "commits"),
		              (unsigned long long)c->blobs,
		              plural(c->blobs, "blob", "blobs"));
	else
		kl_buf_printf(&line, " in %llu %s",
		              (unsigned long long)c->files,
		              plural(c->files, "file", "files"));
	if (rep->errors.n)
		kl_buf_printf(&line, ", %zu %s", rep->errors.n,
		              plural(rep->errors.n, "error", "errors"));
	for (size_t i = 0; i < o->noutputs; i++) {
		if (!o->outputs[i].path)
			continue;
		kl_buf_printf(&line, "%s%s", files++ ? ", " : "; report in ",
		              o->outputs[i].path);
	}
	say("", line.ptr ? line.ptr : "");
	kl_buf_free(&line);
}

/* history --state: read the state and hand the scan the blobs it knows
 * clean (before the run), or record what the run read (after it). */
static int history_state(struct kl_cli *cli, struct kl_state **st,
                         struct kl_scan *scan, bool after, struct kl_buf *err)
{
	const struct kl_options *o = &cli->opts;
	struct kl_buf key = KL_BUF_INIT;
	char fp[17];
	int rc;

	if (!o->state_file)
		return 0;
	if (!*st && (rc = kl_state_load(st, o->state_file, err)))
		return rc;
	kl_state_fingerprint(*st, kl_scan_report(scan)->rules, o, fp);
	if (!(rc = kl_state_history_key(o, &key)))
		rc = after
		         ? kl_state_record(*st, key.ptr, kl_state_refs(key.ptr),
		                           fp, o->blobstate, NULL)
		         : kl_state_clean(*st, key.ptr, fp, o->blobstate);
	if (!rc && after)
		rc = kl_state_save(*st, o->state_file, err);
	kl_buf_free(&key);
	return rc;
}

static int cmd_scan(struct kl_cli *cli)
{
	struct kl_blobstate bs = KL_BLOBSTATE_INIT;
	struct kl_state *st = NULL;
	const struct kl_options *o = &cli->opts;
	struct kl_buf err = KL_BUF_INIT;
	struct kl_report_out *out = NULL;
	const struct kl_report *rep;
	struct kl_scan *scan = NULL;
	int rc, code = EXIT_USAGE;

	if (o->state_file)
		cli->opts.blobstate = &bs;
	if ((rc = kl_scan_new(&scan, o, &err)) ||
	    (rc = history_state(cli, &st, scan, false, &err))) {
		error_line(&err, "cannot start the scan");
		code = rc == KL_EREPO ? EXIT_INCOMPLETE : EXIT_USAGE;
		goto done;
	}
	/* Every report is opened before the scan: an output that cannot be
	 * written is known before any work is done. */
	if ((rc = kl_report_out_open(&out, o, &err))) {
		error_line(&err, "cannot write the report");
		code = EXIT_INCOMPLETE;
		goto done;
	}
	live_out = out;
	rc = kl_scan_run(scan, out, &err);
	rep = kl_scan_report(scan);
	for (size_t i = 0; !o->quiet && i < rep->warnings.n; i++)
		say("warning: ", rep->warnings.v[i]);
	code = EXIT_INCOMPLETE;
	if (rc && !rep->incomplete) {
		error_line(&err, "scan failed");
		goto done;
	}
	if (rc)
		error_line(&err, "the scan could not complete");
	kl_buf_clear(&err);
	rc = kl_report_out_close(out, rep, true, &err);
	out = live_out = NULL;
	if (rc || (rc = history_state(cli, &st, scan, true, &err))) {
		error_line(&err, "cannot write the report");
		goto done;
	}
	if (!o->quiet)
		summary(rep, o);
	if (rep->gated && !o->write_baseline)
		code = o->exit_code;
	else
		code = rep->incomplete ? EXIT_INCOMPLETE : EXIT_CLEAN;
done:
	if (out) {
		struct kl_buf ignored = KL_BUF_INIT;

		kl_report_out_close(out, NULL, false, &ignored);
		live_out = NULL;
		kl_buf_free(&ignored);
	}
	kl_scan_free(scan);
	kl_state_free(st);
	kl_blobstate_release(&bs);
	kl_buf_free(&err);
	return code;
}

/* ---- audits ---------------------------------------------------------------
 */

/* $XDG_CACHE_HOME/keylint/repos, else ~/.cache/keylint/repos. */
static int default_cache(struct kl_buf *out)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return kl_buf_printf(out, "%s/keylint/repos", xdg);
	if (home && *home)
		return kl_buf_printf(out, "%s/.cache/keylint/repos", home);
	return kl_buf_puts(out, ".keylint-cache/repos");
}

/* merge: every report's records into the log. */
static int merge_reports(const struct kl_options *o, struct kl_auditlog *log,
                         struct kl_buf *err)
{
	struct kl_buf data = KL_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; !rc && i < o->ntargets; i++) {
		kl_buf_clear(&data);
		if (!(rc = kl_buf_read_file(&data, o->targets[i], SIZE_MAX / 4,
		                            false, "the report", err)))
			rc = kl_auditlog_load(log, data.ptr ? data.ptr : "",
			                      data.len, o->targets[i], err);
	}
	kl_buf_free(&data);
	return rc;
}

static void audit_summary(const struct kl_auditlog_counts *c,
                          const struct kl_options *o)
{
	struct kl_buf line = KL_BUF_INIT;

	kl_buf_printf(&line, "%zu %s, %zu %s in %zu %s", c->findings,
	              plural(c->findings, "finding", "findings"), c->reuse,
	              plural(c->reuse, "reused secret", "reused secrets"),
	              c->repositories,
	              plural(c->repositories, "repository", "repositories"));
	if (c->failed)
		kl_buf_printf(&line, ", %zu could not be scanned", c->failed);
	for (size_t i = 0, files = 0; i < o->noutputs; i++)
		if (o->outputs[i].path)
			kl_buf_printf(&line, "%s%s",
			              files++ ? ", " : "; report in ",
			              o->outputs[i].path);
	say("", line.ptr ? line.ptr : "");
	kl_buf_free(&line);
}

/* Colours for a text report: only on a terminal, as for scans. */
static bool audit_color(const struct kl_options *o, const char *path)
{
	const char *nc = getenv("NO_COLOR");

	if (o->color >= 0)
		return o->color > 0;
	return !path && !(nc && *nc) && isatty(STDOUT_FILENO);
}

/* audit LIST and merge REPORT...: one report of many repositories,
 * written whole at the end: JSON Lines as rendered by the audit log, the
 * other formats from the report rebuilt from its records. */
static int cmd_audit(struct kl_cli *cli)
{
	struct kl_options opts = cli->opts;
	struct kl_buf err = KL_BUF_INIT, data = KL_BUF_INIT,
	              cache = KL_BUF_INIT, other = KL_BUF_INIT;
	struct kl_auditreport ar = KL_AUDITREPORT_INIT;
	struct kl_auditlog_counts c = {0};
	bool rebuild = false;
	struct kl_strv warnings = {0};
	struct kl_auditlog *log = NULL;
	int rc, code = EXIT_USAGE;

	if (!opts.cache_dir && !default_cache(&cache))
		opts.cache_dir = cache.ptr;
	if ((rc = kl_auditlog_new(&log)))
		goto done;
	rc = cli->command == KL_CMD_AUDIT
	         ? kl_audit_run(&opts, log, &warnings, &err)
	         : merge_reports(&opts, log, &err);
	for (size_t i = 0; !opts.quiet && i < warnings.n; i++)
		say("warning: ", warnings.v[i]);
	if (rc) {
		error_line(&err, "out of memory");
		code = rc == KL_EINVAL || rc == KL_EIO ? EXIT_USAGE
		                                       : EXIT_INCOMPLETE;
		goto done;
	}
	code = EXIT_INCOMPLETE;
	if ((rc = kl_auditlog_render(log, opts.min_severity, &data, &c))) {
		error_line(&err, "out of memory while writing the report");
		goto done;
	}
	for (size_t i = 0; i < opts.noutputs; i++)
		rebuild |= opts.outputs[i].format != KL_FORMAT_JSONL;
	if (rebuild && kl_auditreport_build(&ar, log, opts.min_severity)) {
		error_line(&err, "out of memory while writing the report");
		goto done;
	}
	for (size_t i = 0; i < opts.noutputs; i++) {
		const struct kl_output *out = &opts.outputs[i];
		const struct kl_buf *shown = &data;

		if (out->format != KL_FORMAT_JSONL) {
			kl_buf_clear(&other);
			if (kl_report_render(&ar.rep, out->format,
			                     audit_color(&opts, out->path),
			                     &other)) {
				error_line(&err, "out of memory while writing "
				                 "the report");
				goto done;
			}
			shown = &other;
		}
		if (kl_report_write_file(out->path,
		                         shown->ptr ? shown->ptr : "",
		                         shown->len, &err)) {
			error_line(&err, "cannot write the report");
			goto done;
		}
	}
	if (!opts.quiet)
		audit_summary(&c, &opts);
	code = c.gated    ? opts.exit_code
	       : c.failed ? EXIT_INCOMPLETE
	                  : EXIT_CLEAN;
done:
	kl_auditreport_release(&ar);
	kl_buf_free(&other);
	kl_auditlog_free(log);
	kl_strv_free(&warnings);
	kl_buf_free(&cache);
	kl_buf_free(&data);
	kl_buf_free(&err);
	return code;
}

/* explain PATH[:LINE]: scan PATH keeping every candidate, then show
 * those on LINE (or all) and what became of each. */
static int cmd_explain(struct kl_cli *cli)
{
	const struct kl_options *o = &cli->opts;
	bool color = kl_report_use_color(o, NULL);
	struct kl_buf err = KL_BUF_INIT, text = KL_BUF_INIT;
	const struct kl_report *rep;
	struct kl_scan *scan = NULL;
	int rc, code = EXIT_USAGE;

	if ((rc = kl_scan_new(&scan, o, &err))) {
		error_line(&err, "cannot start the scan");
		code = rc == KL_EREPO ? EXIT_INCOMPLETE : EXIT_USAGE;
		goto done;
	}
	rc = kl_scan_run(scan, NULL, &err);
	rep = kl_scan_report(scan);
	code = EXIT_INCOMPLETE;
	if (rc) {
		error_line(&err, "the scan could not complete");
		goto done;
	}
	for (size_t i = 0; !o->quiet && i < rep->warnings.n; i++)
		say("warning: ", rep->warnings.v[i]);
	for (size_t i = 0; i < rep->errors.n; i++) {
		kl_buf_clear(&err);
		kl_buf_printf(&err, "%s: %s", rep->errors.v[i].path,
		              rep->errors.v[i].message);
		error_line(&err, "error");
	}
	if (rep->counts.binary || rep->counts.too_large)
		say("", rep->counts.binary ? "binary, so not scanned"
		                           : "over --max-file-size, so not "
		                             "scanned");
	rc = o->format == KL_FORMAT_JSON
	         ? kl_report_json_render(rep, &text)
	         : kl_report_text_explain(rep, cli->explain_line, color, &text);
	if (!rc &&
	    fwrite(text.ptr ? text.ptr : "", 1, text.len, stdout) == text.len &&
	    fflush(stdout) == 0)
		code = EXIT_CLEAN;
done:
	kl_scan_free(scan);
	kl_buf_free(&text);
	kl_buf_free(&err);
	return code;
}

/* libgit2 settings for the command about to run. */
static void tune_libgit2(const struct kl_cli *cli)
{
	/* Git's own readers do not rehash objects either: zlib's checksum
	 * already catches damaged data, and rehashing every blob with
	 * collision-detecting SHA-1 cost a fifth of a history scan. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* Memory stays bounded by the number of objects, not their bytes:
	 * libgit2 caches no blobs by default and commits get a small cache. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)(16 << 20));
	if (cli->opts.trust_repo)
		git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/* Pack files are read through mapped windows.  History touches every
	 * page of every pack, so it gets a window budget: mapped pages of a
	 * 1 GB pack would otherwise all count as ours.  Staged reads a few
	 * objects scattered over the pack, where a tight budget remapped the
	 * same windows hundreds of times; only touched pages count, so it
	 * keeps libgit2's roomy default. */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)(64 << 20));
	if (cli->command == KL_CMD_HISTORY || cli->command == KL_CMD_AUDIT) {
		git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT,
		                 (size_t)(160 << 20));
		/* History keeps the trees it compares itself (treediff.c);
		 * libgit2's cache of them only costs evictions there. */
		git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT,
		                 GIT_OBJECT_TREE, (size_t)0);
	}
}

int main(int argc, char **argv)
{
	struct kl_buf err = KL_BUF_INIT;
	struct kl_cli cli;
	int code = EXIT_USAGE;

	git_libgit2_init();
	if (kl_cli_parse(&cli, argc, argv, isatty(STDOUT_FILENO), &err)) {
		error_line(&err, "bad arguments");
		goto done;
	}
	tune_libgit2(&cli);
	catch_signals();
	switch (cli.command) {
	case KL_CMD_HELP:
		/* A bare `keylint` is a mistake: usage on stderr, exit 2. */
		fputs(kl_help(cli.help_for), cli.usage_error ? stderr : stdout);
		code = cli.usage_error ? EXIT_USAGE : EXIT_CLEAN;
		break;
	case KL_CMD_VERSION:
		code = cmd_version();
		break;
	case KL_CMD_RULES:
		code = cmd_rules(&cli);
		break;
	case KL_CMD_CONFIG:
		code = cmd_config(&cli);
		break;
	case KL_CMD_EXPLAIN:
		code = cmd_explain(&cli);
		break;
	case KL_CMD_AUDIT:
	case KL_CMD_MERGE:
		code = cmd_audit(&cli);
		break;
	default:
		code = cmd_scan(&cli);
		break;
	}
done:
	kl_buf_free(&err);
	kl_cli_release(&cli);
	git_libgit2_shutdown();
	return code;
}
