/*
 * report_text: findings for people.  Colour is decided by the caller (only
 * on a terminal); every path, snippet and commit field goes through
 * kl_text_escape_terminal first.
 */
#include "report_text.h"

#include <string.h>

#include "text.h"

#define C_RESET "\033[0m"
#define C_BOLD  "\033[1m"
#define C_DIM   "\033[2m"

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

static int put_escaped(struct kl_buf *out, const char *s, size_t n)
{
	return kl_text_escape_terminal(out, s ? s : "", s ? n : 0);
}

static int put_escaped_str(struct kl_buf *out, const char *s)
{
	return put_escaped(out, s, s ? strlen(s) : 0);
}

static int finding(struct kl_buf *out, const struct kl_report *rep,
                   const struct kl_finding *f, bool color)
{
	int rc = 0;

	if (color)
		rc = kl_buf_puts(out, C_BOLD);
	if (!rc)
		rc = put_escaped_str(out, f->path);
	if (!rc)
		rc = kl_buf_printf(out, ":%u:%u:%s ", f->line, f->column,
		                   color ? C_RESET : "");
	if (!rc)
		rc = kl_buf_printf(out, "%s%s%s %s ",
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
	if (!rc) {
		if (rep->show_secrets)
			rc = put_escaped(out, f->snippet, f->snippet_len);
		else
			rc = put_escaped(out, f->snippet_redacted,
			                 f->snippet_redacted_len);
	}
	if (!rc)
		rc = kl_buf_printf(out, "%s\n", color ? C_RESET : "");
	if (!rc && f->commit) {
		rc = kl_buf_printf(out, "    commit %.12s ", f->commit->id);
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
			rc = kl_buf_printf(out, "\n    %s\n",
			                   f->present_at_head
			                       ? "still present at HEAD"
			                       : "no longer at HEAD, still "
			                         "in history: rotate it");
	}
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
	return kl_buf_printf(out, "%llu bytes", (unsigned long long)b);
}

int kl_report_text_render(const struct kl_report *rep, bool color,
                          struct kl_buf *out)
{
	size_t by_sev[4] = {0};
	int rc = 0;
	bool first = true;

	for (size_t i = 0; i < rep->findings.n && !rc; i++) {
		by_sev[rep->findings.v[i].severity]++;
		rc = finding(out, rep, &rep->findings.v[i], color);
	}
	for (size_t i = 0; i < rep->errors.n && !rc; i++) {
		rc = kl_buf_puts(out, "error: ");
		if (!rc)
			rc = put_escaped_str(out, rep->errors.v[i].path);
		if (!rc)
			rc = kl_buf_puts(out, ": ");
		if (!rc)
			rc = put_escaped_str(out, rep->errors.v[i].message);
		if (!rc)
			rc = kl_buf_putc(out, '\n');
	}
	if (rc)
		return rc;
	rc = kl_buf_printf(out, "%s%zu finding%s", rep->findings.n ? "\n" : "",
	                   rep->findings.n, rep->findings.n == 1 ? "" : "s");
	if (!rc && rep->findings.n) {
		rc = kl_buf_puts(out, " (");
		for (int s = KL_SEV_CRITICAL; s >= KL_SEV_LOW && !rc; s--) {
			if (!by_sev[s])
				continue;
			rc = kl_buf_printf(
			    out, "%s%zu %s", first ? "" : ", ", by_sev[s],
			    kl_severity_name((enum kl_severity)s));
			first = false;
		}
		if (!rc)
			rc = kl_buf_putc(out, ')');
	}
	if (!rc && rep->mode == KL_MODE_HISTORY)
		rc = kl_buf_printf(out, " in %llu commits, %llu blobs (",
		                   (unsigned long long)rep->counts.commits,
		                   (unsigned long long)rep->counts.blobs);
	else if (!rc)
		rc = kl_buf_printf(out, " in %llu file%s (",
		                   (unsigned long long)rep->counts.files,
		                   rep->counts.files == 1 ? "" : "s");
	if (!rc)
		rc = human_bytes(out, rep->counts.bytes);
	if (!rc)
		rc = kl_buf_printf(out, "), %llu ms",
		                   (unsigned long long)rep->duration_ms);
	if (!rc && rep->errors.n)
		rc = kl_buf_printf(out, ", %zu error%s", rep->errors.n,
		                   rep->errors.n == 1 ? "" : "s");
	if (!rc)
		rc = kl_buf_putc(out, '\n');
	return rc;
}
