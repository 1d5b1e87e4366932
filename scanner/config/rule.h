/*
 * rule: the types of detection rules and rule sets, and what works on one
 * rule at a time: severities, allowlists, compiling and preparing its
 * regex.  rules.h has what works on the whole set.
 */
#ifndef KL_RULE_H
#define KL_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pcre2.h> /* PCRE2_CODE_UNIT_WIDTH=8 comes from the build */

#include "buf.h"
#include "strv.h"

struct cJSON;
struct kl_prefilter;

/* Default for a rule's "window": a match must start within this many
 * bytes of one of the rule's keywords. */
#define KL_RULE_WINDOW 256

enum kl_severity {
	KL_SEV_LOW = 0,
	KL_SEV_MEDIUM,
	KL_SEV_HIGH,
	KL_SEV_CRITICAL,
};

const char *kl_severity_name(enum kl_severity sev);
/* 0 on success, KL_EINVAL for a name that is not a severity. */
int kl_severity_parse(const char *name, enum kl_severity *out);

/* What an allow regex is matched against. */
enum kl_allow_target {
	KL_ALLOW_SECRET = 0, /* the captured secret (default) */
	KL_ALLOW_MATCH,      /* the whole regex match */
	KL_ALLOW_LINE,       /* the line(s) the match sits on */
};

/* An allowlist: a rule's own, or the config's global one.  Stopwords are
 * stored lower-cased and match case-insensitively inside the secret. */
struct kl_allow {
	pcre2_code **regexes;
	enum kl_allow_target *targets; /* per regex */
	size_t nregexes, aregexes, atargets;
	enum kl_allow_target target; /* default for plain string regexes */
	struct kl_strv stopwords;
	struct kl_strv paths; /* globs; only the global allowlist has them */
};

/* A rule example: text to scan, and the path it pretends to live at. */
struct kl_example {
	char *text;
	char *path; /* NULL: a neutral path */
};

struct kl_examples {
	struct kl_example *v;
	size_t n, alloc;
};

enum {
	KL_RULE_GENERIC = 1 << 0,   /* tag "generic": yields to specific rules
	                               on the same bytes */
	KL_RULE_SECONDARY = 1 << 1, /* tag "secondary": reports a line only
	                               when no other rule does */
	KL_RULE_BROAD = 1 << 2,     /* tag "broad": a format rule (JWT, PEM,
	                               URL credentials) that yields to a
	                               provider rule on the same bytes */
};

enum kl_decode {
	KL_DECODE_NONE = 0,
	KL_DECODE_BASE64,          /* base64 of a secret */
	KL_DECODE_BASE64_USERPASS, /* base64 of user:password */
};

/* Compile and JIT state of one rule's regex (kl_rules_prepare). */
struct kl_rule_jit;

struct kl_rule {
	char *id;
	char *description;
	enum kl_severity severity;
	char *regex;
	pcre2_code *code;
	uint32_t secret_group;
	uint32_t capture_count;
	bool secret_group_set;   /* given in the file (else: 1 if any group) */
	bool deferred;           /* built-in: compiled on first use */
	uint32_t window;         /* how far from a keyword a match may start */
	struct kl_strv keywords; /* lower-cased */
	double entropy;
	struct kl_strv paths;
	struct kl_strv exclude_paths;
	struct kl_allow allow;
	struct kl_strv tags;
	struct kl_examples positive, negative;
	char *client_side; /* set when the rule itself detects a browser
	                      exposure: the client_side_reason to report */
	enum kl_decode decode;
	char *origin; /* file the rule came from */
	unsigned flags;
	bool disabled;
	struct kl_rule_jit *jit;
};

struct kl_ruleset {
	struct kl_rule *rules;
	size_t nrules, arules;

	/* Built by kl_rules_finalize: the keyword automaton and, for each
	 * keyword, the rules it wakes up
	 * (kw_rules[kw_start[k]..kw_start[k+1]]). always[] lists enabled rules
	 * without keywords. */
	struct kl_prefilter *prefilter;
	struct kl_strv kw;
	size_t *kw_len;
	uint32_t *kw_start, *kw_rules;
	uint32_t *always;
	size_t nalways;
	uint32_t ovector_pairs; /* enough for every rule and allow regex */
	size_t nenabled;
	bool finalized;
	bool no_jit; /* run regexes with PCRE2's interpreter */
};

/* Parse an allowlist object ({"regexes", "stopwords", "target", and
 * "paths" when allow_paths}) into `allow`.  `what` prefixes messages. */
int kl_rules_parse_allow(struct kl_allow *allow, const struct cJSON *json,
                         bool allow_paths, const char *what,
                         struct kl_buf *err);
void kl_rules_allow_free(struct kl_allow *allow);

/* Compile a regex the way every keylint regex is compiled.  On error
 * writes "regex error at offset N: MESSAGE" to err.  Rule regexes are
 * JIT-compiled later, by kl_rules_prepare; allowlist regexes only ever see
 * one secret or line, so they stay interpreted. */
int kl_rules_compile(pcre2_code **out, const char *pattern, struct kl_buf *err);

/* Make the rule's regex ready to run: the first time any thread is about
 * to run it, exactly once, compile it if it was deferred and JIT-compile
 * it (unless the set says no_jit); afterwards the compiled code is shared
 * read-only.  Safe to call from several threads at once.  Returns false
 * if the rule cannot run: a deferred regex that fails to compile, which
 * the test suite rules out for built-in rules; kl_rules_prepare_error
 * then says why. */
bool kl_rules_prepare(const struct kl_ruleset *rs, const struct kl_rule *rule);

/* Why kl_rules_prepare failed for this rule, or NULL. */
const char *kl_rules_prepare_error(const struct kl_rule *rule);

/* Match data of this many pairs is enough for every built-in rule; a
 * deferred rule needing more fails kl_rules_compile_all. */
#define KL_DEFERRED_OVECTOR 32

#endif
