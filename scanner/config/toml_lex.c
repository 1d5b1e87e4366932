/*
 * toml_lex: the tokens of TOML: whitespace, comments and newlines,
 * strings of the four kinds with their escapes, and bare values (booleans,
 * integers, floats), which become cJSON values.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "toml_int.h"

int kl_toml__fail(struct toml *t, const char *at, const char *fmt, ...)
{
	size_t line = 1, col = 1;
	va_list ap;

	for (const char *q = t->start; q < at && q < t->end; q++) {
		col++;
		if (*q == '\n') {
			line++;
			col = 1;
		}
	}
	kl_buf_clear(t->err);
	kl_buf_printf(t->err, "%s: line %zu, column %zu: ", t->origin, line,
	              col);
	va_start(ap, fmt);
	kl_buf_vprintf(t->err, fmt, ap);
	va_end(ap);
	return KL_EINVAL;
}

/* A newline (LF or CRLF) at t->p: its length, else 0. */
size_t kl_toml__newline(const struct toml *t)
{
	if (kl_toml__peek(t) == '\n')
		return 1;
	return kl_toml__at(t, "\r\n") ? 2 : 0;
}

static bool is_control(int c)
{
	return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f;
}

/* A comment from '#' to the end of the line (which is left in place). */
static int comment(struct toml *t)
{
	for (t->p++; t->p < t->end && *t->p != '\n'; t->p++) {
		if (*t->p == '\r' && kl_toml__newline(t))
			break;
		if (is_control((unsigned char)*t->p))
			return kl_toml__fail(t, t->p,
			                     "control character in a comment");
	}
	return 0;
}

/* Optional comment, then a newline or the end of the input. */
int kl_toml__end_of_line(struct toml *t)
{
	size_t n;
	int rc;

	kl_toml__skip_ws(t);
	if (kl_toml__peek(t) == '#' && (rc = comment(t)))
		return rc;
	if (t->p >= t->end)
		return 0;
	if (!(n = kl_toml__newline(t)))
		return kl_toml__fail(t, t->p, "expected the end of the line");
	t->p += n;
	return 0;
}

/* Whitespace, newlines and comments, as arrays allow between values. */
int kl_toml__skip_space(struct toml *t)
{
	int rc;

	for (;;) {
		size_t n;

		kl_toml__skip_ws(t);
		if (kl_toml__peek(t) == '#' && (rc = comment(t)))
			return rc;
		if (!(n = kl_toml__newline(t)))
			return 0;
		t->p += n;
	}
}

/* ---- strings ---- */

/* \uXXXX or \UXXXXXXXX, t->p at the 'u' or 'U'. */
static int unicode_escape(struct toml *t, const char *esc)
{
	size_t n = *t->p == 'u' ? 4 : 8;
	uint32_t c = 0;
	char u[4];

	t->p++;
	if ((size_t)(t->end - t->p) < n)
		return kl_toml__fail(t, esc, "truncated unicode escape");
	for (size_t i = 0; i < n; i++, t->p++) {
		int d = kl_text_hexval((unsigned char)*t->p);

		if (d < 0)
			return kl_toml__fail(t, esc,
			                     "bad hex digit in unicode escape");
		if (c > 0x10FFFF)
			return kl_toml__fail(t, esc,
			                     "unicode escape out of range");
		c = c << 4 | (uint32_t)d;
	}
	if (c == 0)
		return kl_toml__fail(t, esc,
		                     "a NUL character (\\u0000) in a string "
		                     "is not supported");
	if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return kl_toml__fail(t, esc,
		                     "unicode escape is not a scalar value");
	return kl_buf_put(&t->str, u, kl_text_utf8_encode(c, u));
}

/* One escape of a basic string, t->p after the backslash. */
static int escape(struct toml *t, bool multi)
{
	static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	const char *esc = t->p - 1, *q;
	int c = kl_toml__peek(t);

	for (size_t i = 0; c > 0 && from[i]; i++) {
		if (c == from[i]) {
			t->p++;
			return kl_buf_putc(&t->str, to[i]);
		}
	}
	if (c == 'u' || c == 'U')
		return unicode_escape(t, esc);
	if (multi && (c == ' ' || c == '\t' || kl_toml__newline(t))) {
		/* A line-ending backslash: drop the whitespace and newlines
		 * up to the next text. */
		kl_toml__skip_ws(t);
		if (!kl_toml__newline(t))
			return kl_toml__fail(t, esc,
			                     "invalid escape: only whitespace "
			                     "may follow a line-ending "
			                     "backslash");
		for (q = NULL; q != t->p;) {
			q = t->p;
			kl_toml__skip_ws(t);
			t->p += kl_toml__newline(t);
		}
		return 0;
	}
	return kl_toml__fail(t, esc, "invalid escape sequence");
}

/* A run of quote characters `q` ending a multi-line string at t->p: 3 to
 * 5 quotes close it, the extra ones belong to the content.  Returns 1 when
 * it closed, 0 when the quotes were content, or an error. */
static int close_multi(struct toml *t, char q)
{
	size_t n = 0;

	while (t->p + n < t->end && t->p[n] == q)
		n++;
	if (n > 5)
		return kl_toml__fail(t, t->p, "too many quotes in a row");
	for (size_t i = 0; i < (n >= 3 ? n - 3 : n); i++)
		if (kl_buf_putc(&t->str, q))
			return KL_ENOMEM;
	t->p += n;
	return n >= 3;
}

/* A basic or literal string, single- or multi-line, decoded into t->str
 * (NUL-terminated).  t->p is at the opening quote. */
int kl_toml__string(struct toml *t)
{
	const char *open = t->p;
	char q = *t->p;
	bool multi = kl_toml__at(t, q == '"' ? "\"\"\"" : "'''");
	int rc;

	kl_buf_clear(&t->str);
	if ((rc = kl_buf_grow(&t->str, 0)))
		return rc;
	t->p += multi ? 3 : 1;
	if (multi)
		t->p += kl_toml__newline(t);
	for (;;) {
		size_t nl;
		int c = kl_toml__peek(t);

		if (c < 0)
			return kl_toml__fail(t, open, "unterminated string");
		if (c == q && !multi) {
			t->p++;
			return 0;
		}
		if (c == q) {
			if ((rc = close_multi(t, q)))
				return rc < 0 ? rc : 0;
			continue;
		}
		if (c == '\\' && q == '"') {
			t->p++;
			if ((rc = escape(t, multi)))
				return rc;
			continue;
		}
		if (multi && (nl = kl_toml__newline(t))) {
			rc = kl_buf_put(&t->str, t->p, nl);
			t->p += nl;
		} else if (c == '\n' || c == '\r') {
			return kl_toml__fail(t, t->p,
			                     "newline in a single-line string");
		} else if (is_control(c)) {
			return kl_toml__fail(t, t->p,
			                     "control character in a string");
		} else {
			rc = kl_buf_putc(&t->str, (char)c);
			t->p++;
		}
		if (rc)
			return rc;
	}
}

static bool is_token(int c)
{
	return kl_toml__is_bare(c) || c == '+' || c == '.' || c == ':';
}

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;
}

/* Digits of `base` with single underscores between them, from *q up to
 * end, copied without underscores to out.  False if there are none or an
 * underscore is misplaced. */
static bool digits(const char **q, const char *end, int base,
                   struct kl_buf *out)
{
	const char *s = *q;

	if (s >= end || digit_value(*s) >= base)
		return false;
	for (;;) {
		if (kl_buf_putc(out, *s++))
			return false;
		if (s < end && *s == '_') {
			if (s + 1 >= end || digit_value(s[1]) >= base)
				return false;
			s++;
			continue;
		}
		if (s >= end || digit_value(*s) >= base)
			break;
	}
	*q = s;
	return true;
}

/* An integer or float token tok[0, n) (no dates, inf or nan). */
static int number(struct toml *t, const char *tok, size_t n, double *out)
{
	const char *q = tok, *end = tok + n;
	struct kl_buf num = KL_BUF_INIT;
	int base = 10, rc = KL_EINVAL;
	bool neg = false, is_float = false;

	if (n > 2 && tok[0] == '0' &&
	    (tok[1] == 'x' || tok[1] == 'o' || tok[1] == 'b')) {
		base = tok[1] == 'x' ? 16 : tok[1] == 'o' ? 8 : 2;
		q += 2;
	} else if (*q == '+' || *q == '-') {
		neg = *q++ == '-';
	}
	if (!digits(&q, end, base, &num))
		goto done;
	if (base == 10 && num.len > 1 && num.ptr[0] == '0')
		goto done; /* leading zeros */
	if (base == 10 && q < end && *q == '.') {
		is_float = true;
		kl_buf_putc(&num, *q++);
		if (!digits(&q, end, 10, &num))
			goto done;
	}
	if (base == 10 && q < end && (*q == 'e' || *q == 'E')) {
		is_float = true;
		kl_buf_putc(&num, *q++);
		if (q < end && (*q == '+' || *q == '-'))
			kl_buf_putc(&num, *q++);
		if (!digits(&q, end, 10, &num))
			goto done;
	}
	if (q != end || !num.ptr)
		goto done;
	if (is_float) {
		*out = strtod(num.ptr, NULL);
		if (!isfinite(*out))
			goto done;
		if (neg)
			*out = -*out;
	} else {
		uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX;

		for (size_t i = 0; i < num.len; i++) {
			int d = digit_value(num.ptr[i]);

			if (v > (lim - (uint64_t)d) / (uint64_t)base)
				goto done;
			v = v * (uint64_t)base + (uint64_t)d;
		}
		*out = neg ? -(double)v : (double)v;
	}
	rc = 0;
done:
	kl_buf_free(&num);
	return rc;
}

static bool is_inf_nan(const char *s, size_t n)
{
	if (n == 4 && (*s == '+' || *s == '-')) {
		s++;
		n--;
	}
	return n == 3 && (memcmp(s, "inf", 3) == 0 || memcmp(s, "nan", 3) == 0);
}

/* A bare value: true, false, an integer or a float. */
int kl_toml__scalar(struct toml *t, cJSON **out)
{
	const char *s = t->p;
	size_t n;
	double d;

	while (is_token(kl_toml__peek(t)))
		t->p++;
	n = (size_t)(t->p - s);
	*out = NULL;
	if (n == 4 && memcmp(s, "true", 4) == 0) {
		*out = cJSON_CreateTrue();
	} else if (n == 5 && memcmp(s, "false", 5) == 0) {
		*out = cJSON_CreateFalse();
	} else if ((n >= 10 && s[4] == '-' && s[7] == '-') ||
	           memchr(s, ':', n)) {
		return kl_toml__fail(t, s, "dates and times are not supported");
	} else if (is_inf_nan(s, n)) {
		return kl_toml__fail(t, s, "inf and nan are not supported");
	} else if (!n) {
		return kl_toml__fail(t, s, "expected a value");
	} else if (number(t, s, n, &d)) {
		return kl_toml__fail(t, s, "invalid number or value");
	} else {
		*out = cJSON_CreateNumber(d);
	}
	return *out ? 0 : KL_ENOMEM;
}
