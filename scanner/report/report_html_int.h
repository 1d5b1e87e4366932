/*
 * report_html_int: what the two halves of the HTML reporter share: the
 * writing context, whose first error stops all further output (so the
 * sections read as markup, not as error checks), and the escaping
 * helpers every repository string goes through.  report_html.c writes
 * the page, the findings and their filters; report_html_overview.c the
 * sections above them.
 */
#ifndef KL_REPORT_HTML_INT_H
#define KL_REPORT_HTML_INT_H

#include "report.h"

struct kl_html {
	struct kl_buf *out;
	const struct kl_report *rep;
	int rc; /* the first error; once set, nothing more is written */
};

/* Markup, as is: only for text that keylint itself wrote. */
void kl_html_put(struct kl_html *h, const char *s);
void kl_html_printf(struct kl_html *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Untrusted text (NULL: nothing), escaped for text or a quoted
 * attribute value. */
void kl_html_text(struct kl_html *h, const char *s);
void kl_html_text_n(struct kl_html *h, const char *s, size_t n);

/* The secret, redacted unless --show-secrets, escaped. */
void kl_html_secret(struct kl_html *h, const struct kl_finding *f);

/* A repository as the page names it: repository (a finding's or a
 * place's, set in audits), or else the scanned target. */
const char *kl_html_repository(const struct kl_html *h, const char *repository);

/* The sections above the findings, each a <section> with an id. */
void kl_html_summary(struct kl_html *h);
void kl_html_reuse(struct kl_html *h);
void kl_html_timeline(struct kl_html *h);
void kl_html_exposure(struct kl_html *h);

#endif
