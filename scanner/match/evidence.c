/*
 * evidence: names and one-line explanations of the verdicts, in a table
 * indexed by the enum (test_filter checks that every verdict has both).
 */
#include "evidence.h"

#include <stddef.h>

static const struct {
	const char *name, *text;
} table[KL_VERDICT_COUNT] = {
    [KL_VERDICT_KEPT] = {"kept", "reported"},
    [KL_VERDICT_ENTROPY] = {"entropy", "below the rule's minimum entropy"},
    [KL_VERDICT_PLACEHOLDER] = {"placeholder",
                                "a placeholder or reference, not a value"},
    [KL_VERDICT_KNOWN_EXAMPLE] = {"known-example",
                                  "a key published as an example"},
    [KL_VERDICT_DECODE] = {"decode",
                           "does not decode to a plausible credential"},
    [KL_VERDICT_SHORT] = {"short", "too short to be a credential"},
    [KL_VERDICT_WORD] = {"word", "a word or a common setting value"},
    [KL_VERDICT_SENTENCE] = {"sentence", "text with spaces: a label"},
    [KL_VERDICT_IDENTIFIER] = {"identifier", "an identifier or constant"},
    [KL_VERDICT_EXPRESSION] = {"expression",
                               "unquoted code, not a literal value"},
    [KL_VERDICT_PATH] = {"path", "a path, file name, URL or address"},
    [KL_VERDICT_NUMBER] = {"number", "a number, version or date"},
    [KL_VERDICT_UUID] = {"uuid", "a UUID under a name that is no key's"},
    [KL_VERDICT_ELIDED] = {"elided", "shortened with an ellipsis"},
    [KL_VERDICT_LOW_MIX] = {"low-mix",
                            "too few distinct characters for its length"},
    [KL_VERDICT_TYPE_NAME] = {"type-name", "the name is a type or schema key"},
    [KL_VERDICT_STOPWORD] = {"stopword", "a stopword of the rule"},
    [KL_VERDICT_ALLOWLIST] = {"allowlist", "an allow regex of the rule"},
    [KL_VERDICT_CONFIG_STOPWORD] = {"config-stopword",
                                    "a stopword of the config"},
    [KL_VERDICT_CONFIG_ALLOWLIST] = {"config-allowlist",
                                     "an allow regex of the config"},
    [KL_VERDICT_INLINE_ALLOW] = {"inline-allow", "keylint:allow on the line"},
    [KL_VERDICT_INLINE_MARKER] = {"inline-marker",
                                  "another scanner's allow marker"},
    [KL_VERDICT_OVERLAP] = {"overlap",
                            "a more specific rule reported these bytes"},
    [KL_VERDICT_SECONDARY] = {"secondary", "another rule reported this line"},
    [KL_VERDICT_IGNORE_FILE] = {"ignore-file", "listed in .keylintignore"},
    [KL_VERDICT_BASELINE] = {"baseline", "already in the baseline"},
    [KL_VERDICT_GITLEAKSIGNORE] = {"gitleaksignore",
                                   "listed in .gitleaksignore"},
};

const char *kl_verdict_name(enum kl_verdict v)
{
	return (unsigned)v < KL_VERDICT_COUNT && table[v].name ? table[v].name
	                                                       : "unknown";
}

const char *kl_verdict_text(enum kl_verdict v)
{
	return (unsigned)v < KL_VERDICT_COUNT && table[v].text ? table[v].text
	                                                       : "unknown";
}
