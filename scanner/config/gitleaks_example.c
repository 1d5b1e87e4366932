/*
 * gitleaks_example: a walk over the regex that writes one string it
 * matches, then a check of that string against the compiled regex.  The
 * walk knows what gitleaks regexes are made of (literals, classes,
 * groups, alternation, counted repetition) and refuses the rest.
 */
#include "gitleaks_example.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "examples.h"
#include "gitleaks_regex.h"
#include "hash.h"
#include "rule.h"
#include "text.h"

#define EX_MAX_LEN   2048
#define EX_MAX_DEPTH 32

/* A set of bytes. */
struct set {
	uint8_t bits[32];
};

struct ex {
	const char *p;
	struct kl_buf *out;
	unsigned depth;
	bool skip_anchors; /* take the first branch that is not a bare anchor */
};

static void set_add(struct set *s, int lo, int hi)
{
	for (int c = lo; c <= hi && c < 256; c++)
		s->bits[c >> 3] |= (uint8_t)(1u << (c & 7));
}

static bool set_has(const struct set *s, int c)
{
	return s->bits[c >> 3] & (1u << (c & 7));
}

/* The set of a shorthand (\d \w \s and their negations), or false. */
static bool shorthand(int c, struct set *s)
{
	struct set t = {{0}};
	int lc = c | 0x20;

	if (lc == 'd') {
		set_add(&t, '0', '9');
	} else if (lc == 'w') {
		set_add(&t, '0', '9');
		set_add(&t, 'A', 'Z');
		set_add(&t, 'a', 'z');
		set_add(&t, '_', '_');
	} else if (lc == 's') {
		set_add(&t, '\t', '\r');
		set_add(&t, ' ', ' ');
	} else {
		return false;
	}
	for (int i = 0; i < 256; i++) {
		bool in = set_has(&t, i);

		/* Negated shorthands: printable ASCII only. */
		if (c != lc ? !in && i > 0x20 && i < 0x7f : in)
			set_add(s, i, i);
	}
	return true;
}

/* A POSIX class name at p (after "[:"), into s; false if unknown. */
static bool posix(const char *p, size_t n, struct set *s)
{
	static const char *const names[] = {"alpha", "digit", "alnum",  "upper",
	                                    "lower", "space", "xdigit", "word",
	                                    "punct", NULL};
	int (*const fns[])(int) = {isalpha, isdigit,  isalnum, isupper, islower,
	                           isspace, isxdigit, NULL,    ispunct};

	for (size_t i = 0; names[i]; i++) {
		if (strlen(names[i]) != n || memcmp(names[i], p, n))
			continue;
		for (int c = 1; c < 0x7f; c++)
			if (fns[i] ? fns[i](c) != 0 : isalnum(c) || c == '_')
				set_add(s, c, c);
		return true;
	}
	return false;
}

/* The character of the escape at *pp (the backslash), or -1 when it is
 * not one character (or not one this walk writes). */
static int esc_char(const char **pp)
{
	const char *p = *pp + 1;
	long v = -1;
	char *e;

	if (*p == 'x' && p[1] == '{') {
		v = strtol(p + 2, &e, 16);
		p = *e == '}' ? e + 1 : p;
		v = p == e + 1 ? v : -1;
	} else if (*p == 'x' && kl_text_hexval(p[1]) >= 0 &&
	           kl_text_hexval(p[2]) >= 0) {
		v = kl_text_hexval(p[1]) * 16 + kl_text_hexval(p[2]);
		p += 3;
	} else if (*p == 'o' && p[1] == '{') {
		v = strtol(p + 2, &e, 8);
		p = *e == '}' ? e + 1 : p;
		v = p == e + 1 ? v : -1;
	} else if (*p && strchr("tnrf", *p)) {
		v = *p == 't'   ? '\t'
		    : *p == 'n' ? '\n'
		    : *p == 'r' ? '\r'
		                : '\f';
		p++;
	} else if (*p && !isalnum((unsigned char)*p) &&
	           (unsigned char)*p < 0x80) {
		v = (unsigned char)*p++;
	}
	if (v < 0 || v >= 0x7f || (v < 0x20 && !strchr("\t\n\r\f", (int)v)))
		return -1;
	*pp = p;
	return (int)v;
}

/* [...] at e->p into s. */
static int ex_class(struct ex *e, struct set *s)
{
	const char *p = e->p + 1;
	bool neg = *p == '^', first = true;
	struct set t = {{0}};

	p += neg;
	for (; *p && (*p != ']' || first); first = false) {
		int lo, hi;

		if (p[0] == '[' && p[1] == ':' && strstr(p, ":]")) {
			const char *end = strstr(p, ":]");

			if (!posix(p + 2, (size_t)(end - p - 2), &t))
				return KL_EINVAL;
			p = end + 2;
			continue;
		}
		if (p[0] == '\\' && shorthand((unsigned char)p[1], &t)) {
			p += 2;
			continue;
		}
		lo = *p == '\\' ? esc_char(&p) : (unsigned char)*p++;
		if (lo < 0)
			return KL_EINVAL;
		hi = lo;
		if (p[0] == '-' && p[1] && p[1] != ']') {
			p++;
			hi = *p == '\\' ? esc_char(&p) : (unsigned char)*p++;
			if (hi < lo)
				return KL_EINVAL;
		}
		set_add(&t, lo, hi);
	}
	if (*p != ']')
		return KL_EINVAL;
	e->p = p + 1;
	for (int c = 0; c < 0x7f; c++)
		if (set_has(&t, c) != neg &&
		    (c >= 0x20 || (neg ? c == '\t' : true)))
			set_add(s, c, c);
	return 0;
}

/* After a '[': past its ']'. */
static const char *class_end(const char *p)
{
	p += 1 + (p[1] == '^');
	p += *p == ']';
	while (*p && *p != ']') {
		if (p[0] == '\\' && p[1])
			p += 2;
		else if (p[0] == '[' && p[1] == ':' && strstr(p, ":]"))
			p = strstr(p, ":]") + 2;
		else
			p++;
	}
	return *p ? p + 1 : p;
}

/* The end of the branch starting at p: its '|', the ')' closing its
 * group, or the end of the regex. */
static const char *branch_end(const char *p)
{
	int depth = 0;

	while (*p) {
		if (p[0] == '\\' && p[1] == 'Q') {
			const char *q = strstr(p + 2, "\\E");

			p = q ? q + 2 : p + strlen(p);
			continue;
		}
		if (p[0] == '\\') {
			p += p[1] ? 2 : 1;
			continue;
		}
		if (*p == '[') {
			p = class_end(p);
			continue;
		}
		if (*p == ')' && !depth)
			return p;
		if (*p == '|' && !depth)
			return p;
		depth += *p == '(';
		depth -= *p == ')';
		p++;
	}
	return p;
}

/* Whether p[0, n) is a branch that matches only a position. */
static bool bare_anchor(const char *p, size_t n)
{
	static const char *const anchors[] = {"",    "^",   "$",   "\\b",
	                                      "\\A", "\\z", "\\Z", NULL};

	for (size_t i = 0; anchors[i]; i++)
		if (strlen(anchors[i]) == n && memcmp(anchors[i], p, n) == 0)
			return true;
	return false;
}

/* How many times to write the atom before e->p's quantifier: the least
 * allowed, but at least 32 (when allowed) for a long token body. */
static int count(struct ex *e, size_t *out)
{
	size_t n = 1, m = 1;
	char c = *e->p;

	if (c == '?' || c == '*' || c == '+') {
		e->p++;
		n = c == '+';
		m = c == '?' ? 1 : SIZE_MAX;
	} else if (c != '{' || !kl_gitleaks_regex_bounds(&e->p, &n, &m)) {
		*out = 1;
		return 0;
	}
	if (*e->p == '?' || *e->p == '+')
		e->p++;
	if (n >= 8 && m > n)
		n = m < 32 ? m : n > 32 ? n : 32;
	*out = n;
	return n > EX_MAX_LEN ? KL_EINVAL : 0;
}

/* Write n characters of s: a macro for a run of a varied set. */
static int put_set(struct kl_buf *out, const struct set *s, size_t n)
{
	static const char order[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
	                            "OPQRSTUVWXYZ0123456789";
	struct kl_buf body = KL_BUF_INIT;
	int one = -1, rc;

	for (const char *o = order; *o && one < 0; o++)
		if (set_has(s, *o))
			one = *o;
	for (int c = 0x21; c < 0x7f && one < 0; c++)
		if (set_has(s, c))
			one = c;
	for (int c = '\t'; c <= ' ' && one < 0; c++)
		if (set_has(s, c))
			one = c;
	if (one < 0)
		return KL_EINVAL;
	/* The macro's class body: ranges of letters and digits, then the
	 * other printable characters, '-' last; no braces. */
	for (int c = 0x21; n > 1 && c < 0x7f; c++) {
		int d = c;

		if (!set_has(s, c) || c == '-' || c == '{' || c == '}')
			continue;
		while (isalnum(d + 1) && isalnum(c) &&
		       !isdigit(d + 1) == !isdigit(c) && set_has(s, d + 1))
			d++;
		if (d - c >= 2)
			kl_buf_printf(&body, "%c-%c", c, d);
		else
			kl_buf_putc(&body, (char)c);
		c = d == c + 1 ? c : d;
	}
	if (n > 1 && set_has(s, '-'))
		kl_buf_putc(&body, '-');
	if (n > 1 && body.len > 1)
		rc = kl_buf_printf(out, "{{rand:%zu:%s}}", n, body.ptr);
	else
		for (rc = 0; !rc && n; n--)
			rc = kl_buf_putc(out, (char)one);
	kl_buf_free(&body);
	return rc;
}

static int ex_branches(struct ex *e);

/* A group at e->p; *flags_only when it only sets flags. */
static int ex_group(struct ex *e, bool *flags_only)
{
	const char *p = e->p + 1;

	if (p[0] == '?') {
		if (p[1] == 'P' && p[2] == '<')
			p += 2;
		else
			p++;
		if (*p == '<' || *p == '\'') {
			char close = *p == '<' ? '>' : '\'';

			if (p[1] == '=' || p[1] == '!' || !strchr(p + 1, close))
				return KL_EINVAL;
			p = strchr(p + 1, close) + 1;
		} else {
			p += strspn(p, "imsxU-");
			*flags_only = *p == ')';
			if (*p != ':' && *p != ')')
				return KL_EINVAL;
			p++;
		}
	}
	e->p = p;
	if (*flags_only)
		return 0;
	if (ex_branches(e) || *e->p != ')')
		return KL_EINVAL;
	e->p++;
	return 0;
}

/* One atom and its quantifier. */
static int ex_item(struct ex *e)
{
	size_t mark = e->out->len, n, len;
	struct set s = {{0}};
	bool is_set = false, flags_only = false;
	int c = (unsigned char)*e->p, ch = -1;

	if (c == '(') {
		if (ex_group(e, &flags_only))
			return KL_EINVAL;
		if (flags_only)
			return 0;
	} else if (c == '[') {
		if (ex_class(e, &s))
			return KL_EINVAL;
		is_set = true;
	} else if (c == '.') {
		e->p++;
		is_set = shorthand('w', &s);
	} else if (c == '^' || c == '$') {
		e->p++;
	} else if (c == '\\' && e->p[1] && strchr("bBAzZG", e->p[1])) {
		e->p += 2;
	} else if (c == '\\' && shorthand((unsigned char)e->p[1], &s)) {
		e->p += 2;
		is_set = true;
	} else if (c == '\\') {
		if ((ch = esc_char(&e->p)) < 0)
			return KL_EINVAL;
	} else if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n') ||
	           strchr("*+?{|)", c)) {
		return KL_EINVAL;
	} else {
		ch = c;
		e->p++;
	}
	if (count(e, &n))
		return KL_EINVAL;
	if (is_set)
		return put_set(e->out, &s, n);
	if (ch >= 0) {
		for (; n; n--)
			if (kl_buf_putc(e->out, (char)ch))
				return KL_ENOMEM;
		return 0;
	}
	/* A group (or an anchor): repeat what it wrote. */
	len = e->out->len - mark;
	if (!n)
		kl_buf_truncate(e->out, mark);
	for (; n > 1 && e->out->len < EX_MAX_LEN; n--) {
		/* Grow first: the copy comes from the buffer itself. */
		if (kl_buf_grow(e->out, len))
			return KL_ENOMEM;
		kl_buf_put(e->out, e->out->ptr + mark, len);
	}
	return 0;
}

/* The first branch (or the first that is not a bare anchor) up to the end
 * of the group; e->p is left at its ')' or the end. */
static int ex_branches(struct ex *e)
{
	const char *end = branch_end(e->p);
	int rc = 0;

	if (++e->depth > EX_MAX_DEPTH)
		return KL_EINVAL;
	while (e->skip_anchors && *end == '|' &&
	       bare_anchor(e->p, (size_t)(end - e->p))) {
		e->p = end + 1;
		end = branch_end(e->p);
	}
	while (!rc && e->p < end) {
		rc = ex_item(e);
		if (e->out->len > EX_MAX_LEN)
			rc = KL_EINVAL;
	}
	while (!rc && *e->p == '|')
		e->p = branch_end(e->p + 1);
	e->depth--;
	return rc;
}

/* Whether the example holds for the expansion `keylint rules --check`
 * makes of a rule's first example (seeded with the hash of the rule id,
 * as kl_check_seed(id, 0) is; a unit test pins the two together) and for
 * 16 others, in case the rule is renamed. */
static bool holds(const pcre2_code *code, uint32_t group, double entropy,
                  const struct kl_strv *keywords, const char *rule_id,
                  const char *text)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	struct kl_buf t = KL_BUF_INIT, err = KL_BUF_INIT;
	bool ok = md != NULL;

	for (uint64_t i = 0; ok && i <= 16; i++) {
		uint64_t seed =
		    i ? i * 0x9E3779B97F4A7C15ull : kl_hash_str(rule_id);
		PCRE2_SIZE *ov;
		bool near = !keywords->n;

		kl_buf_clear(&t);
		ok = !kl_examples_expand(&t, text, seed, &err) && t.ptr &&
		     pcre2_match(code, (PCRE2_SPTR)t.ptr, t.len, 0, 0, md,
		                 NULL) > (int)group;
		if (!ok)
			break;
		ov = pcre2_get_ovector_pointer(md);
		ok = ov[2 * group] != PCRE2_UNSET &&
		     ov[2 * group + 1] > ov[2 * group] &&
		     (!entropy ||
		      kl_text_entropy(t.ptr + ov[2 * group],
		                      ov[2 * group + 1] - ov[2 * group]) >=
		          entropy + 0.05);
		for (size_t b = 0; ok && !near && b < t.len; b++)
			t.ptr[b] = (char)tolower((unsigned char)t.ptr[b]);
		for (size_t k = 0; ok && !near && k < keywords->n; k++) {
			const char *at = strstr(t.ptr, keywords->v[k]);

			near = at && (size_t)(at - t.ptr) <= ov[0] + 200 &&
			       ov[0] <= (size_t)(at - t.ptr) + 200;
		}
		ok = ok && near;
	}
	pcre2_match_data_free(md);
	kl_buf_free(&t);
	kl_buf_free(&err);
	return ok;
}

int kl_gitleaks_example(const char *rule_id, const char *pcre,
                        uint32_t secret_group, bool group_set, double entropy,
                        const struct kl_strv *keywords, struct kl_buf *out)
{
	struct kl_buf err = KL_BUF_INIT;
	pcre2_code *code = NULL;
	uint32_t groups = 0;
	int rc = KL_EINVAL;

	kl_buf_clear(out);
	if (kl_rules_compile(&code, pcre, &err))
		goto done;
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (!group_set)
		secret_group = groups ? 1 : 0;
	if (secret_group > groups)
		goto done;
	for (int strategy = 0; strategy < 2 && rc; strategy++) {
		struct ex e = {pcre, out, 0, strategy == 1};

		kl_buf_clear(out);
		if (ex_branches(&e) || *e.p || !out->len || !out->ptr)
			continue;
		if (holds(code, secret_group, entropy, keywords, rule_id,
		          out->ptr))
			rc = 0;
	}
done:
	if (rc)
		kl_buf_clear(out);
	pcre2_code_free(code);
	kl_buf_free(&err);
	return rc;
}
