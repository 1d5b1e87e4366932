/*
 * rules_compile: PCRE2 compilation of rule regexes, at load for rules
 * from files and on first use for built-in ones, and their JIT code.
 * Once a rule is prepared its compiled code is only ever read.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "rules_int.h"

struct kl_rule_jit {
	_Atomic int done;
	pthread_mutex_t lock;
	char *error; /* why a deferred regex could not be compiled */
};

int kl_rules__jit_new(struct kl_rule *r)
{
	if (!(r->jit = calloc(1, sizeof(*r->jit))))
		return KL_ENOMEM;
	pthread_mutex_init(&r->jit->lock, NULL);
	return 0;
}

void kl_rules__jit_free(struct kl_rule *r)
{
	if (!r->jit)
		return;
	pthread_mutex_destroy(&r->jit->lock);
	free(r->jit->error);
	free(r->jit);
	r->jit = NULL;
}

int kl_rules_compile(pcre2_code **out, const char *pattern, struct kl_buf *err)
{
	int errcode = 0;
	PCRE2_SIZE erroff = 0;
	pcre2_code *code;

	*out = NULL;
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	                     PCRE2_USE_OFFSET_LIMIT, &errcode, &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		kl_buf_printf(err, "regex error at offset %zu: %s",
		              (size_t)erroff, (const char *)msg);
		return KL_EINVAL;
	}
	*out = code;
	return 0;
}

int kl_rules__compile_rule(struct kl_rule *r, struct kl_buf *msg)
{
	int rc = kl_rules_compile(&r->code, r->regex, msg);

	if (rc)
		return rc;
	pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &r->capture_count);
	if (!r->secret_group_set)
		r->secret_group = r->capture_count ? 1 : 0;
	if (r->secret_group > r->capture_count) {
		kl_buf_printf(msg,
		              "\"secret_group\" is %u but the regex has %u "
		              "capture group%s",
		              r->secret_group, r->capture_count,
		              r->capture_count == 1 ? "" : "s");
		return KL_EINVAL;
	}
	if (r->deferred && r->capture_count >= KL_DEFERRED_OVECTOR) {
		kl_buf_printf(msg,
		              "the regex has %u capture groups; built-in rules "
		              "may have at most %d",
		              r->capture_count, KL_DEFERRED_OVECTOR - 1);
		return KL_EINVAL;
	}
	return 0;
}

bool kl_rules_prepare(const struct kl_ruleset *rs, const struct kl_rule *rule)
{
	struct kl_rule_jit *j = rule->jit;

	if (atomic_load_explicit(&j->done, memory_order_acquire))
		return rule->code != NULL;
	pthread_mutex_lock(&j->lock);
	if (!atomic_load_explicit(&j->done, memory_order_relaxed)) {
		/* The rule is shared: its fields change only here, once,
		 * under the lock, before `done` publishes them. */
		struct kl_rule *r = (struct kl_rule *)rule;
		struct kl_buf msg = KL_BUF_INIT;

		if (!r->code && kl_rules__compile_rule(r, &msg)) {
			pcre2_code_free(r->code);
			r->code = NULL;
			j->error = kl_buf_detach(&msg, NULL);
		}
		kl_buf_free(&msg);
		/* JIT failure is not an error: PCRE2 falls back to the
		 * interpreter. */
		if (r->code && !rs->no_jit)
			(void)pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
		atomic_store_explicit(&j->done, 1, memory_order_release);
	}
	pthread_mutex_unlock(&j->lock);
	return rule->code != NULL;
}

const char *kl_rules_prepare_error(const struct kl_rule *rule)
{
	if (!rule->jit ||
	    !atomic_load_explicit(&rule->jit->done, memory_order_acquire))
		return NULL;
	return rule->code ? NULL : rule->jit->error;
}
