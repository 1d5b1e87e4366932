/*
 * gitleaks_regex: two small walks over regex text.  Neither is a full
 * regex parser: each understands what gitleaks configs write, refuses the
 * rest and says why.  Examples live in gitleaks_example.c.
 */
#include "gitleaks_regex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static int why_fail(struct kl_buf *why, const char *msg)
{
	kl_buf_clear(why);
	kl_buf_puts(why, msg);
	return KL_EINVAL;
}

/* ---- Go syntax to PCRE2 ---- */

/* \x{...} at p (the backslash): its value and length, or false. */
static bool braced_hex(const char *p, uint32_t *v, size_t *len)
{
	const char *q = p + 3;
	uint32_t c = 0;

	if (p[1] != 'x' || p[2] != '{')
		return false;
	for (; kl_text_hexval(*q) >= 0; q++) {
		if (c > 0x10FFFF)
			return false;
		c = c * 16 + (uint32_t)kl_text_hexval(*q);
	}
	if (*q != '}' || q == p + 3)
		return false;
	*v = c;
	*len = (size_t)(q + 1 - p);
	return true;
}

/* A character above \xFF as its UTF-8 bytes, for a byte matcher. */
static int put_utf8_bytes(struct kl_buf *out, uint32_t c)
{
	char u[4];
	size_t n = kl_text_utf8_encode(c, u);
	int rc = kl_buf_puts(out, "(?:");

	for (size_t i = 0; !rc && i < n; i++)
		rc = kl_buf_printf(out, "\\x%02X", (unsigned char)u[i]);
	return rc ? rc : kl_buf_putc(out, ')');
}

/* One escape at *pp (the backslash), rewritten where PCRE2 differs. */
static int escape_pcre2(const char **pp, bool in_class, struct kl_buf *out,
                        struct kl_buf *why)
{
	const char *p = *pp;
	uint32_t v;
	size_t n = 1;

	if (!p[1])
		return why_fail(why, "the regex ends with a backslash");
	if (p[1] == 'v') { /* Go: a vertical tab; PCRE2: a class */
		*pp += 2;
		return kl_buf_puts(out, "\\x0B");
	}
	if (p[1] >= '0' && p[1] <= '9') {
		/* Go: octal, \0 or two or three digits; PCRE2 would read
		 * \12 as a backreference when there are 12 groups. */
		while (n < 3 && p[1 + n] >= '0' && p[1 + n] <= '7')
			n++;
		if (p[1] > '7' || (p[1] != '0' && n == 1))
			return why_fail(why, "backreferences are not RE2 "
			                     "syntax");
		*pp += 1 + n;
		return kl_buf_printf(out, "\\o{%.*s}", (int)n, p + 1);
	}
	if (braced_hex(p, &v, &n) && v > 0xFF) {
		if (in_class)
			return why_fail(why, "a character above \\xFF inside a "
			                     "class: Go matches characters, "
			                     "keylint bytes");
		*pp += n;
		return put_utf8_bytes(out, v);
	}
	*pp += 2;
	return kl_buf_put(out, p, 2);
}

int kl_gitleaks_regex_pcre2(const char *go, struct kl_buf *out,
                            struct kl_buf *why)
{
	const char *p = go;
	bool in_class = false;
	int rc = 0;

	while (*p && !rc) {
		if (p[0] == '\\' && p[1] == 'Q') {
			const char *e = strstr(p + 2, "\\E");
			size_t n = e ? (size_t)(e + 2 - p) : strlen(p);

			rc = kl_buf_put(out, p, n);
			p += n;
		} else if (p[0] == '\\') {
			rc = escape_pcre2(&p, in_class, out, why);
		} else if (in_class && (unsigned char)*p >= 0x80) {
			return why_fail(why, "a non-ASCII character inside a "
			                     "class: Go matches characters, "
			                     "keylint bytes");
		} else if (in_class && p[0] == '[' && p[1] == ':' &&
		           strstr(p, ":]")) {
			size_t n = (size_t)(strstr(p, ":]") + 2 - p);

			rc = kl_buf_put(out, p, n);
			p += n;
		} else if (!in_class && *p == '[') {
			/* A ']' right after '[' or '[^' is a literal. */
			size_t n = 1 + (p[1] == '^');

			n += p[n] == ']';
			rc = kl_buf_put(out, p, n);
			p += n;
			in_class = true;
		} else {
			in_class = in_class && *p != ']';
			rc = kl_buf_putc(out, *p++);
		}
	}
	return rc;
}

/* ---- path regexes to globs ----
 *
 * Each alternative of the regex expands into glob text, with \1 and \2
 * standing for ^ and $ until the end, where they decide whether the glob
 * needs a leading or trailing '*' (gitleaks searches paths unanchored). */

#define G_START '\1'
#define G_END   '\2'

struct gx {
	const char *p;
	bool ci;
	unsigned depth;
	struct kl_buf *why;
};

static int gx_alts(struct gx *g, struct kl_strv *out);

static char *cat(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = malloc(na + nb + 1);

	if (s) {
		memcpy(s, a, na);
		memcpy(s + na, b, nb + 1);
	}
	return s;
}

/* a := every concatenation of a string of a and one of b. */
static int product(struct gx *g, struct kl_strv *a, const struct kl_strv *b)
{
	struct kl_strv r = KL_STRV_INIT;
	int rc = 0;

	if (a->n * b->n > KL_GITLEAKS_MAX_GLOBS)
		return why_fail(g->why, "it expands into too many globs");
	for (size_t i = 0; !rc && i < a->n; i++)
		for (size_t j = 0; !rc && j < b->n; j++)
			rc = kl_strv_push_owned(&r, cat(a->v[i], b->v[j]));
	kl_strv_free(a);
	*a = r;
	return rc;
}

/* Append every string of b to a. */
static int append(struct gx *g, struct kl_strv *a, const struct kl_strv *b)
{
	if (a->n + b->n > KL_GITLEAKS_MAX_GLOBS)
		return why_fail(g->why, "it expands into too many globs");
	return kl_strv_copy(a, b);
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* One literal character as glob text (a bracket for both cases under
 * (?i)); in_bracket: inside [...] already. */
static int glob_char(struct kl_buf *b, int c, bool ci, bool in_bracket)
{
	if (ci && is_alpha(c))
		return kl_buf_printf(b, in_bracket ? "%c%c" : "[%c%c]",
		                     c | 0x20, c & ~0x20);
	if (in_bracket ? strchr("]\\-!^[", c) != NULL
	               : strchr("*?[]\\", c) != NULL)
		kl_buf_putc(b, '\\');
	return kl_buf_putc(b, (char)c);
}

/* The characters of \d, \w, \s as bracket content, or NULL. */
static const char *shorthand(int c)
{
	switch (c) {
	case 'd':
		return "0-9";
	case 'w':
		return "A-Za-z0-9_";
	case 's':
		return " \t\n\f\r";
	default:
		return NULL;
	}
}

/* [...] at g->p as an fnmatch bracket expression. */
static int gx_class(struct gx *g, struct kl_buf *b)
{
	const char *p = g->p + 1;
	bool first = true;

	kl_buf_putc(b, '[');
	if (*p == '^') {
		kl_buf_putc(b, '!');
		p++;
	}
	for (; *p && (*p != ']' || first); first = false) {
		int lo = (unsigned char)*p++, hi;

		if (lo == '[' && *p == ':' && strstr(p, ":]")) {
			size_t n = (size_t)(strstr(p, ":]") + 2 - p);

			if (g->ci)
				return why_fail(g->why,
				                "a POSIX class under "
				                "(?i) has no glob form");

			kl_buf_putc(b, '[');
			kl_buf_put(b, p, n);
			p += n;
			continue;
		}
		if (lo == '\\') {
			const char *sh = shorthand(*p);

			if (sh) {
				kl_buf_puts(b, sh);
				p++;
				continue;
			}
			if (!*p || is_alnum((unsigned char)*p))
				return why_fail(g->why, "an escape inside a "
				                        "class has no glob "
				                        "form");
			lo = (unsigned char)*p++;
		}
		if (lo < 0x20 || lo >= 0x7f)
			return why_fail(g->why, "a non-printable or non-ASCII "
			                        "character inside a class");
		if (p[0] != '-' || !p[1] || p[1] == ']') {
			glob_char(b, lo, g->ci, true);
			continue;
		}
		hi = (unsigned char)p[1];
		p += 2;
		if (hi == '\\' || hi < lo ||
		    (g->ci && is_alpha(lo) &&
		     (lo | 0x20) - (hi | 0x20) != lo - hi))
			return why_fail(g->why, "a class range has no glob "
			                        "form");
		glob_char(b, lo, false, true);
		kl_buf_putc(b, '-');
		glob_char(b, hi, false, true);
		if (g->ci && is_alpha(lo)) {
			glob_char(b, lo ^ 0x20, false, true);
			kl_buf_putc(b, '-');
			glob_char(b, hi ^ 0x20, false, true);
		}
	}
	if (*p != ']')
		return why_fail(g->why, "a class is not closed");
	g->p = p + 1;
	return kl_buf_putc(b, ']');
}

/* (?flags), (?flags:...), (?P<name>...), (?:...) and (...) at g->p. */
static int gx_group(struct gx *g, struct kl_strv *atom, bool *flags_only)
{
	bool ci = g->ci, on = true, saved = g->ci;
	int rc;

	g->p++;
	if (g->p[0] == '?' && (g->p[1] == '<' || g->p[1] == 'P')) {
		const char *e = strchr(g->p, '>');

		if (!e || (g->p[1] == 'P' && g->p[2] != '<') ||
		    (g->p[1] == '<' && (g->p[2] == '=' || g->p[2] == '!')))
			return why_fail(g->why, "an unsupported group");
		g->p = e + 1;
	} else if (g->p[0] == '?') {
		for (g->p++; *g->p && strchr("imsU-", *g->p); g->p++) {
			if (*g->p == '-')
				on = false;
			if (*g->p == 'i')
				ci = on;
		}
		if (*g->p == ')') {
			g->p++;
			g->ci = ci;
			*flags_only = true;
			return kl_strv_push(atom, "");
		}
		if (*g->p++ != ':')
			return why_fail(g->why, "an unsupported group");
	}
	g->ci = ci;
	rc = gx_alts(g, atom);
	g->ci = saved;
	if (!rc && *g->p != ')')
		return why_fail(g->why, "a group is not closed");
	g->p++;
	return rc;
}

/* An escape outside classes at g->p. */
static int gx_escape(struct gx *g, struct kl_buf *b)
{
	int c = (unsigned char)g->p[1];
	const char *sh = shorthand(c);

	g->p += 2;
	if (c == 'A')
		return kl_buf_putc(b, G_START);
	if (c == 'z')
		return kl_buf_putc(b, G_END);
	if (sh)
		return kl_buf_printf(b, "[%s]", sh);
	if (!c || is_alnum(c) || c >= 0x80)
		return why_fail(g->why, "an escape such as \\b, \\S or \\p "
		                        "has no glob form");
	return glob_char(b, c, false, false);
}

bool kl_gitleaks_regex_bounds(const char **pp, size_t *n, size_t *m)
{
	const char *p = *pp + 1;
	char *e;

	if (*p < '0' || *p > '9')
		return false;
	*n = strtoul(p, &e, 10);
	*m = *n;
	if (*e == ',') {
		*m = SIZE_MAX;
		if (e[1] >= '0' && e[1] <= '9')
			*m = strtoul(e + 1, &e, 10);
		else
			e++;
	}
	if (*e != '}' || *m < *n)
		return false;
	*pp = e + 1;
	return true;
}

/* The same, for globs: at most 1000 repetitions. */
static bool bounds(const char **pp, size_t *n, size_t *m)
{
	const char *p = *pp;

	if (!kl_gitleaks_regex_bounds(&p, n, m) || *n > 1000 ||
	    (*m != SIZE_MAX && *m > 1000))
		return false;
	*pp = p;
	return true;
}

/* Apply the quantifier at g->p (if any) to atom; dot: the atom is '.'. */
static int gx_quantifier(struct gx *g, struct kl_strv *atom, bool dot)
{
	struct kl_strv r = KL_STRV_INIT, pow = KL_STRV_INIT;
	size_t n = 1, m = 1;
	char c = *g->p;
	int rc = 0;

	if (c == '?' || c == '*' || c == '+') {
		g->p++;
		n = c == '+';
		m = c == '?' ? 1 : SIZE_MAX;
	} else if (c != '{' || !bounds(&g->p, &n, &m)) {
		return 0;
	}
	if (*g->p == '?')
		g->p++; /* lazy: the same paths match */
	if (m == SIZE_MAX && !dot)
		return why_fail(g->why, "a repeated character, class or group "
		                        "has no glob form");
	if (m - n > 8 && m != SIZE_MAX)
		return why_fail(g->why, "a repetition range is too wide");
	rc = kl_strv_push(&pow, "");
	for (size_t k = 0; !rc && k <= (m == SIZE_MAX ? n : m); k++) {
		if (k >= n && (rc = append(g, &r, &pow)))
			break;
		if (k < (m == SIZE_MAX ? n : m))
			rc = product(g, &pow, atom);
	}
	if (!rc && m == SIZE_MAX) {
		for (size_t i = 0; !rc && i < r.n; i++) {
			char *s = cat(r.v[i], "*");

			free(r.v[i]);
			r.v[i] = s;
			rc = s ? 0 : KL_ENOMEM;
		}
	}
	kl_strv_free(&pow);
	kl_strv_free(atom);
	*atom = r;
	return rc;
}

/* One atom and its quantifier. */
static int gx_item(struct gx *g, struct kl_strv *atom)
{
	struct kl_buf b = KL_BUF_INIT;
	bool dot = false, flags_only = false;
	int c = (unsigned char)*g->p, rc = 0;

	if (c == '(') {
		if ((rc = gx_group(g, atom, &flags_only)) || flags_only)
			return rc;
		return gx_quantifier(g, atom, false);
	}
	if (c == '[') {
		rc = gx_class(g, &b);
	} else if (c == '\\') {
		rc = gx_escape(g, &b);
	} else if (c == '*' || c == '+' || c == '?' || c == '{') {
		rc = why_fail(g->why, "a repetition of nothing");
	} else if (c < 0x20 || c == 0x7f) {
		rc = why_fail(g->why, "a control character");
	} else {
		g->p++;
		dot = c == '.';
		if (c == '^' || c == '$')
			rc = kl_buf_putc(&b, c == '^' ? G_START : G_END);
		else
			rc = dot ? kl_buf_putc(&b, '?')
			         : glob_char(&b, c, g->ci, false);
	}
	if (!rc)
		rc = kl_strv_push(atom, b.ptr ? b.ptr : "");
	kl_buf_free(&b);
	return rc ? rc : gx_quantifier(g, atom, dot);
}

/* Alternatives up to the ')' that closes the group, or the end. */
static int gx_alts(struct gx *g, struct kl_strv *out)
{
	struct kl_strv seq = KL_STRV_INIT, atom = KL_STRV_INIT;
	bool ci = g->ci;
	int rc;

	if (++g->depth > 16)
		return why_fail(g->why, "groups nest too deep");
	rc = kl_strv_push(&seq, "");
	while (!rc) {
		if (!*g->p || *g->p == ')' || *g->p == '|') {
			if ((rc = append(g, out, &seq)) || *g->p != '|')
				break;
			g->p++;
			kl_strv_free(&seq);
			rc = kl_strv_push(&seq, "");
			continue;
		}
		if (!(rc = gx_item(g, &atom)))
			rc = product(g, &seq, &atom);
		kl_strv_free(&atom);
	}
	kl_strv_free(&seq);
	kl_strv_free(&atom);
	g->ci = ci;
	g->depth--;
	return rc;
}

/* One expanded alternative as a glob into globs; anchors inside it mean
 * it matches no path, and it is dropped. */
static int finish(const char *alt, struct kl_strv *globs, struct kl_buf *why)
{
	size_t n = strlen(alt);
	bool start = n && alt[0] == G_START,
	     end = n > (size_t)start && alt[n - 1] == G_END;
	struct kl_buf b = KL_BUF_INIT;
	int rc = 0;

	if (memchr(alt + start, G_START, n - start - end) ||
	    memchr(alt + start, G_END, n - start - end))
		return 0;
	if (!start)
		kl_buf_putc(&b, '*');
	for (size_t i = start; i < n - end; i++) {
		/* '**' is '*'; an escaped '*' is a literal. */
		if (alt[i] == '*' && b.len && b.ptr[b.len - 1] == '*' &&
		    (b.len < 2 || b.ptr[b.len - 2] != '\\'))
			continue;
		kl_buf_putc(&b, alt[i]);
		if (alt[i] == '\\' && i + 1 < n - end)
			kl_buf_putc(&b, alt[++i]);
	}
	if (!end && !(b.len && b.ptr[b.len - 1] == '*'))
		kl_buf_putc(&b, '*');
	if (!b.ptr || !b.len) {
		kl_buf_free(&b);
		return 0; /* ^$: the empty path, which is never scanned */
	}
	if (b.ptr[b.len - 1] == '/')
		rc = why_fail(why, "it matches paths that end in '/', which a "
		                   "keylint glob cannot say");
	else if (!kl_strv_has(globs, b.ptr))
		rc = kl_strv_push(globs, b.ptr);
	kl_buf_free(&b);
	return rc;
}

int kl_gitleaks_regex_globs(const char *go, struct kl_strv *globs,
                            struct kl_buf *why)
{
	struct kl_strv alts = KL_STRV_INIT, res = KL_STRV_INIT;
	struct gx g = {go, false, 0, why};
	int rc = gx_alts(&g, &alts);

	if (!rc && *g.p)
		rc = why_fail(why, "unbalanced parentheses");
	for (size_t i = 0; !rc && i < alts.n; i++)
		rc = finish(alts.v[i], &res, why);
	if (!rc && !res.n)
		rc = why_fail(why, "it matches no path");
	/* A glob without '/' also matches base names: exact only when the
	 * regex matches the name in every folder too. */
	for (size_t i = 0; !rc && i < res.n; i++) {
		char *sub;

		if (res.v[i][0] == '*' || strchr(res.v[i], '/'))
			continue;
		sub = cat("*/", res.v[i]);
		if (!sub)
			rc = KL_ENOMEM;
		else if (!kl_strv_has(&res, sub))
			rc = why_fail(why, "it matches a name only in the top "
			                   "folder, and a keylint glob without "
			                   "'/' matches it in every folder");
		free(sub);
	}
	/* NAME in any folder goes without saying when NAME is there: a
	 * keylint glob without '/' also matches base names. */
	for (size_t i = 0; !rc && i < res.n; i++) {
		if (strncmp(res.v[i], "*/", 2) || strchr(res.v[i] + 2, '/') ||
		    !kl_strv_has(&res, res.v[i] + 2))
			rc = kl_strv_push(globs, res.v[i]);
	}
	kl_strv_free(&alts);
	kl_strv_free(&res);
	return rc;
}
