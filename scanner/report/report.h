/*
 * report: what a scan found, as the reporters see it, and writing it in
 * the chosen format to standard output or, with -o, to a file that is
 * replaced atomically and created with mode 0600 (it may name where
 * secrets live).  Rendering itself is done by the format modules
 * (report_json, report_text, report_sarif).
 */
#ifndef KL_REPORT_H
#define KL_REPORT_H

#include <stdbool.h>

#include "buf.h"
#include "errors.h"
#include "findings.h"
#include "options.h"
#include "source.h"
#include "strv.h"

struct kl_report {
	enum kl_mode mode;
	struct kl_strv targets;
	const struct kl_ruleset *rules; /* the rules in force (borrowed) */
	struct kl_counts counts;
	uint64_t duration_ms;
	struct kl_findings findings;
	struct kl_errors errors;
	struct kl_strv warnings; /* for standard error, not the report */
	size_t gated;            /* findings at or above --min-severity */
	bool incomplete;         /* the scan could not complete */
	bool show_secrets;
	bool streamed; /* findings were already written (JSON Lines) */
};

/* Release what the report owns (not the struct). */
void kl_report_release(struct kl_report *rep);

/* Render rep as opts->format and write it.  Errors (unwritable output,
 * -o naming a symbolic link) return KL_EIO with one line in err. */
int kl_report_write(const struct kl_report *rep, const struct kl_options *opts,
                    struct kl_buf *err);

/* Write data to path atomically: a temporary file in the same folder,
 * mode 0600, fsync, rename.  Refuses to write through a symbolic link.
 * path NULL or "-": standard output. */
int kl_report_write_file(const char *path, const char *data, size_t len,
                         struct kl_buf *err);

/* JSON Lines streamed as findings are confirmed (--format jsonl): one
 * object per line, to standard output or to opts->output (a temporary
 * file renamed into place by kl_report_stream_close with keep). */
struct kl_report_stream;

int kl_report_stream_open(struct kl_report_stream **out,
                          const struct kl_options *opts, struct kl_buf *err);
int kl_report_stream_finding(struct kl_report_stream *s,
                             const struct kl_report *rep,
                             const struct kl_finding *f, struct kl_buf *err);
int kl_report_stream_close(struct kl_report_stream *s, bool keep,
                           struct kl_buf *err);

#endif
