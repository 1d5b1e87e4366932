/*
 * report_html: the report as one self-contained HTML page for people: a
 * summary by severity and rule, the reused secrets first, when secrets
 * were introduced, what is still at HEAD and what only history holds,
 * then every finding with its remediation, filtered in the page by
 * repository, rule, severity and state.  The page loads nothing: its one
 * style and one script are inline and named by their SHA-256 in a
 * Content-Security-Policy that allows nothing else.
 */
#ifndef KL_REPORT_HTML_H
#define KL_REPORT_HTML_H

#include "buf.h"
#include "report.h"

/* Append the page to out.  Every string that came from a repository, a
 * rule file or the command line is escaped (kl_text_escape_html), and
 * secrets are redacted unless rep->show_secrets, as in every format.
 * The same report gives the same bytes. */
int kl_report_html_render(const struct kl_report *rep, struct kl_buf *out);

#endif
