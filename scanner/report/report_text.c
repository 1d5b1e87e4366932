/*
 * report_text: findings for people.  Each finding says where (a path that
 * opens from the current directory), what, the redacted line, its
 * fingerprint and what to do; in history mode also who introduced it,
 * where it is now and which refs still hold it.  A summary by severity,
 * rule and skipped files follows, then how to silence a finding.  Colour
 * is decided by the caller (only on a terminal); every path, snippet and
 * commit field goes through kl_text_escape_terminal first.
 */
#include "report_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "text.h"

#define C_RESET "\033[0m"
#define C_BOLD  "\033[1m"
#define C_DIM   "\033[2m"

#define REFS_SHOWN 3 /* refs listed before "and N more" */

static const char *sev_color(enum kl_severity s)
{
	switch (s) {
	case KL_SEV_CRITICAL:
		return "\033[1;35m";
	case KL_SEV_HIGH:
		return "\033[1;31m";
	case KL_SEV_MEDIUM:
		return "\033[33m";
	default:
		return "\033[36m";
	}
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static int put_escaped(struct kl_buf *out, const char *s, size_t n)
{
	return kl_text_escape_terminal(out, s ? s : "", s ? n : 0);
}

static int put_escaped_str(struct kl_buf *out, const char *s)
{
	return put_escaped(out, s, s ? strlen(s) : 0);
}

/* A report path as it opens from here, escaped. */
static int put_path(struct kl_buf *out, const struct kl_report *rep,
                    const char *path)
{
	struct kl_buf shown = KL_BUF_INIT;
	int rc = kl_path_display(rep->view, path ? path : "", &shown);

	if (!rc)
		rc = put_escaped(out, shown.ptr, shown.len);
	kl_buf_free(&shown);
	return rc;
}

/* "    label       " in dim, for the lines under a finding. */
static int label(struct kl_buf *out, const char *name, bool color)
{
	return kl_buf_printf(out, "    %s%-12s%s ", color ? C_DIM : "", name,
	                     color ? C_RESET : "");
}

static int headline(struct kl_buf *out, const struct kl_report *rep,
                    const struct kl_finding *f, bool color)
{
	int rc = kl_buf_puts(out, color ? C_BOLD : "");

	/* Audits: the repository first, as paths repeat across them. */
	if (!rc && f->repository) {
		rc = put_escaped_str(out, f->repository);
		if (!rc)
			rc = kl_buf_puts(out, ": ");
	}
	if (!rc)
		rc = put_path(out, rep, f->path);
	if (!rc)
		rc = kl_buf_printf(out, ":%u:%u%s  %s%s%s  %s  ", f->line,
		                   f->column, color ? C_RESET : "",
		                   color ? sev_color(f->severity) : "",
		                   kl_severity_name(f->severity),
		                   color ? C_RESET : "", f->rule->id);
	if (!rc)
		rc = put_escaped_str(out, f->rule->description);
	for (size_t i = 0; !rc && i < f->decoded.n; i++)
		rc = kl_buf_printf(out, "%s%s%s",
		                   i ? ", " : " (decoded: ", f->decoded.v[i],
		                   i + 1 == f->decoded.n ? ")" : "");
	if (!rc && f->client_side) {
		rc = kl_buf_puts(out, " [client-side: ");
		if (!rc)
			rc = put_escaped_str(out, f->client_side_reason);
		if (!rc)
			rc = kl_buf_putc(out, ']');
	}
	if (!rc)
		rc = kl_buf_printf(out, "\n    %s", color ? C_DIM : "");
	if (!rc && !f->snippet_redacted) {
		/* Rebuilt from a record, which keeps no snippet: the secret
		 * as the record has it. */
		struct kl_buf red = KL_BUF_INIT;

		rc = kl_report_secret(rep, f->secret, f->secret_len, &red);
		if (!rc)
			rc = put_escaped(out, red.ptr, red.len);
		kl_buf_free(&red);
	} else if (!rc) {
		rc = rep->show_secrets
		         ? put_escaped(out, f->snippet, f->snippet_len)
		         : put_escaped(out, f->snippet_redacted,
		                       f->snippet_redacted_len);
	}
	if (!rc)
		rc = kl_buf_printf(out, "%s\n", color ? C_RESET : "");
	return rc;
}

/* History: who introduced it, where it is now, which refs hold it. */
static int history_lines(struct kl_buf *out, const struct kl_report *rep,
                         const struct kl_finding *f, bool color)
{
	const struct kl_strv *refs = &f->reachable_from;
	int rc = label(out, "commit", color);

	if (!rc)
		rc = kl_buf_printf(out, "%.12s ", f->commit->id);
	if (!rc)
		rc = put_escaped_str(out, f->commit->author);
	if (!rc)
		rc = kl_buf_puts(out, " <");
	if (!rc)
		rc = put_escaped_str(out, f->commit->email);
	if (!rc)
		rc = kl_buf_printf(out, "> %s: ", f->commit->date);
	if (!rc)
		rc = put_escaped_str(out, f->commit->summary);
	if (!rc)
		rc = kl_buf_putc(out, '\n');
	if (!rc)
		rc = label(out, "at HEAD", color);
	if (!rc && !f->present_at_head)
		rc = kl_buf_puts(out, "gone (still in history)");
	for (size_t i = 0; !rc && f->present_at_head && i < f->head_paths.n;
	     i++) {
		rc = kl_buf_puts(out, i ? ", " : "");
		if (!rc)
			rc = put_path(out, rep, f->head_paths.v[i]);
	}
	if (!rc && refs->n) {
		rc = kl_buf_putc(out, '\n');
		if (!rc)
			rc = label(out, "in refs", color);
		for (size_t i = 0; !rc && i < refs->n && i < REFS_SHOWN; i++) {
			rc = kl_buf_puts(out, i ? ", " : "");
			if (!rc)
				rc = put_escaped_str(out, refs->v[i]);
		}
		if (!rc && refs->n > REFS_SHOWN)
			rc = kl_buf_printf(out, " and %zu more",
			                   refs->n - REFS_SHOWN);
	}
	if (!rc)
		rc = kl_buf_putc(out, '\n');
	return rc;
}

static int finding(struct kl_buf *out, const struct kl_report *rep,
                   const struct kl_finding *f, bool color)
{
	struct kl_buf b = KL_BUF_INIT;
	int rc = headline(out, rep, f, color);

	if (!rc && f->commit)
		rc = history_lines(out, rep, f, color);
	if (!rc)
		rc = label(out, "fingerprint", color);
	if (!rc)
		rc = kl_finding_fingerprint(f, &b);
	if (!rc)
		rc = put_escaped(out, b.ptr, b.len);
	kl_buf_clear(&b);
	if (!rc)
		rc = kl_buf_putc(out, '\n');
	if (!rc)
		rc = label(out, "fix", color);
	if (!rc)
		rc =
		    kl_finding_remediation(f, rep->mode == KL_MODE_HISTORY, &b);
	if (!rc)
		rc = kl_buf_printf(out, "%s\n\n", b.ptr ? b.ptr : "");
	kl_buf_free(&b);
	return rc;
}

static int human_bytes(struct kl_buf *out, uint64_t b)
{
	if (b >= (1ull << 30))
		return kl_buf_printf(out, "%.1f GiB", (double)b / (1ull << 30));
	if (b >= (1ull << 20))
		return kl_buf_printf(out, "%.1f MiB", (double)b / (1ull << 20));
	if (b >= 1024)
		return kl_buf_printf(out, "%.1f KiB", (double)b / 1024);
	return kl_buf_printf(out, "%llu %s", (unsigned long long)b,
	                     plural(b, "byte", "bytes"));
}

static int errors(struct kl_buf *out, const struct kl_report *rep)
{
	int rc = 0;

	for (size_t i = 0; i < rep->errors.n && !rc; i++) {
		const struct kl_error_entry *e = &rep->errors.v[i];

		rc = kl_buf_puts(out, "error: ");
		if (!rc && e->path && *e->path) {
			rc = put_path(out, rep, e->path);
			if (!rc)
				rc = kl_buf_puts(out, ": ");
		}
		if (!rc)
			rc = put_escaped_str(out, e->message);
		if (!rc)
			rc = kl_buf_putc(out, '\n');
	}
	if (!rc && rep->errors.n)
		rc = kl_buf_putc(out, '\n');
	return rc;
}

static int cmp_rule(const void *a, const void *b)
{
	const struct kl_finding *x = *(const struct kl_finding *const *)a;
	const struct kl_finding *y = *(const struct kl_finding *const *)b;

	return strcmp(x->rule->id, y->rule->id);
}

/* "  by rule: aws-access-key-id 2, jwt 1", wrapped at 80 columns. */
static int by_rule(struct kl_buf *out, const struct kl_report *rep)
{
	size_t n = rep->findings.n, run = 1, col, start = out->len;
	const struct kl_finding **v = malloc((n ? n : 1) * sizeof(*v));
	int rc;

	if (!v)
		return KL_ENOMEM;
	for (size_t i = 0; i < n; i++)
		v[i] = &rep->findings.v[i];
	qsort(v, n, sizeof(*v), cmp_rule);
	rc = kl_buf_puts(out, "  by rule:");
	col = out->len - start;
	for (size_t i = 0; !rc && i < n; i++, run++) {
		char item[160];
		int len;

		if (i + 1 < n && v[i + 1]->rule == v[i]->rule)
			continue;
		len =
		    snprintf(item, sizeof(item), "%s %zu", v[i]->rule->id, run);
		if (col > 10 && col + 2 + (size_t)len > 80) {
			rc = kl_buf_puts(out, ",\n           ");
			col = 11;
		} else {
			rc = kl_buf_puts(out, col > 10 ? ", " : " ");
			col += col > 10 ? 2 : 1;
		}
		if (!rc)
			rc = kl_buf_puts(out, item);
		col += (size_t)len;
		run = 0;
	}
	free(v);
	return rc ? rc : kl_buf_putc(out, '\n');
}

static int summary(struct kl_buf *out, const struct kl_report *rep)
{
	const struct kl_counts *c = &rep->counts;
	size_t by_sev[4] = {0}, n = rep->findings.n;
	bool first = true;
	int rc;

	for (size_t i = 0; i < n; i++)
		by_sev[rep->findings.v[i].severity]++;
	rc = kl_buf_printf(out, "%zu %s", n, plural(n, "finding", "findings"));
	for (int s = KL_SEV_CRITICAL; n && s >= KL_SEV_LOW && !rc; s--) {
		if (!by_sev[s])
			continue;
		rc = kl_buf_printf(out, "%s%zu %s", first ? " (" : ", ",
		                   by_sev[s],
		                   kl_severity_name((enum kl_severity)s));
		first = false;
	}
	if (!rc && n)
		rc = kl_buf_putc(out, ')');
	if (!rc && rep->mode == KL_MODE_HISTORY)
		rc = kl_buf_printf(out, " in %llu %s, %llu %s (",
		                   (unsigned long long)c->commits,
		                   plural(c->commits, "commit", "commits"),
		                   (unsigned long long)c->blobs,
		                   plural(c->blobs, "blob", "blobs"));
	else if (!rc)
		rc = kl_buf_printf(out, " in %llu %s (",
		                   (unsigned long long)c->files,
		                   plural(c->files, "file", "files"));
	if (!rc)
		rc = human_bytes(out, c->bytes);
	if (!rc)
		rc = kl_buf_printf(out, "), %llu ms",
		                   (unsigned long long)rep->duration_ms);
	if (!rc && rep->errors.n)
		rc = kl_buf_printf(out, ", %zu %s", rep->errors.n,
		                   plural(rep->errors.n, "error", "errors"));
	if (!rc)
		rc = kl_buf_putc(out, '\n');
	if (!rc && n)
		rc = by_rule(out, rep);
	if (!rc && (c->binary || c->too_large || c->ignored))
		rc = kl_buf_printf(out,
		                   "  skipped: %llu binary, %llu too large, "
		                   "%llu ignored (git or config)\n",
		                   (unsigned long long)c->binary,
		                   (unsigned long long)c->too_large,
		                   (unsigned long long)c->ignored);
	return rc;
}

/* The command that scanned this, for the baseline hint: "scan web",
 * "history". */
static int command_line(struct kl_buf *out, const struct kl_report *rep)
{
	int rc =
	    kl_buf_puts(out, rep->mode == KL_MODE_HISTORY ? "history" : "scan");

	for (size_t i = 0;
	     !rc && rep->mode == KL_MODE_SCAN && i < rep->targets.n; i++) {
		if (!strcmp(rep->targets.v[i], ".") ||
		    !strcmp(rep->targets.v[i], "-"))
			continue;
		rc = kl_buf_putc(out, ' ');
		if (!rc)
			rc = put_escaped_str(out, rep->targets.v[i]);
	}
	return rc;
}

/* How to silence a finding that is not a secret, with the first
 * finding's fingerprint as the example. */
static int how_to_silence(struct kl_buf *out, const struct kl_report *rep)
{
	struct kl_buf fp = KL_BUF_INIT, cmd = KL_BUF_INIT;
	int rc = kl_finding_fingerprint(&rep->findings.v[0], &fp);

	if (!rc)
		rc = command_line(&cmd, rep);
	if (!rc)
		rc = kl_buf_puts(
		    out, "\nA finding that is not a live secret (a test "
		         "key, an example) can be silenced:\n"
		         "  - on its line: a comment with keylint:allow\n"
		         "  - by fingerprint: echo '");
	if (!rc)
		rc = put_escaped(out, fp.ptr, fp.len);
	if (!rc)
		rc = kl_buf_puts(out, "' >> ");
	if (!rc)
		rc = put_path(out, rep, ".keylintignore");
	if (!rc)
		rc = kl_buf_printf(
		    out,
		    "\n  - all of today's findings: keylint "
		    "baseline %s -o keylint-baseline.json,\n"
		    "    then keylint %s --baseline "
		    "keylint-baseline.json\n",
		    cmd.ptr, rep->mode == KL_MODE_STAGED ? "staged" : cmd.ptr);
	kl_buf_free(&fp);
	kl_buf_free(&cmd);
	return rc;
}

/* Secrets in more than one application come first: each needs a key of
 * its own before anything else is fixed. */
static int reuse(struct kl_buf *out, const struct kl_report *rep, bool color)
{
	struct kl_buf red = KL_BUF_INIT;
	int rc = 0;

	if (!rep->reuse.n)
		return 0;
	rc = kl_buf_printf(out,
	                   "%sReused secrets%s: one key in several "
	                   "applications; give each its own key, then revoke "
	                   "the shared one.\n",
	                   color ? C_BOLD : "", color ? C_RESET : "");
	for (size_t i = 0; !rc && i < rep->reuse.n; i++) {
		const struct kl_reuse_group *g = &rep->reuse.v[i];

		kl_buf_clear(&red);
		rc = kl_report_secret(rep, g->first->secret,
		                      g->first->secret_len, &red);
		if (!rc)
			rc = kl_buf_puts(out, "  ");
		if (!rc)
			rc = put_escaped(out, red.ptr, red.len);
		if (!rc)
			rc = kl_buf_printf(out, " (%s) in %zu places:\n",
			                   g->first->rule->id, g->n);
		for (size_t k = 0; !rc && k < g->n; k++) {
			const struct kl_reuse_place *p = &g->places[k];

			rc = kl_buf_puts(out, "    ");
			if (!rc && p->repository) {
				rc = put_escaped_str(out, p->repository);
				if (!rc)
					rc = kl_buf_puts(out, ": ");
			}
			if (!rc)
				rc = p->repository
				         ? put_escaped_str(out, p->path)
				         : put_path(out, rep, p->path);
			if (!rc && p->application && *p->application) {
				rc = kl_buf_puts(out, " (application ");
				if (!rc)
					rc = put_escaped_str(out,
					                     p->application);
				if (!rc)
					rc = kl_buf_putc(out, ')');
			}
			if (!rc)
				rc = kl_buf_putc(out, '\n');
		}
	}
	if (!rc)
		rc = kl_buf_putc(out, '\n');
	kl_buf_free(&red);
	return rc;
}

/* One candidate on one line: where, rule, the secret (redacted unless
 * --show-secrets) and what became of it. */
static int candidate(struct kl_buf *out, const struct kl_report *rep,
                     const struct kl_finding *f, bool color)
{
	int rc = kl_buf_puts(out, "  ");

	if (!rc)
		rc = put_path(out, rep, f->path);
	if (!rc)
		rc = kl_buf_printf(out, ":%u:%u  %s  ", f->line, f->column,
		                   f->rule->id);
	if (!rc) {
		struct kl_buf red = KL_BUF_INIT;

		rc = kl_report_secret(rep, f->secret, f->secret_len, &red);
		if (!rc)
			rc = put_escaped(out, red.ptr, red.len);
		kl_buf_free(&red);
	}
	if (!rc && f->verdict == KL_VERDICT_KEPT)
		rc = kl_buf_printf(out, "  %skept%s: reported (%s)\n",
		                   color ? C_BOLD : "", color ? C_RESET : "",
		                   kl_severity_name(f->severity));
	else if (!rc)
		rc = kl_buf_printf(out, "  %sdropped%s (%s): %s",
		                   color ? C_DIM : "", color ? C_RESET : "",
		                   kl_verdict_name(f->verdict),
		                   kl_verdict_text(f->verdict));
	if (!rc && f->verdict == KL_VERDICT_OVERLAP && rep->rules &&
	    f->by_rule < rep->rules->nrules)
		rc = kl_buf_printf(out, " (%s)",
		                   rep->rules->rules[f->by_rule].id);
	if (!rc && f->verdict != KL_VERDICT_KEPT)
		rc = kl_buf_putc(out, '\n');
	return rc;
}

/* --explain: what the rules found but did not report, and why. */
static int dropped(struct kl_buf *out, const struct kl_report *rep, bool color)
{
	int rc;

	if (!rep->explain)
		return 0;
	rc = kl_buf_printf(out, "Dropped (--explain): %zu candidate%s\n",
	                   rep->dropped.n, plural(rep->dropped.n, "", "s"));
	for (size_t i = 0; i < rep->dropped.n && !rc; i++)
		rc = candidate(out, rep, &rep->dropped.v[i], color);
	return rc ? rc : kl_buf_putc(out, '\n');
}

static int cmp_candidate(const void *a, const void *b)
{
	const struct kl_finding *x = *(const struct kl_finding *const *)a;
	const struct kl_finding *y = *(const struct kl_finding *const *)b;
	int c = strcmp(x->path ? x->path : "", y->path ? y->path : "");

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return strcmp(x->rule->id, y->rule->id);
}

int kl_report_text_explain(const struct kl_report *rep, uint32_t line,
                           bool color, struct kl_buf *out)
{
	size_t n = rep->findings.n + rep->dropped.n, k = 0;
	const struct kl_finding **all = calloc(n ? n : 1, sizeof(*all));
	int rc = 0;

	if (!all)
		return KL_ENOMEM;
	for (size_t i = 0; i < rep->findings.n; i++)
		if (!line || rep->findings.v[i].line == line)
			all[k++] = &rep->findings.v[i];
	for (size_t i = 0; i < rep->dropped.n; i++)
		if (!line || rep->dropped.v[i].line == line)
			all[k++] = &rep->dropped.v[i];
	qsort(all, k, sizeof(*all), cmp_candidate);
	if (!k)
		rc = kl_buf_printf(out,
		                   "no candidate%s: no rule's keywords and "
		                   "pattern matched there\n",
		                   line ? " on that line" : "");
	for (size_t i = 0; i < k && !rc; i++)
		rc = candidate(out, rep, all[i], color);
	free(all);
	return rc;
}

int kl_report_text_render(const struct kl_report *rep, bool color,
                          struct kl_buf *out)
{
	int rc = reuse(out, rep, color);

	for (size_t i = 0; i < rep->findings.n && !rc; i++)
		rc = finding(out, rep, &rep->findings.v[i], color);
	if (!rc)
		rc = dropped(out, rep, color);
	if (!rc)
		rc = errors(out, rep);
	if (!rc)
		rc = summary(out, rep);
	if (!rc && rep->findings.n)
		rc = how_to_silence(out, rep);
	return rc;
}
