/*
 * engine: turns a chunk into hits.  The engine is the read-only part (the
 * rules, and which of them depend on the path); a worker is one thread's
 * mutable part (a matcher, the rule mask, scratch buffers).  It decides
 * which rules run on a chunk from the chunk's rule path, lets the matcher
 * find hits, and counts regex limits and rules that could not run, for
 * warnings.  It does not make findings (findings.h does) and knows no
 * source.
 */
#ifndef KL_ENGINE_H
#define KL_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "config.h"
#include "matcher.h"
#include "rules.h"
#include "strv.h"

struct kl_engine;
struct kl_worker;

/* An engine for a finalized rule set and the config's global allowlist
 * (both borrowed for the engine's life).  whole: match whole content
 * instead of keyword windows (the reference path, for tests). */
int kl_engine_new(struct kl_engine **out, const struct kl_ruleset *rs,
                  const struct kl_config *cfg, bool whole);

/* Have workers made after this keep every candidate with its verdict
 * (--explain; kl_worker_candidates). */
void kl_engine_record(struct kl_engine *eng, bool on);
void kl_engine_free(struct kl_engine *eng);

/* One thread's matching state (the engine is borrowed). */
int kl_worker_new(struct kl_worker **out, const struct kl_engine *eng);
void kl_worker_free(struct kl_worker *w);

/*
 * Match a chunk.  Only rules that apply to the chunk's rule path run.  On
 * success *hits (owned by the worker, valid until the next call) holds the
 * confirmed hits, and *text the content they point into: the chunk's data,
 * or a copy with escaped quotes unescaped (same length, same offsets).
 * Fails only on allocation failure.
 */
int kl_worker_match(struct kl_worker *w, const struct kl_chunk *c,
                    const struct kl_hit **hits, size_t *nhits,
                    const char **text);

/* With kl_engine_record: every candidate of the last kl_worker_match,
 * kept or dropped, pointing into the same text as its hits. */
void kl_worker_candidates(const struct kl_worker *w,
                          const struct kl_candidate **out, size_t *n);

/* Whether a lock or checksum file (generic rules stay quiet there). */
bool kl_engine_is_lockfile(const char *path);

/* Whether a hit of rule r, found without regard to a path, holds at this
 * path (the rule's paths, and lock files for generic rules). */
bool kl_engine_rule_keeps(const struct kl_rule *r, const char *path);

/* The warnings of a run's workers, one line each, appended to out: rules
 * whose regex hit a PCRE2 limit (with a count and the first path) and
 * rules that could not run. */
int kl_engine_warnings(const struct kl_engine *eng,
                       struct kl_worker *const *workers, size_t nworkers,
                       struct kl_strv *out);

#endif
