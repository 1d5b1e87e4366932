/*
 * prefilter: one pass over content that finds every occurrence of every rule
 * keyword, ignoring ASCII case.  It is an Aho-Corasick automaton compiled to
 * a dense DFA over byte classes, so the hot loop is one table load per byte.
 * It only finds keywords; deciding which rules run is the matcher's job.
 */
#ifndef KL_PREFILTER_H
#define KL_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

struct kl_prefilter;

/* Build an automaton for n patterns (pattern i has length lens[i] > 0).
 * Patterns are matched case-insensitively for ASCII letters.  The automaton
 * is immutable afterwards and may be shared by threads. */
int kl_prefilter_new(struct kl_prefilter **out, const char *const *patterns,
                     const size_t *lens, size_t n);
void kl_prefilter_free(struct kl_prefilter *pf);

/* Called for each occurrence, in order of end position, with the pattern
 * index and the offset where the occurrence starts.  A non-zero return stops
 * the scan and is returned by kl_prefilter_scan. */
typedef int (*kl_prefilter_hit_fn)(void *ud, uint32_t pattern, size_t start);

int kl_prefilter_scan(const struct kl_prefilter *pf, const char *data,
                      size_t len, kl_prefilter_hit_fn hit, void *ud);

/* Number of DFA states, for tests and benchmarks. */
size_t kl_prefilter_states(const struct kl_prefilter *pf);

#endif
