/*
 * config: the .keylint.json file: extra rules, disabled rules, the global
 * allowlist, client-side paths and env prefixes, and max_file_size.  It
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

struct cJSON;

struct kl_config {
	char *origin;		/* file name, for messages */
	struct cJSON *rules;	/* the "rules" array, for kl_rules_load_json */
	char **disabled_rules;
	size_t ndisabled_rules, adisabled_rules;
	struct kl_allow allow;	/* global allowlist, paths included */
	char **client_paths;	/* extra browser-bound path globs */
	size_t nclient_paths, aclient_paths;
	char **env_prefixes;	/* extra browser-exposed prefixes */
	size_t nenv_prefixes, aenv_prefixes;
	uint64_t max_file_size;
	bool has_max_file_size;
	bool loaded; /* a config file was found */
};

#define KL_CONFIG_INIT {0}

/* Parse config content.  Errors name `origin` and the offending key. */
int kl_config_load_buffer(struct kl_config *cfg, const char *origin,
			  const char *data, size_t len, struct kl_buf *err);

/* Read and parse a config file.  With `optional`, a missing file leaves
 * cfg empty and is not an error. */
int kl_config_load_file(struct kl_config *cfg, const char *path,
			bool optional, struct kl_buf *err);

void kl_config_release(struct kl_config *cfg);

#endif
