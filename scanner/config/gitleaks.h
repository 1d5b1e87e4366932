/*
 * gitleaks: `keylint config import .gitleaks.toml`: a gitleaks (v8) config
 * turned into the equivalent .keylint.json object, with one line for each
 * construct that cannot be carried over.  It reads and converts; writing
 * the file and printing the lines is the caller's job.
 *
 * Carried over: custom [[rules]] (regex rewritten from Go's syntax to
 * PCRE2, secretGroup, entropy, keywords, tags, path as "paths" globs,
 * description; severity "medium"), their allowlists ([[rules.allowlists]]
 * and the older [rules.allowlist]: regexes with regexTarget, stopwords,
 * paths as "exclude_paths"), the global allowlists ([allowlist] and
 * [[allowlists]]: paths, regexes, stopwords; targetRules naming rules of
 * the same file), and [extend] disabledRules of gitleaks' default rules
 * through the table in gitleaks_ids.h.
 *
 * Not carried, each named in not_carried: [extend] path, a config that
 * does not extend the defaults (keylint's built-in rules stay on; that
 * takes --no-default-rules), allowlist commits, condition = "AND" over
 * more than one kind of criterion, path regexes without an exact glob,
 * rules without a regex (path-only rules, or changes to a default rule),
 * composite rules ([[rules.required]]), skipReport, and anything keylint's
 * rules module rejects.
 */
#ifndef KL_GITLEAKS_H
#define KL_GITLEAKS_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "strv.h"

struct cJSON;

/*
 * Convert the gitleaks config data[0, len) (`origin` names it in
 * messages).  On success returns 0 and sets *out to a new object of the
 * .keylint.json shape ({"rules": [...], "disabled_rules": [...],
 * "allow": {...}}, empty members left out) that the caller owns
 * (cJSON_Delete), and appends to not_carried one line per construct that
 * could not be carried over, plus notes where the meaning shifts (renamed
 * rule ids, the default severity).  Every rule in *out loads with
 * kl_rules_load_json next to keylint's built-in rules, and *out loads with
 * kl_config_load_buffer.  A rule gets a positive example when one can be
 * built from its regex and checked against it.
 *
 * Returns KL_EINVAL with one line in err for a file gitleaks would reject
 * too: TOML syntax ("ORIGIN: line L, column C: ..."), or a setting of the
 * wrong type ("ORIGIN: rule 3: \"regex\" must be a string"); KL_ENOMEM.
 * *out is NULL on failure; lines already in not_carried stay.
 */
int kl_gitleaks_import(const char *origin, const char *data, size_t len,
                       struct cJSON **out, struct kl_strv *not_carried,
                       struct kl_buf *err);

/* kl_gitleaks_import of the file at path (read errors as
 * kl_config_load_file's). */
int kl_gitleaks_import_file(const char *path, struct cJSON **out,
                            struct kl_strv *not_carried, struct kl_buf *err);

/* Whether --config PATH names a gitleaks config (it ends in ".toml"). */
bool kl_gitleaks_is_config(const char *path);

/* --config .gitleaks.toml: read PATH, convert it as kl_gitleaks_import
 * does and load the result into cfg, with one line in warnings (which may
 * be NULL) that says so and how to keep the conversion.  Errors as
 * kl_config_load_file's, and those of kl_gitleaks_import. */
struct kl_config;
int kl_gitleaks_load_config(struct kl_config *cfg, const char *path,
                            struct kl_strv *warnings, struct kl_buf *err);

#endif
