/*
 * config: the .keylint.json file: extra rules, disabled rules, the global
 * allowlist, client-side paths and env prefixes, max_file_size and which
 * inline markers count.  It
 * parses and validates; applying the settings is the scan's job.  Unknown
 * keys are errors that name the key, so a typo never silently turns a
 * setting off.
 */
#ifndef KL_CONFIG_H
#define KL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "rules.h"
#include "strv.h"

struct cJSON;

struct kl_config {
	char *origin;        /* file name, for messages */
	struct cJSON *rules; /* the "rules" array, for kl_rules_load_json */
	struct kl_strv disabled_rules;
	struct kl_allow allow;       /* global allowlist, paths included */
	struct kl_strv client_paths; /* extra browser-bound path globs */
	struct kl_strv env_prefixes; /* extra browser-exposed prefixes */
	uint64_t max_file_size;
	bool has_max_file_size;
	/* "inline_markers": "keylint": only keylint:allow silences a line,
	 * not the markers of other scanners (gitleaks:allow, ...). */
	bool own_markers_only;
	bool loaded; /* a config file was found */
};

#define KL_CONFIG_INIT                                                         \
	{                                                                      \
		0                                                              \
	}

/* Parse config content.  Errors name `origin` and the offending key. */
int kl_config_load_buffer(struct kl_config *cfg, const char *origin,
                          const char *data, size_t len, struct kl_buf *err);

/* Read and parse a config file.  With `optional`, a missing file leaves
 * cfg empty and is not an error. */
int kl_config_load_file(struct kl_config *cfg, const char *path, bool optional,
                        struct kl_buf *err);

void kl_config_release(struct kl_config *cfg);

struct kl_options;

/* The rule set a scan runs: the built-in rules (unless
 * --no-default-rules), --rules files, the config's rules, minus its
 * disabled ones; finalized.  Errors name the file and rule (KL_EINVAL,
 * KL_EIO). */
int kl_config_build_rules(const struct kl_config *cfg,
                          const struct kl_options *opts,
                          struct kl_ruleset **out, struct kl_buf *err);

/* Whether the global allowlist's paths skip this path. */
bool kl_config_path_allowed(const struct kl_config *cfg, const char *path);

#endif
