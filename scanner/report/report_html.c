/*
 * report_html: the page itself: the head with its Content-Security-Policy,
 * the one inline style and the one inline script (both constant, named in
 * the policy by their SHA-256), then every finding with its remediation
 * and the filters.  The findings are plain markup, so the page reads the
 * same without script; the script only hides what the filters leave out.
 * Nothing from a repository reaches the page but through
 * kl_text_escape_html, and nothing of it goes inside <script> or <style>.
 */
#include "report_html.h"

#include <stdarg.h>
#include <string.h>

#include "base64.h"
#include "report_html_int.h"
#include "sha256.h"
#include "text.h"

static const char style[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;"
    "max-width:72rem;padding:1rem 1.5rem;color:#1b1f24;background:#fff}"
    "h1{font-size:1.6rem;margin:.2rem 0}"
    "h2{font-size:1.25rem;border-bottom:1px solid #d0d7de;"
    "padding-bottom:.2rem;margin-top:2rem}"
    "h3{font-size:1.05rem;margin:1rem 0 .3rem}"
    "table{border-collapse:collapse;margin:.4rem 0}"
    "th,td{text-align:left;padding:.2rem .7rem .2rem 0;"
    "vertical-align:top;border-bottom:1px solid #eaeef2}"
    "td.n{text-align:right}"
    "code,.path{font-family:ui-monospace,monospace;font-size:.9em;"
    "overflow-wrap:anywhere}"
    "td>code{white-space:nowrap}"
    ".snippet{display:block;background:#f6f8fa;padding:.3rem .5rem;"
    "white-space:pre-wrap;overflow-wrap:anywhere}"
    ".sev{display:inline-block;min-width:4.5rem;font-weight:600}"
    ".sev-critical{color:#8250df}.sev-high{color:#cf222e}"
    ".sev-medium{color:#9a6700}.sev-low{color:#0969da}"
    ".muted{color:#57606a}"
    ".finding{border:1px solid #d0d7de;border-radius:6px;"
    "padding:.5rem .8rem;margin:.6rem 0}"
    ".finding dl{display:grid;grid-template-columns:9rem 1fr;"
    "gap:.1rem .6rem;margin:.4rem 0 0}"
    ".finding dt{color:#57606a}.finding dd{margin:0}"
    ".group{border-left:4px solid #cf222e;padding-left:.8rem;"
    "margin:.8rem 0}"
    "#kl-filters{display:flex;flex-wrap:wrap;gap:.4rem 1rem;"
    "align-items:center;background:#f6f8fa;padding:.5rem .8rem;"
    "border-radius:6px}"
    "#kl-filters[hidden]{display:none}"
    "meter{width:12rem}"
    "@media print{#kl-filters{display:none}}";

/* The filters: what each select offers is read from the findings' data
 * attributes and added as text (new Option), never as markup.  A link
 * to report.html#sev=high&rule=jwt opens with those filters set. */
static const char script[] =
    "(function () {\n"
    "\"use strict\";\n"
    "var keys = [\"repo\", \"rule\", \"sev\", \"state\"];\n"
    "var rank = {critical: 0, high: 1, medium: 2, low: 3};\n"
    "var items = Array.prototype.slice.call(\n"
    "\tdocument.querySelectorAll(\"[data-kl-finding]\"));\n"
    "var form = document.getElementById(\"kl-filters\");\n"
    "var shown = document.getElementById(\"kl-shown\");\n"
    "var selects = {};\n"
    "document.documentElement.setAttribute(\"data-kl-script\", \"ran\");\n"
    "if (!form)\n"
    "\treturn; /* nothing found, nothing to filter */\n"
    "function apply() {\n"
    "\tvar n = 0;\n"
    "\titems.forEach(function (it) {\n"
    "\t\tvar ok = keys.every(function (k) {\n"
    "\t\t\tvar v = selects[k].value;\n"
    "\t\t\treturn v === \"\" || it.getAttribute(\"data-\" + k) === v;\n"
    "\t\t});\n"
    "\t\tit.hidden = !ok;\n"
    "\t\tn += ok ? 1 : 0;\n"
    "\t});\n"
    "\tshown.textContent = String(n);\n"
    "}\n"
    "keys.forEach(function (k) {\n"
    "\tvar sel = document.getElementById(\"kl-f-\" + k), seen = {};\n"
    "\tvar values = [];\n"
    "\tselects[k] = sel;\n"
    "\titems.forEach(function (it) {\n"
    "\t\tvar v = it.getAttribute(\"data-\" + k);\n"
    "\t\tif (v !== null && !Object.prototype.hasOwnProperty.call(seen, v)) {\n"
    "\t\t\tseen[v] = true;\n"
    "\t\t\tvalues.push(v);\n"
    "\t\t}\n"
    "\t});\n"
    "\tvalues.sort(function (a, b) {\n"
    "\t\tif (k === \"sev\")\n"
    "\t\t\treturn rank[a] - rank[b];\n"
    "\t\treturn a < b ? -1 : a > b ? 1 : 0;\n"
    "\t});\n"
    "\tvalues.forEach(function (v) {\n"
    "\t\tsel.appendChild(new Option(v, v));\n"
    "\t});\n"
    "\tsel.addEventListener(\"change\", apply);\n"
    "});\n"
    "function fromHash() {\n"
    "\tlocation.hash.replace(/^#/, \"\").split(\"&\").forEach(function (kv) {\n"
    "\t\tvar i = kv.indexOf(\"=\"), k, v;\n"
    "\t\tif (i < 0)\n"
    "\t\t\treturn;\n"
    "\t\ttry {\n"
    "\t\t\tk = decodeURIComponent(kv.slice(0, i));\n"
    "\t\t\tv = decodeURIComponent(kv.slice(i + 1));\n"
    "\t\t} catch (e) {\n"
    "\t\t\treturn;\n"
    "\t\t}\n"
    "\t\tif (Object.prototype.hasOwnProperty.call(selects, k))\n"
    "\t\t\tselects[k].value = v;\n"
    "\t});\n"
    "\tapply();\n"
    "}\n"
    "window.addEventListener(\"hashchange\", fromHash);\n"
    "form.hidden = false;\n"
    "fromHash();\n"
    "})();\n";

void kl_html_put(struct kl_html *h, const char *s)
{
	if (!h->rc)
		h->rc = kl_buf_puts(h->out, s);
}

void kl_html_printf(struct kl_html *h, const char *fmt, ...)
{
	va_list ap;

	if (h->rc)
		return;
	va_start(ap, fmt);
	h->rc = kl_buf_vprintf(h->out, fmt, ap);
	va_end(ap);
}

void kl_html_text_n(struct kl_html *h, const char *s, size_t n)
{
	if (!h->rc && s)
		h->rc = kl_text_escape_html(h->out, s, n);
}

void kl_html_text(struct kl_html *h, const char *s)
{
	kl_html_text_n(h, s, s ? strlen(s) : 0);
}

void kl_html_secret(struct kl_html *h, const struct kl_finding *f)
{
	struct kl_buf red = KL_BUF_INIT;

	if (h->rc)
		return;
	h->rc = kl_report_secret(h->rep, f->secret, f->secret_len, &red);
	kl_html_text_n(h, red.ptr ? red.ptr : "", red.len);
	kl_buf_free(&red);
}

const char *kl_html_repository(const struct kl_html *h, const char *repository)
{
	const struct kl_strv *t = &h->rep->targets;

	if (repository)
		return repository;
	return t->n == 1 ? t->v[0] : ".";
}

/* "'sha256-BASE64'" of s, for the policy. */
static void csp_hash(struct kl_html *h, const char *s)
{
	unsigned char d[KL_SHA256_LEN];

	kl_sha256(s, strlen(s), d);
	kl_html_put(h, "'sha256-");
	if (!h->rc)
		h->rc = kl_base64_encode(h->out, d, sizeof(d));
	kl_html_put(h, "'");
}

static const char *mode_name(enum kl_mode m)
{
	return m == KL_MODE_HISTORY  ? "history"
	       : m == KL_MODE_STAGED ? "staged"
	                             : "scan";
}

static void head(struct kl_html *h)
{
	const struct kl_report *rep = h->rep;
	const struct kl_counts *c = &rep->counts;

	kl_html_put(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	               "<meta charset=\"utf-8\">\n"
	               "<meta http-equiv=\"Content-Security-Policy\" "
	               "content=\"default-src 'none'; style-src ");
	csp_hash(h, style);
	kl_html_put(h, "; script-src ");
	csp_hash(h, script);
	kl_html_put(h, "; img-src 'none'; font-src 'none'; connect-src "
	               "'none'; base-uri 'none'; form-action 'none'\">\n"
	               "<meta name=\"referrer\" content=\"no-referrer\">\n"
	               "<meta name=\"viewport\" "
	               "content=\"width=device-width, initial-scale=1\">\n"
	               "<title>keylint report</title>\n<style>");
	kl_html_put(h, style);
	kl_html_put(h, "</style>\n</head>\n<body>\n<header>\n"
	               "<h1>keylint report</h1>\n<p class=\"muted\">");
	kl_html_printf(h, "keylint %s of ", mode_name(rep->mode));
	for (size_t i = 0; i < rep->targets.n; i++) {
		kl_html_put(h, i ? ", <span class=\"path\">"
		                 : "<span class=\"path\">");
		kl_html_text(h, rep->targets.v[i]);
		kl_html_put(h, "</span>");
	}
	if (rep->mode == KL_MODE_HISTORY)
		kl_html_printf(h, ": %llu %s, %llu %s",
		               (unsigned long long)c->commits,
		               c->commits == 1 ? "commit" : "commits",
		               (unsigned long long)c->blobs,
		               c->blobs == 1 ? "blob" : "blobs");
	else
		kl_html_printf(h, ": %llu %s", (unsigned long long)c->files,
		               c->files == 1 ? "file" : "files");
	kl_html_printf(h, ", %llu bytes, %llu ms", (unsigned long long)c->bytes,
	               (unsigned long long)rep->duration_ms);
	if (rep->incomplete)
		kl_html_put(h, ". <strong>The scan could not complete: this "
		               "report may miss findings.</strong>");
	kl_html_put(h, "</p>\n<nav><a href=\"#summary\">Summary</a> &middot; "
	               "<a href=\"#reuse\">Reused secrets</a> &middot; "
	               "<a href=\"#timeline\">Timeline</a> &middot; "
	               "<a href=\"#exposure\">At HEAD and in history</a> "
	               "&middot; <a href=\"#findings\">Findings</a></nav>\n"
	               "</header>\n");
}

/* Where a finding is now, for the State filter. */
static const char *state_of(const struct kl_finding *f)
{
	if (!f->commit)
		return "in the files";
	return f->present_at_head ? "at HEAD" : "history only";
}

static void filters(struct kl_html *h)
{
	static const struct {
		const char *key, *label;
	} sel[] = {{"repo", "Repository"},
	           {"rule", "Rule"},
	           {"sev", "Severity"},
	           {"state", "State"}};

	kl_html_put(h, "<form id=\"kl-filters\" hidden>");
	for (size_t i = 0; i < sizeof(sel) / sizeof(*sel); i++)
		kl_html_printf(h,
		               "<label>%s <select id=\"kl-f-%s\">"
		               "<option value=\"\">all</option></select>"
		               "</label>",
		               sel[i].label, sel[i].key);
	kl_html_printf(h,
	               "<span><span id=\"kl-shown\">%zu</span> of %zu "
	               "shown</span></form>\n",
	               h->rep->findings.n, h->rep->findings.n);
}

static void commit_lines(struct kl_html *h, const struct kl_finding *f)
{
	const struct kl_commit_info *ci = f->commit;

	kl_html_put(h, "<dt>introduced</dt><dd><code>");
	kl_html_text_n(h, ci->id, strnlen(ci->id, 12));
	kl_html_put(h, "</code> ");
	kl_html_text(h, ci->date);
	kl_html_put(h, " by ");
	kl_html_text(h, ci->author);
	kl_html_put(h, " &lt;");
	kl_html_text(h, ci->email);
	kl_html_put(h, "&gt;: ");
	kl_html_text(h, ci->summary);
	kl_html_put(h, "</dd>\n<dt>at HEAD</dt><dd>");
	if (!f->present_at_head)
		kl_html_put(h, "no: only history holds it");
	for (size_t i = 0; f->present_at_head && i < f->head_paths.n; i++) {
		kl_html_put(h, i ? ", <span class=\"path\">"
		                 : "<span class=\"path\">");
		kl_html_text(h, f->head_paths.v[i]);
		kl_html_put(h, "</span>");
	}
	if (f->reachable_from.n) {
		kl_html_put(h, "</dd>\n<dt>in refs</dt><dd>");
		for (size_t i = 0; i < f->reachable_from.n; i++) {
			kl_html_put(h, i ? ", <code>" : "<code>");
			kl_html_text(h, f->reachable_from.v[i]);
			kl_html_put(h, "</code>");
		}
	}
	kl_html_put(h, "</dd>\n");
}

static void finding(struct kl_html *h, const struct kl_finding *f)
{
	const char *sev = kl_severity_name(f->severity);
	struct kl_buf b = KL_BUF_INIT;

	kl_html_put(h, "<article class=\"finding\" data-kl-finding "
	               "data-repo=\"");
	kl_html_text(h, kl_html_repository(h, f->repository));
	kl_html_put(h, "\" data-rule=\"");
	kl_html_text(h, f->rule->id);
	kl_html_printf(h,
	               "\" data-sev=\"%s\" data-state=\"%s\">\n"
	               "<h3><span class=\"sev sev-%s\">%s</span> "
	               "<span class=\"path\">",
	               sev, state_of(f), sev, sev);
	kl_html_text(h, f->path);
	kl_html_printf(h, ":%u:%u</span></h3>\n<p><code>", f->line, f->column);
	kl_html_text(h, f->rule->id);
	kl_html_put(h, "</code> ");
	kl_html_text(h, f->rule->description);
	for (size_t i = 0; i < f->decoded.n; i++) {
		kl_html_put(h, i ? ", " : " (decoded: ");
		kl_html_text(h, f->decoded.v[i]);
		kl_html_put(h, i + 1 == f->decoded.n ? ")" : "");
	}
	kl_html_put(h, "</p>\n<code class=\"snippet\">");
	if (!f->snippet_redacted) /* rebuilt from a record: no snippet */
		kl_html_secret(h, f);
	else if (h->rep->show_secrets)
		kl_html_text_n(h, f->snippet, f->snippet_len);
	else
		kl_html_text_n(h, f->snippet_redacted, f->snippet_redacted_len);
	kl_html_put(h, "</code>\n<dl>\n<dt>repository</dt><dd>");
	kl_html_text(h, kl_html_repository(h, f->repository));
	if (f->application && *f->application) {
		kl_html_put(h, "</dd>\n<dt>application</dt><dd "
		               "class=\"path\">");
		kl_html_text(h, f->application);
	}
	kl_html_put(h, "</dd>\n<dt>secret</dt><dd><code>");
	kl_html_secret(h, f);
	kl_html_put(h, "</code></dd>\n");
	if (f->client_side) {
		kl_html_put(h, "<dt>client-side</dt><dd>");
		kl_html_text(h, f->client_side_reason);
		kl_html_put(h, "</dd>\n");
	}
	if (f->commit)
		commit_lines(h, f);
	if (!h->rc)
		h->rc = kl_finding_fingerprint(f, &b);
	kl_html_put(h, "<dt>fingerprint</dt><dd><code>");
	kl_html_text_n(h, b.ptr ? b.ptr : "", b.len);
	kl_html_put(h, "</code></dd>\n<dt>fix</dt><dd class=\"fix\">");
	kl_buf_clear(&b);
	if (!h->rc)
		h->rc = kl_finding_remediation(
		    f, h->rep->mode == KL_MODE_HISTORY, &b);
	kl_html_text_n(h, b.ptr ? b.ptr : "", b.len);
	kl_html_put(h, "</dd>\n</dl>\n</article>\n");
	kl_buf_free(&b);
}

static void findings(struct kl_html *h)
{
	const struct kl_report *rep = h->rep;

	kl_html_put(h, "<section id=\"findings\">\n<h2>Findings</h2>\n");
	if (!rep->findings.n)
		kl_html_put(h, "<p>No secrets found.</p>\n");
	else
		filters(h);
	for (size_t i = 0; i < rep->findings.n; i++)
		finding(h, &rep->findings.v[i]);
	kl_html_put(h, "</section>\n");
}

static void errors(struct kl_html *h)
{
	const struct kl_errors *e = &h->rep->errors;

	if (!e->n)
		return;
	kl_html_printf(h,
	               "<section id=\"errors\">\n<h2>Errors (%zu)</h2>\n"
	               "<p>What could not be scanned.</p>\n<ul>\n",
	               e->n);
	for (size_t i = 0; i < e->n; i++) {
		kl_html_put(h, "<li>");
		if (e->v[i].path && *e->v[i].path) {
			kl_html_put(h, "<span class=\"path\">");
			kl_html_text(h, e->v[i].path);
			kl_html_put(h, "</span>: ");
		}
		kl_html_text(h, e->v[i].message);
		kl_html_put(h, "</li>\n");
	}
	kl_html_put(h, "</ul>\n</section>\n");
}

int kl_report_html_render(const struct kl_report *rep, struct kl_buf *out)
{
	struct kl_html h = {out, rep, 0};

	head(&h);
	kl_html_put(&h, "<main>\n");
	kl_html_summary(&h);
	kl_html_reuse(&h);
	kl_html_timeline(&h);
	kl_html_exposure(&h);
	findings(&h);
	errors(&h);
	kl_html_put(&h, "</main>\n<footer class=\"muted\"><p>Secrets are ");
	kl_html_put(&h, rep->show_secrets ? "shown in full (--show-secrets): "
	                                    "keep this file private."
	                                  : "redacted.");
	kl_html_put(&h, "</p></footer>\n<script>");
	kl_html_put(&h, script);
	kl_html_put(&h, "</script>\n</body>\n</html>\n");
	return h.rc;
}
