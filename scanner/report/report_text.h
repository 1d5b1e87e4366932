/*
 * report_text: the human-readable report: one block per finding
 * (`path:line:column: severity rule_id description`, then a redacted
 * snippet), errors, and a summary line.  Everything that came from scanned
 * content or file names is escaped so it cannot drive the terminal.
 */
#ifndef KL_REPORT_TEXT_H
#define KL_REPORT_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "report.h"

int kl_report_text_render(const struct kl_report *rep, bool color,
                          struct kl_buf *out);

/* `keylint explain`: every candidate of the report (its findings and,
 * with --explain, what was dropped) on line (0: every line), in line
 * order, one a line with what became of it. */
int kl_report_text_explain(const struct kl_report *rep, uint32_t line,
                           bool color, struct kl_buf *out);

#endif
