/*
 * evidence: why a candidate secret was kept or dropped.  Each filter of the
 * matcher answers with one of these verdicts instead of a bare yes or no,
 * so that a caller that asks (kl_matcher_opts.record) can show every
 * candidate and the reason behind it, which is what `keylint explain`
 * prints.  Plain values: no allocation, no state, nothing on the normal
 * path beyond returning an enum.
 */
#ifndef KL_EVIDENCE_H
#define KL_EVIDENCE_H

enum kl_verdict {
	KL_VERDICT_KEPT = 0,
	/* The rule's own threshold. */
	KL_VERDICT_ENTROPY, /* below the rule's minimum entropy */
	/* The shared filters, for every rule. */
	KL_VERDICT_PLACEHOLDER,   /* YOUR_API_KEY, <token>, ${VAR}, xxxx */
	KL_VERDICT_KNOWN_EXAMPLE, /* a key published in documentation */
	KL_VERDICT_DECODE, /* "decode" rules: not base64 of plausible text */
	/* Generic rules: what the value is instead of a credential. */
	KL_VERDICT_SHORT,      /* too short to be a credential */
	KL_VERDICT_WORD,       /* a word or a common setting value */
	KL_VERDICT_SENTENCE,   /* text with spaces: a label or prose */
	KL_VERDICT_IDENTIFIER, /* snake_case, CamelCase, CONSTANT names */
	KL_VERDICT_EXPRESSION, /* unquoted code: a call, member path, index */
	KL_VERDICT_PATH,       /* path, file name, URL, e-mail address */
	KL_VERDICT_NUMBER,     /* digits only: a number, version or date */
	KL_VERDICT_UUID,       /* a UUID under a name that is no key's */
	KL_VERDICT_ELIDED,     /* shortened in documentation: "eyJ2Ijoi..." */
	KL_VERDICT_LOW_MIX,    /* too few distinct characters for its length */
	/* Generic rules: what the name is instead of a secret's. */
	KL_VERDICT_TYPE_NAME, /* a type or schema key: AWS::ApiGateway::ApiKey
	                       */
	/* Allowlists and inline markers. */
	KL_VERDICT_STOPWORD,         /* a stopword of the rule */
	KL_VERDICT_ALLOWLIST,        /* an allow regex of the rule */
	KL_VERDICT_CONFIG_STOPWORD,  /* a stopword of the config */
	KL_VERDICT_CONFIG_ALLOWLIST, /* an allow regex of the config */
	KL_VERDICT_INLINE_ALLOW,     /* keylint:allow on the line */
	KL_VERDICT_INLINE_MARKER,    /* another scanner's marker: on the line
	                                (gitleaks:allow, ...) or a next-line
	                                marker on the line before */
	/* Settled after all rules ran on the content. */
	KL_VERDICT_OVERLAP,   /* a more specific rule reported these bytes */
	KL_VERDICT_SECONDARY, /* a secondary rule on a line another reported */
	/* Settled by the findings stage (for callers that record those). */
	KL_VERDICT_IGNORE_FILE,    /* a fingerprint in .keylintignore */
	KL_VERDICT_BASELINE,       /* already in the baseline */
	KL_VERDICT_GITLEAKSIGNORE, /* a gitleaks fingerprint there */
	KL_VERDICT_COUNT
};

/* A short stable name for the verdict ("kept", "placeholder", "uuid"),
 * for reports and tests; "unknown" for an out-of-range value. */
const char *kl_verdict_name(enum kl_verdict v);

/* One line that says what the verdict means, for people. */
const char *kl_verdict_text(enum kl_verdict v);

#endif
