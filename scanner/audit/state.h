/*
 * state: what `keylint audit --state FILE` remembers of each repository
 * between runs: the refs it scanned (name -> commit), a fingerprint of
 * the rules and options, the blobs it read and found nothing in, and the
 * repository's records (findings as reported: redacted).  A repository
 * whose refs and fingerprint are unchanged gets its records again
 * without any blob read; one with new commits reads only blobs that are
 * new or had findings; one whose history was rewritten is walked as it
 * now is, so what no ref reaches any more is gone.  The file never holds
 * a secret: with --show-secrets no records are kept.
 */
#ifndef KL_STATE_H
#define KL_STATE_H

#include <cjson/cJSON.h>

#include "blobstate.h"
#include "buf.h"
#include "options.h"

struct kl_state;

/* Load path (a missing file is an empty state).  KL_EINVAL or KL_EIO
 * with one line in err for a file that is not a state. */
int kl_state_load(struct kl_state **out, const char *path, struct kl_buf *err);
void kl_state_free(struct kl_state *st);

/* The refs of the repository at path as an object (name -> hex id,
 * HEAD included); NULL when it cannot be read. */
cJSON *kl_state_refs(const char *path);

/* The fingerprint of what decides findings: keylint's version, the
 * rules in force, the options that change what is read, and the bytes of
 * the rules files, config and baseline named by the options (read on the
 * first call of a run; every repository of a run has the same).  (The
 * repository's own .keylint.json and .keylintignore are read from its tip
 * commit, so the refs already cover them.) */
void kl_state_fingerprint(struct kl_state *st, const struct kl_ruleset *rs,
                          const struct kl_options *o, char out[17]);

/* The earlier records of name when its refs and fingerprint are what
 * they were (borrowed), else NULL. */
const cJSON *kl_state_replay(const struct kl_state *st, const char *name,
                             const cJSON *refs, const char *fingerprint);

/* Fill bs->clean with the blobs name's earlier run found clean, when the
 * fingerprint is unchanged (the map is owned by st). */
int kl_state_clean(struct kl_state *st, const char *name,
                   const char *fingerprint, struct kl_blobstate *bs);

/* Record this run of name for the next (refs and records are taken;
 * records NULL: none kept).  Repositories not recorded in this run are
 * not written back. */
int kl_state_record(struct kl_state *st, const char *name, cJSON *refs,
                    const char *fingerprint, const struct kl_blobstate *bs,
                    cJSON *records);

/* Keep a replayed repository as it was. */
int kl_state_keep(struct kl_state *st, const char *name);

/* history --state: the repository's key in the state (its folder, made
 * absolute) into key. */
int kl_state_history_key(const struct kl_options *o, struct kl_buf *key);

/* Write the new state to path (atomically, mode 0600). */
int kl_state_save(struct kl_state *st, const char *path, struct kl_buf *err);

#endif
