/*
 * report_json: the JSON report of README.md, built with cJSON, and
 * the one-object-per-line JSONL form.  Every byte string (paths, secrets,
 * snippets, commit fields) is made valid UTF-8 before it reaches cJSON, so
 * the output always parses.
 */
#ifndef KL_REPORT_JSON_H
#define KL_REPORT_JSON_H

#include "buf.h"
#include "report.h"

struct cJSON;

/* The whole report as pretty-printed JSON, with a final newline. */
int kl_report_json_render(const struct kl_report *rep, struct kl_buf *out);

/* One finding as a JSON object (caller frees with cJSON_Delete). */
int kl_report_json_finding(const struct kl_report *rep,
                           const struct kl_finding *f, struct cJSON **out);

/* JSON Lines: one compact finding object and a newline, appended to out
 * (render_line for one finding, render_lines for the whole report). */
int kl_report_json_render_line(const struct kl_report *rep,
                               const struct kl_finding *f, struct kl_buf *out);
int kl_report_json_render_lines(const struct kl_report *rep,
                                struct kl_buf *out);

/* A baseline of the report's findings: for each distinct rule and
 * secret, the rule id and the digest (what matching needs, nothing more;
 * one entry a line, so a change reviews well). */
int kl_report_json_render_baseline(const struct kl_report *rep,
                                   struct kl_buf *out);

/* Add s[0, len) to obj under key, as valid UTF-8 (helper shared with the
 * SARIF reporter). */
int kl_report_json_add_bytes(struct cJSON *obj, const char *key, const char *s,
                             size_t len);

#endif
