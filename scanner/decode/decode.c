/*
 * decode: one forward pass over the chunk finds candidate runs; each is
 * checked cheaply before it is decoded (base64 of text starts each
 * four-character group with a character below 'g'; hex of text has a
 * high nibble of 2 to 7 in every byte), decoded into a scratch buffer,
 * and kept only if the result is text.  Lines and columns of the runs are
 * counted as the pass moves on, so locating a run costs nothing extra.
 */
#include "decode.h"

#include <string.h>

#include "base64.h"
#include "text.h"

#define MIN_BASE64 16  /* 12 decoded bytes */
#define MIN_HEX    32  /* 16 decoded bytes */
#define CONTEXT    256 /* bytes of the line kept on each side of a run */
#define PROBE      64  /* encoded bytes decoded before the whole run */

static const char *const names[] = {"base64", "hex", "percent", "escape"};

const char *kl_decode_name(enum kl_encoding e)
{
	return (unsigned)e <= KL_ENC_ESCAPE ? names[e] : "unknown";
}

bool kl_decode_is_text(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t alnum = 0;

	for (size_t i = 0; i < n;) {
		size_t k;

		if (p[i] >= 0x80) {
			if (!(k = kl_text_utf8_seq(p + i, n - i)))
				return false;
			i += k;
			alnum++;
			continue;
		}
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
		     p[i] != '\r') ||
		    p[i] == 0x7f)
			return false;
		alnum += (p[i] >= '0' && p[i] <= '9') ||
		         ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z');
		i++;
	}
	return n && alnum * 2 >= n;
}

/* ---- decoders -------------------------------------------------------------
 */

int kl_decode_base64(const char *s, size_t n, struct kl_buf *out)
{
	long len;
	int rc;

	if ((rc = kl_buf_grow(out, n)))
		return rc;
	len = kl_base64_decode(s, n, (unsigned char *)out->ptr + out->len);
	if (len < 0)
		return KL_EINVAL;
	out->len += (size_t)len;
	out->ptr[out->len] = '\0';
	return 0;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int kl_decode_hex(const char *s, size_t n, struct kl_buf *out)
{
	int rc;

	if (n % 2 || (rc = kl_buf_grow(out, n / 2)))
		return n % 2 ? KL_EINVAL : rc;
	for (size_t i = 0; i < n; i += 2) {
		int a = hexval((unsigned char)s[i]);
		int b = hexval((unsigned char)s[i + 1]);

		if (a < 0 || b < 0)
			return KL_EINVAL;
		out->ptr[out->len++] = (char)(a << 4 | b);
	}
	out->ptr[out->len] = '\0';
	return 0;
}

int kl_decode_percent(const char *s, size_t n, struct kl_buf *out)
{
	int rc;

	if ((rc = kl_buf_grow(out, n)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '%' && i + 2 < n &&
		    (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			out->ptr[out->len++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out->ptr[out->len++] = s[i];
		}
	}
	out->ptr[out->len] = '\0';
	return 0;
}

/* Append code point cp as UTF-8. */
static int put_utf8(struct kl_buf *out, unsigned cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			return KL_EINVAL; /* a lone surrogate is not text */
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	}
	return kl_buf_put(out, b, n);
}

/* Value of n hex digits at s, or -1. */
static long hexn(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++) {
		int d = hexval((unsigned char)s[i]);

		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

int kl_decode_escapes(const char *s, size_t n, struct kl_buf *out)
{
	static const char simple[] = "\"\"''//\\\\n\nr\rt\tb\bf\f";
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		const char *m;
		long v;

		if (s[i] != '\\' || i + 1 >= n) {
			rc = kl_buf_putc(out, s[i]);
			continue;
		}
		i++;
		if (s[i] == 'u' && i + 4 < n && (v = hexn(s + i + 1, 4)) >= 0) {
			rc = put_utf8(out, (unsigned)v);
			i += 4;
		} else if (s[i] == 'x' && i + 2 < n &&
		           (v = hexn(s + i + 1, 2)) >= 0) {
			rc = put_utf8(out, (unsigned)v);
			i += 2;
		} else if ((m = memchr(simple, s[i], sizeof(simple) - 1)) &&
		           (m - simple) % 2 == 0) {
			rc = kl_buf_putc(out, m[1]);
		} else {
			return KL_EINVAL;
		}
	}
	return rc;
}

/* ---- finding runs -----------------------------------------------------------
 */

struct pass {
	const struct kl_chunk *c;
	size_t *budget;
	bool *budget_hit;
	kl_decoded_fn fn;
	void *ud;
	/* Line bookkeeping, moving forward only. */
	size_t pos, line, line_start;
	struct kl_buf decoded, text;
};

static bool is_b64(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '-' ||
	       c == '_';
}

static bool is_hex(unsigned char c)
{
	return hexval(c) >= 0;
}

/* Line and column of offset off (not before the last one asked). */
static void locate(struct pass *ps, size_t off, uint32_t *line, uint32_t *col,
                   uint32_t *col_cp)
{
	const char *d = ps->c->data, *nl;

	if (off < ps->pos) { /* a run that starts before the last one */
		ps->pos = ps->line_start = 0;
		ps->line = 1;
	}
	while ((nl = memchr(d + ps->pos, '\n', off - ps->pos))) {
		ps->line++;
		ps->pos = (size_t)(nl - d) + 1;
		ps->line_start = ps->pos;
	}
	ps->pos = off;
	*line = (uint32_t)ps->line;
	*col = (uint32_t)(off - ps->line_start + 1);
	*col_cp = (uint32_t)(kl_text_utf8_count(d + ps->line_start,
	                                        off - ps->line_start) +
	                     1);
}

/* Where the run [a, b) sits: the original's span for an encoded run of
 * a chunk that was itself decoded is that chunk's span. */
static void span_of(struct pass *ps, size_t a, size_t b, struct kl_span *sp)
{
	if (ps->c->origin.nsteps) {
		*sp = ps->c->origin.at;
		return;
	}
	locate(ps, a, &sp->line, &sp->column, &sp->column_cp);
	{
		size_t save_pos = ps->pos, save_line = ps->line,
		       save_ls = ps->line_start;

		locate(ps, b, &sp->end_line, &sp->end_column,
		       &sp->end_column_cp);
		ps->pos = save_pos;
		ps->line = save_line;
		ps->line_start = save_ls;
	}
}

/* Hand on the run [a, b) decoded (in ps->decoded) within its line. */
static int emit(struct pass *ps, size_t a, size_t b, enum kl_encoding e)
{
	const struct kl_chunk *c = ps->c;
	const char *d = c->data;
	size_t ls = a, le = b;
	struct kl_chunk out;
	int rc;

	if (!kl_decode_is_text(ps->decoded.ptr, ps->decoded.len))
		return 0;
	while (ls > 0 && a - ls < CONTEXT && d[ls - 1] != '\n')
		ls--;
	while (le < c->len && le - b < CONTEXT && d[le] != '\n')
		le++;
	kl_buf_clear(&ps->text);
	if ((rc = kl_buf_put(&ps->text, d + ls, a - ls)) ||
	    (rc = kl_buf_put(&ps->text, ps->decoded.ptr, ps->decoded.len)) ||
	    (rc = kl_buf_put(&ps->text, d + b, le - b)))
		return rc;
	out.data = ps->text.ptr;
	out.len = ps->text.len;
	out.origin = c->origin;
	if (out.origin.nsteps < KL_MAX_STEPS)
		out.origin.steps[out.origin.nsteps++] = kl_decode_name(e);
	span_of(ps, a, b, &out.origin.at);
	out.origin.run_start = a - ls;
	out.origin.run_end = a - ls + ps->decoded.len;
	return ps->fn(ps->ud, &out);
}

/* Decode s[0, n) with dec into ps->decoded, after a probe of its first
 * bytes, within the budget: 0 when decoded, 1 when the run is not worth
 * it (not of the encoding, or the probe is not text), KL_ETOOBIG when
 * the budget is spent, KL_ENOMEM. */
static int try_decode(struct pass *ps, const char *s, size_t n,
                      int (*dec)(const char *, size_t, struct kl_buf *),
                      size_t probe)
{
	int rc;

	kl_buf_clear(&ps->decoded);
	if (n > probe) {
		rc = dec(s, probe, &ps->decoded);
		if (rc == KL_EINVAL ||
		    (!rc &&
		     !kl_decode_is_text(ps->decoded.ptr, ps->decoded.len)))
			return 1;
		if (rc)
			return rc;
		kl_buf_clear(&ps->decoded);
	}
	if (n > *ps->budget) {
		*ps->budget_hit = true;
		return KL_ETOOBIG;
	}
	*ps->budget -= n;
	rc = dec(s, n, &ps->decoded);
	return rc == KL_EINVAL ? 1 : rc;
}

/* try_decode, then emit what it decoded. */
static int decode_run(struct pass *ps, size_t a, size_t b, size_t n,
                      enum kl_encoding e,
                      int (*dec)(const char *, size_t, struct kl_buf *),
                      size_t probe)
{
	int rc = try_decode(ps, ps->c->data + a, n, dec, probe);

	if (rc == 1)
		return 0;
	return rc ? rc : emit(ps, a, b, e);
}

/* Base64 of text: every four-character group starts below 'g' (a byte
 * under 0x80), for the probe's length. */
static bool looks_like_base64_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n && i < PROBE; i += 4) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return true;
}

/* A run of the base64 alphabets (with its padding) or of hex digits. */
static int base64_or_hex(struct pass *ps, size_t a, size_t b)
{
	const char *s = ps->c->data + a;
	size_t n = b - a, hex = 0;

	for (size_t i = 0; i < n; i++)
		hex += is_hex((unsigned char)s[i]);
	if (hex == n) {
		if (n < MIN_HEX || n % 2)
			return 0;
		return decode_run(ps, a, b, n, KL_ENC_HEX, kl_decode_hex,
		                  PROBE);
	}
	if (n < MIN_BASE64 || !looks_like_base64_text(s, n))
		return 0;
	while (b < ps->c->len && ps->c->data[b] == '=' && b - a < n + 2)
		b++;
	/* Unpadded base64 decodes too, but not a lone trailing character. */
	if ((b - a) % 4 == 1)
		return decode_run(ps, a, b, n - 1, KL_ENC_BASE64,
		                  kl_decode_base64, PROBE);
	return decode_run(ps, a, b, b - a, KL_ENC_BASE64, kl_decode_base64,
	                  PROBE);
}

static bool is_url_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr("\"'`<>{}|\\^ ", c);
}

/* A token of URL characters around a "%XX" at p, with two escapes or
 * more. */
static int percent_run(struct pass *ps, size_t p, size_t *next)
{
	const char *d = ps->c->data;
	size_t a = p, b = p, esc = 0;

	while (a > 0 && is_url_char((unsigned char)d[a - 1]))
		a--;
	while (b < ps->c->len && is_url_char((unsigned char)d[b]))
		b++;
	*next = b;
	for (size_t i = a; i + 2 < b; i++)
		esc += d[i] == '%' && is_hex((unsigned char)d[i + 1]) &&
		       is_hex((unsigned char)d[i + 2]);
	if (esc < 2)
		return 0;
	return decode_run(ps, a, b, b - a, KL_ENC_PERCENT, kl_decode_percent,
	                  (size_t)-1);
}

/* The string literal around an escape at p: from the quote before it to
 * the matching quote after it, on the same line. */
static int escape_run(struct pass *ps, size_t p, size_t *next)
{
	const char *d = ps->c->data;
	size_t a = p, b = p;
	char q;

	while (a > 0 && d[a - 1] != '"' && d[a - 1] != '\'' && d[a - 1] != '\n')
		a--;
	*next = p + 2;
	if (!a || d[a - 1] == '\n')
		return 0;
	q = d[a - 1];
	while (b < ps->c->len && d[b] != '\n' &&
	       !(d[b] == q && d[b - 1] != '\\'))
		b++;
	if (b >= ps->c->len || d[b] != q)
		return 0;
	*next = b + 1;
	return decode_run(ps, a, b, b - a, KL_ENC_ESCAPE, kl_decode_escapes,
	                  (size_t)-1);
}

int kl_decode_chunk(const struct kl_chunk *c, size_t *budget, bool *budget_hit,
                    kl_decoded_fn fn, void *ud)
{
	struct pass ps = {c, budget, budget_hit, fn,          ud,
	                  0, 1,      0,          KL_BUF_INIT, KL_BUF_INIT};
	const unsigned char *d = (const unsigned char *)c->data;
	size_t i = 0, next;
	int rc = 0;

	while (i < c->len && !rc) {
		if (is_b64(d[i])) {
			size_t a = i;

			while (i < c->len && is_b64(d[i]))
				i++;
			if (i - a >= MIN_BASE64)
				rc = base64_or_hex(&ps, a, i);
			continue;
		}
		if (d[i] == '%' && i + 2 < c->len && is_hex(d[i + 1]) &&
		    is_hex(d[i + 2])) {
			rc = percent_run(&ps, i, &next);
			i = next > i ? next : i + 1;
			continue;
		}
		if (d[i] == '\\' && i + 1 < c->len &&
		    (d[i + 1] == 'u' || d[i + 1] == 'x' || d[i + 1] == '/')) {
			rc = escape_run(&ps, i, &next);
			i = next > i ? next : i + 1;
			continue;
		}
		i++;
	}
	kl_buf_free(&ps.decoded);
	kl_buf_free(&ps.text);
	return rc == KL_ETOOBIG ? 0 : rc;
}
