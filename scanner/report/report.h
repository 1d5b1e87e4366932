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
#include "reuse.h"
#include "options.h"
#include "source.h"
#include "strv.h"

struct kl_report {
	enum kl_mode mode;
	struct kl_strv targets;
	const struct kl_ruleset *rules; /* the rules in force (borrowed) */
	uint32_t nrules; /* their number when rules is NULL (rebuilt) */
	/* Paths as they open from the current directory, for text (NULL:
	 * as they are; borrowed from the source). */
	const struct kl_path_view *view;
	struct kl_counts counts;
	uint64_t duration_ms;
	struct kl_findings findings;
	/* --explain: candidates the rules, inline markers, .keylintignore,
	 * the baseline or .gitleaksignore dropped, each with its verdict. */
	struct kl_findings dropped;
	struct kl_reuse reuse; /* secrets in more than one application */
	struct kl_errors errors;
	struct kl_strv warnings; /* for standard error, not the report */
	size_t gated;            /* findings at or above --min-severity */
	bool incomplete;         /* the scan could not complete */
	bool show_secrets;
	/* The findings' secrets are already redacted (rebuilt from an audit
	 * report's records): print them as they are. */
	bool secrets_redacted;
	bool explain;  /* --explain: dropped is part of the report */
	bool streamed; /* findings were already written (JSON Lines) */
};

/* Append a finding's secret as the report shows it: in full with
 * --show-secrets or when the report's secrets are already redacted, else
 * redacted (kl_findings_redact). */
int kl_report_secret(const struct kl_report *rep, const char *secret,
                     size_t len, struct kl_buf *out);

/* Render a whole report in one format (text with ANSI colours when
 * color) into out. */
int kl_report_render(const struct kl_report *rep, enum kl_format format,
                     bool color, struct kl_buf *out);

/* Whether text for path (NULL: standard output) gets colours: --color,
 * else never into a file or under NO_COLOR, else when stdout is a
 * terminal. */
bool kl_report_use_color(const struct kl_options *o, const char *path);

/* Release what the report owns (not the struct). */
void kl_report_release(struct kl_report *rep);

/* Write data to path atomically: a temporary file in the same folder,
 * mode 0600, fsync, rename.  Refuses to write through a symbolic link.
 * path NULL or "-": standard output. */
int kl_report_write_file(const char *path, const char *data, size_t len,
                         struct kl_buf *err);

/*
 * The reports of one run (opts->outputs).  Opened before the scan starts,
 * so that an output that cannot be written is known before any work:
 * each file is a temporary file next to its target until the run ends.
 * JSON Lines outputs get each finding as it is made (kl_report_out_finding,
 * when kl_report_out_streams); the others are rendered at the end.
 * kl_report_out_close with keep writes them and renames each temporary
 * file into place; without keep (an interrupted or failed run) it removes
 * them and leaves any earlier report as it was.
 */
struct kl_report_out;

int kl_report_out_open(struct kl_report_out **out,
                       const struct kl_options *opts, struct kl_buf *err);
/* Remove the temporary files, from a signal handler: async-signal-safe,
 * and nothing else may be done with ro afterwards but exit. */
void kl_report_out_abandon(struct kl_report_out *ro);
bool kl_report_out_streams(const struct kl_report_out *ro);
int kl_report_out_finding(struct kl_report_out *ro, const struct kl_report *rep,
                          const struct kl_finding *f, struct kl_buf *err);
int kl_report_out_close(struct kl_report_out *ro, const struct kl_report *rep,
                        bool keep, struct kl_buf *err);

#endif
