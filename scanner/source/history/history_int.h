/*
 * history_int: the state of one history source, shared by its files.
 */
#ifndef KL_HISTORY_INT_H
#define KL_HISTORY_INT_H

#include <git2.h>

#include "history.h"
#include "map.h"

struct commit {
	git_oid id;
	git_oid tree;
	int64_t time;
	uint32_t parent_off, nparents; /* in-walk parents: edges[] */
	uint32_t child_off, nchildren; /* in-walk children: edges[] */
	uint32_t all_off, nall;        /* readable parents (walked or
	                                  hidden), for tree comparison */
	uint32_t del_off, ndel;        /* dels[] of this commit */
	bool boundary;                 /* a parent could not be read */
};

struct ref {
	char *name;
	git_oid tip;
};

struct blob {
	git_oid id;
	uint32_t path; /* first path, for messages and rule masks */
};

/* The folders one commit's walk looked up, by object id (treediff.c). */
struct tree_slot {
	git_oid id;
	git_tree *tree; /* NULL: empty slot; a reference the slot owns */
};

struct tree_gen {
	struct tree_slot *slot; /* open addressing; cap is a power of two */
	size_t n, cap;
};

/* What a job handed to the workers is: its first member. */
enum job_kind {
	JOB_BLOB, /* struct blob_job: one blob, read through libgit2 */
	JOB_PACK, /* struct pack_job (bulk.c): part of a pack, read directly */
};

/* A blob for a worker to read and scan. */
struct blob_job {
	enum job_kind kind;
	uint32_t blob;
	git_oid id;
	bool gated; /* recheck: matched only if it holds a wanted secret */
	char *path; /* its first path */
};

/* A worker's state: its own repository handle, as libgit2 asks, and what
 * the pack reader needs (bulk.c). */
struct hthread {
	git_repository *repo;
	git_odb *odb;
	struct libdeflate_decompressor *inflate;
	struct bulk_frame *frames; /* the delta tree being resolved */
	size_t aframes;
	uint8_t *delta; /* an inflated delta, reused */
	size_t adelta;
	size_t live; /* bytes held by frames */
};

struct oids {
	git_oid *v;
	size_t n, alloc;
};

struct kl_history {
	struct kl_source base;
	const struct kl_options *opts;
	git_repository *repo;
	char *repo_path; /* for per-thread handles */
	struct oids pos, neg;
	git_oid tip;
	bool has_tip;
	struct ref *refs;
	size_t nrefs, arefs;
	bool shallow;
	struct kl_strv open_errors; /* problems met before the walk */
	char *first_error; /* the first object that could not be read */

	/* The walk (graph.c). */
	struct kl_feed *feed; /* during produce */
	struct commit *commits;
	size_t ncommits, acommits;
	struct kl_map *commit_index; /* oid -> commit */
	struct kl_map *hidden;       /* oids excluded by ^rev / A..B */
	struct oids all_parents;     /* readable parents, by all_off */
	uint32_t *edges;
	size_t nedges, aedges;
	uint32_t *order;
	size_t missing_parents;

	/* First sightings (treediff.c). */
	struct kl_map *path_index; /* path -> number */
	struct kl_strv paths;
	struct kl_map *blob_index; /* oid -> blob number */
	struct blob *blobs;
	size_t nblobs, ablobs;
	struct kl_map *seen_pairs; /* oid + path number */
	struct kl_appearance *apps;
	size_t napps, aapps;
	uint32_t *dels; /* blob numbers, by commit's del_off */
	size_t ndels, adels;
	struct tree_gen trees[2]; /* [0] this commit's, [1] the previous */

	struct kl_head_entry *head;
	size_t nhead, ahead;

	/* The pack reader (bulk.c): while the walk defers jobs, blobs are
	 * only numbered, and handed out by pack region afterwards. */
	bool defer_jobs;
	struct bulk_pack *packs;
	size_t npacks;

	/* The second round (recheck.c). */
	bool defer_head;             /* HEAD's tree is read in the recheck */
	bool gating;                 /* new blobs are recheck jobs */
	struct kl_prefilter *wanted; /* the secrets a recheck looks for */
	uint32_t *held;              /* blobs of the excluded side's trees */
	size_t nheld, aheld;
	struct kl_map *held_index;
	struct kl_ledger ledger;
};

/* revs.c: refs and the revisions to walk (pos, neg, tip). */
int kl_history__revs(struct kl_history *h, struct kl_buf *err);

/* graph.c: the commits to walk, in order, and what the ledger asks. */
int kl_history__graph(struct kl_history *h);
int kl_history__reachable(const struct kl_ledger *l, uint32_t commit,
                          struct kl_strv *refs);
int kl_history__commit_info(const struct kl_ledger *l, uint32_t commit,
                            struct kl_commit_info *out);

/* treediff.c: the first sightings of one commit, and the blob record
 * (new blobs are handed to the feed). */
int kl_history__walk_commit(struct kl_history *h, uint32_t c);
int kl_history__intern_path(struct kl_history *h, const char *path,
                            uint32_t *id);
int kl_history__blob_for(struct kl_history *h, const git_oid *id, uint32_t path,
                         uint32_t *out);
void kl_history__trees_free(struct kl_history *h);

/* history.c: read one blob through libgit2 and hand it on (a blob job, or
 * what the pack reader cannot serve).  id and path are the caller's: the
 * blob table may grow on the producing thread meanwhile. */
void kl_history__load_blob(const struct kl_history *h, struct kl_lane *lane,
                           struct hthread *t, uint32_t blob, const git_oid *id,
                           const char *path, bool gated);

/* bulk.c: after the walk, hand every numbered blob to the workers: by
 * pack region where the packs can be read directly, one job per blob
 * otherwise.  Then load() of a pack job, and the pack reader's part of
 * the source's teardown. */
int kl_history__bulk(struct kl_history *h);
void kl_history__bulk_load(const struct kl_history *h, struct kl_lane *lane,
                           struct hthread *t, void *job);
void kl_history__bulk_thread_free(struct hthread *t);
void kl_history__bulk_free(struct kl_history *h);

/* treediff.c: hand one numbered blob to the workers through libgit2. */
int kl_history__submit_blob(struct kl_history *h, uint32_t b);

/* history.c: HEAD's blobs, for present_at_head and head_paths. */
int kl_history__collect_head(struct kl_history *h);

/* recheck.c: the second round of a scan with revisions, and whether a
 * recheck job's blob holds a wanted secret. */
int kl_history__recheck(struct kl_source *src, struct kl_feed *feed,
                        const struct kl_secrets *secrets, struct kl_buf *err);
bool kl_history__wanted(const struct kl_history *h, const char *data,
                        size_t len);

/* graph.c: an error entry "WHAT ID cannot be read: REASON" at path (the
 * first one is kept for the "no commit could be read" message). */
void kl_history__error(struct kl_history *h, const char *path, const char *what,
                       const git_oid *id);

#endif
