/*
 * source: the interface every source of content implements (work tree,
 * standard input, the index, git history), behind one table of
 * operations, the way libgit2 puts object databases behind
 * git_odb_backend.  The runner knows the table, never a source's insides.
 *
 * A source works in two halves.  produce() runs on the calling thread and
 * finds the work (walks a folder, a commit graph, a diff), handing each
 * unit of it to feed->job().  load() runs on a worker thread for each unit
 * and turns it into chunks (reads the file, the blob) for lane->chunk(),
 * which matches them.  Counters, errors and progress go back through the
 * same two structs, so a source never touches the matcher or the report.
 */
#ifndef KL_SOURCE_H
#define KL_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "chunk.h"
#include "config.h"
#include "ledger.h"
#include "options.h"
#include "strv.h"

/* What a scan counts besides findings. */
struct kl_counts {
	uint64_t files, commits, blobs, bytes;
	uint64_t binary, too_large, ignored;
};

/* The producing side of a run, as the runner offers it to produce(). */
struct kl_feed {
	const struct kl_options *opts;
	const struct kl_config *config;
	uint64_t max_file_size;
	struct kl_counts *counts; /* commits and ignored are the source's */
	/* Queue a unit of work for load() (ownership passes with it);
	 * blocks while the queue is full. */
	int (*job)(struct kl_feed *f, void *job);
	void (*error)(struct kl_feed *f, const char *path, const char *message);
	void (*warning)(struct kl_feed *f, const char *message);
	/* How far produce() has come, for the progress line: `done` of
	 * `total` units (commits); total 0 when unknown. */
	void (*progress)(struct kl_feed *f, uint64_t done, uint64_t total);
};

/* Why a file or blob was not scanned. */
enum kl_skip {
	KL_SKIP_TOO_LARGE,
	KL_SKIP_IGNORED,
};

/* One worker thread, as the runner offers it to load(). */
struct kl_lane {
	void *state; /* the source's per-thread state (thread_new) */
	uint64_t max_file_size;
	struct kl_buf *buf; /* a read buffer to reuse, capped */
	/* Match a chunk: binary content is counted and skipped, text is
	 * counted and scanned. */
	int (*chunk)(struct kl_lane *l, const struct kl_chunk *c);
	void (*error)(struct kl_lane *l, const char *path, const char *message);
	void (*skip)(struct kl_lane *l, enum kl_skip why);
};

struct kl_source;

/* Secrets to look for (raw bytes, not NUL-terminated), borrowed. */
struct kl_secrets {
	const char *const *v;
	const size_t *len;
	size_t n;
};

struct kl_source_ops {
	const char *name;
	/* At most this many worker threads (0: as many as asked). */
	unsigned max_threads;
	/* Read a file of what is scanned (.keylint.json, .keylintignore,
	 * package.json) by relative path, up to max bytes: from the folder,
	 * the tip commit or the index.  KL_ENOTFOUND when absent; KL_EIO or
	 * KL_EINVAL (too large) with one line in err when it cannot be
	 * read. */
	int (*read_file)(struct kl_source *src, const char *relpath, size_t max,
	                 struct kl_buf *out, struct kl_buf *err);
	/* Optional per-thread state, made and freed on the calling thread. */
	int (*thread_new)(struct kl_source *src, void **state);
	void (*thread_free)(struct kl_source *src, void *state);
	/* Find the work.  KL_EIO (with a message in err) when nothing at all
	 * could be read: the report is then marked incomplete.  Other
	 * non-zero values are failures of the run. */
	int (*produce)(struct kl_source *src, struct kl_feed *feed,
	               struct kl_buf *err);
	/* Turn one unit of work into chunks; owns and frees job. */
	void (*load)(struct kl_source *src, struct kl_lane *lane, void *job);
	/* Optional, a second round run only when the first one found
	 * something (history with revisions): jobs for content outside what
	 * produce() walked that may hold one of the secrets (a history
	 * range's excluded side, HEAD's tree), handed to the same load().
	 * Content that holds none of them is not matched.  The ledger tells
	 * what the round's chunks are.  Returns like produce(). */
	int (*recheck)(struct kl_source *src, struct kl_feed *feed,
	               const struct kl_secrets *secrets, struct kl_buf *err);
	/* Optional, after every job ran: KL_EIO with a message in err when
	 * nothing at all could be read (the report is incomplete). */
	int (*finish)(struct kl_source *src, struct kl_buf *err);
	/* Optional: for sources whose chunks are blobs seen at many paths,
	 * where each blob appeared (valid after produce). */
	const struct kl_ledger *(*ledger)(struct kl_source *src);
	void (*free)(struct kl_source *src);
};

/* Every source struct starts with this. */
struct kl_source {
	const struct kl_source_ops *ops;
	/* Side files are named ROOT/RELPATH in messages (a scanned folder),
	 * or RELPATH alone when NULL (a commit, the index). */
	const char *root;
	/* Reported paths seen from the current directory (NULL: as they
	 * are), for text meant to be opened. */
	const struct kl_path_view *view;
	/* The source covers all its root holds (a whole work tree, every
	 * ref), so an ignore entry that matched nothing is stale. */
	bool whole;
};

struct kl_path_view;

/* The name of a side file in messages, appended to out. */
int kl_source_origin(const struct kl_source *src, const char *relpath,
                     struct kl_buf *out);

/* Free any source (NULL is fine). */
void kl_source_free(struct kl_source *src);

#endif
