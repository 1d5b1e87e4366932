/*
 * decode: one forward pass over the chunk finds candidate runs; each is
 * checked cheaply before it is decoded (base64 of text starts each
 * four-character group with a character below 'g'; hex of text has a
 * high nibble of 2 to 7 in every byte), decoded into a scratch buffer,
 * and kept only if the result is text.  Lines and columns of the runs are
 * counted as the pass moves on, so locating a run costs nothing extra.
 */
#include "decode.h"

#include <stdint.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "base64.h"
#include "text.h"

#define MIN_BASE64  24  /* 18 decoded bytes */
#define MIN_HEX     32  /* 16 decoded bytes */
#define CONTEXT     256 /* bytes of the line kept on each side of a run */
#define MIN_DECODED 8   /* bytes: shorter is no secret */
#define PROBE       64  /* encoded bytes decoded before the whole run */
#define RUN_MAX     (1u << 20) /* encoded bytes of one run that are decoded */

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

int kl_decode_hex(const char *s, size_t n, struct kl_buf *out)
{
	int rc;

	if (n % 2 || (rc = kl_buf_grow(out, n / 2)))
		return n % 2 ? KL_EINVAL : rc;
	for (size_t i = 0; i < n; i += 2) {
		int a = kl_text_hexval((unsigned char)s[i]);
		int b = kl_text_hexval((unsigned char)s[i + 1]);

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
		    (hi = kl_text_hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = kl_text_hexval((unsigned char)s[i + 2])) >= 0) {
			out->ptr[out->len++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out->ptr[out->len++] = s[i];
		}
	}
	out->ptr[out->len] = '\0';
	return 0;
}

/* Append code point cp as UTF-8; a lone surrogate is not text. */
static int put_utf8(struct kl_buf *out, unsigned cp)
{
	char b[4];

	if (cp >= 0xD800 && cp <= 0xDFFF)
		return KL_EINVAL;
	return kl_buf_put(out, b, kl_text_utf8_encode(cp, b));
}

/* Value of n hex digits at s, or -1. */
static long hexn(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++) {
		int d = kl_text_hexval((unsigned char)s[i]);

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
	/* What is scanned: [lo, hi) (for decoded content, only the run that
	 * was decoded, not the context around it). */
	size_t lo, hi;
	/* Line bookkeeping: pos is on line `line`, which starts at
	 * line_start, cp code points after it. */
	size_t pos, line, line_start, cp;
	struct kl_buf decoded, text;
};

/* The characters of both base64 alphabets. */
static const unsigned char b64_chars[256] = {
    ['+'] = 1, ['-'] = 1, ['/'] = 1, ['_'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1,
    ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
    ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
    ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1,
    ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1,
    ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static bool is_b64(unsigned char c)
{
	return b64_chars[c];
}

static bool is_hex(unsigned char c)
{
	return kl_text_hexval(c) >= 0;
}

/* Line and column of offset off (not before the last one asked). */
static void locate(struct pass *ps, size_t off, uint32_t *line, uint32_t *col,
                   uint32_t *col_cp)
{
	const char *d = ps->c->data, *nl;

	if (off < ps->pos) { /* a run that starts before the last one */
		for (size_t k = off; k < ps->pos; k++)
			ps->line -= d[k] == '\n';
		for (ps->line_start = off;
		     ps->line_start && d[ps->line_start - 1] != '\n';
		     ps->line_start--)
			;
		ps->pos = ps->line_start;
		ps->cp = 0;
	}
	while ((nl = memchr(d + ps->pos, '\n', off - ps->pos))) {
		ps->line++;
		ps->pos = ps->line_start = (size_t)(nl - d) + 1;
		ps->cp = 0;
	}
	/* Counted from the last position, so a long line costs once. */
	ps->cp += kl_text_utf8_count(d + ps->pos, off - ps->pos);
	ps->pos = off;
	*line = (uint32_t)ps->line;
	*col = (uint32_t)(off - ps->line_start + 1);
	*col_cp = (uint32_t)(ps->cp + 1);
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
		       save_ls = ps->line_start, save_cp = ps->cp;

		locate(ps, b, &sp->end_line, &sp->end_column,
		       &sp->end_column_cp);
		ps->pos = save_pos;
		ps->line = save_line;
		ps->line_start = save_ls;
		ps->cp = save_cp;
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

	/* Too short to hide a secret, or not text. */
	if (ps->decoded.len < MIN_DECODED ||
	    !kl_decode_is_text(ps->decoded.ptr, ps->decoded.len))
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
	/* A longer run is decoded from its start only (a multiple of four
	 * and of two keeps every decoder whole). */
	if (n > RUN_MAX)
		n = RUN_MAX;
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

/* Whether s[0, n) is all hex digits (stopping at the first that is
 * not, which for most runs is the first). */
static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_hex((unsigned char)s[i]))
			return false;
	return true;
}

/* A run of the base64 alphabets (with its padding) or of hex digits. */
static int base64_or_hex(struct pass *ps, size_t a, size_t b)
{
	const char *s = ps->c->data + a;
	size_t n = b - a;

	if (all_hex(s, n)) {
		if (n < MIN_HEX || n % 2)
			return 0;
		return decode_run(ps, a, b, n, KL_ENC_HEX, kl_decode_hex,
		                  PROBE);
	}
	if (!looks_like_base64_text(s, n))
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

/* Classes by nibble: a byte is in a class when the tables of its high
 * and its low nibble share the class's bit.  The base64 alphabets are
 * bits 0-4 ("+-/" in row 2, digits, letters in rows 4-7, '_'), the
 * markers where percent-encoding and escapes begin are bits 5 ('%') and
 * 6 ('\\'). */
#define NIB_B64  0x1f
#define NIB_MARK 0x60
static const unsigned char nib_hi[16] = {
    [2] = 0x01 | 0x20,        [3] = 0x02, [4] = 0x04,
    [5] = 0x08 | 0x10 | 0x40, [6] = 0x04, [7] = 0x08,
};
static const unsigned char nib_lo[16] = {
    0x02 | 0x08,        0x02 | 0x04 | 0x08, 0x02 | 0x04 | 0x08,
    0x02 | 0x04 | 0x08, 0x02 | 0x04 | 0x08, 0x02 | 0x04 | 0x08 | 0x20,
    0x02 | 0x04 | 0x08, 0x02 | 0x04 | 0x08, 0x02 | 0x04 | 0x08,
    0x02 | 0x04 | 0x08, 0x04 | 0x08,        0x01 | 0x04,
    0x04 | 0x40,        0x01 | 0x04,        0x04,
    0x01 | 0x04 | 0x10,
};

#if defined(__x86_64__) && defined(__GNUC__)
/* AVX2: 32 bytes at a time, two table lookups each. */
__attribute__((target("avx2"))) static uint64_t
b64_mask_avx2(const unsigned char *d, uint64_t *marks)
{
	const __m256i hi_t = _mm256_broadcastsi128_si256(
	    _mm_loadu_si128((const __m128i_u *)nib_hi));
	const __m256i lo_t = _mm256_broadcastsi128_si256(
	    _mm_loadu_si128((const __m128i_u *)nib_lo));
	const __m256i nib = _mm256_set1_epi8(0x0f),
	              zero = _mm256_setzero_si256();
	uint64_t m = 0;

	*marks = 0;
	for (int k = 0; k < 2; k++) {
		__m256i c = _mm256_loadu_si256((const __m256i_u *)(d + 32 * k));
		__m256i hi = _mm256_and_si256(_mm256_srli_epi16(c, 4), nib);
		__m256i r = _mm256_and_si256(
		    _mm256_shuffle_epi8(hi_t, hi),
		    _mm256_shuffle_epi8(lo_t, _mm256_and_si256(c, nib)));
		uint32_t b = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		    _mm256_and_si256(r, _mm256_set1_epi8(NIB_B64)), zero));
		uint32_t t = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		    _mm256_and_si256(r, _mm256_set1_epi8(NIB_MARK)), zero));

		m |= (uint64_t)b << (32 * k);
		*marks |= (uint64_t)t << (32 * k);
	}
	return m;
}
#endif

/* The same one byte at a time, where AVX2 is missing. */
static uint64_t b64_mask_plain(const unsigned char *d, uint64_t *marks)
{
	uint64_t m = 0;

	*marks = 0;
	for (int k = 0; k < 64; k++) {
		unsigned r = nib_hi[d[k] >> 4] & nib_lo[d[k] & 15];

		m |= (uint64_t)((r & NIB_B64) != 0) << k;
		*marks |= (uint64_t)((r & NIB_MARK) != 0) << k;
	}
	return m;
}

/* A bit for each of the 64 bytes at d that is in the base64 alphabets,
 * and in *marks one for each '%' or '\\'. */
static uint64_t b64_mask(const unsigned char *d, uint64_t *marks)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx2"))
		return b64_mask_avx2(d, marks);
#endif
	return b64_mask_plain(d, marks);
}

/* Bit i set when bits i .. i + MIN_BASE64 - 1 of (next:cur) are all
 * set: the runs long enough that start in the current 64 bytes. */
static uint64_t long_runs(uint64_t cur, uint64_t next)
{
	unsigned __int128 m = (unsigned __int128)next << 64 | cur;
	unsigned __int128 m2 = m & m >> 1, m4 = m2 & m2 >> 2;
	unsigned __int128 m8 = m4 & m4 >> 4, m16 = m8 & m8 >> 8;

	return (uint64_t)(m16 & m8 >> 16); /* 24 in a row */
}

/* The first MIN_BASE64 bytes of a run could begin hex or base64 of text
 * (most long runs in code are identifiers and paths, which cannot). */
static bool worth_a_look(const char *s)
{
	return all_hex(s, MIN_BASE64) || looks_like_base64_text(s, MIN_BASE64);
}

/* Whether the two hex digits at s encode a printable ASCII character:
 * an escape of anything else cannot be part of a secret. */
static bool printable_hex(const unsigned char *s)
{
	int hi = kl_text_hexval(s[0]), lo = kl_text_hexval(s[1]);

	return hi >= 2 && hi <= 7 && lo >= 0 && (hi < 7 || lo < 15);
}

/* A '%' or '\\' at i: percent-encoding or an escape may start there. */
static int marker_at(struct pass *ps, size_t i, size_t *next)
{
	const unsigned char *d = (const unsigned char *)ps->c->data;
	size_t n = ps->c->len;

	*next = i + 1;
	if (d[i] == '%')
		return i + 2 < n && printable_hex(d + i + 1)
		           ? percent_run(ps, i, next)
		           : 0;
	if (i + 1 >= n)
		return 0;
	if (d[i + 1] == '/' ||
	    (d[i + 1] == 'x' && i + 3 < n && printable_hex(d + i + 2)) ||
	    (d[i + 1] == 'u' && i + 5 < n && d[i + 2] == '0' &&
	     d[i + 3] == '0' && printable_hex(d + i + 4)))
		return escape_run(ps, i, next);
	return 0;
}

/* The runs that start in the 64 bytes at i: base64 or hex runs at least
 * MIN_BASE64 long (from their first byte, whose predecessor is outside
 * the alphabets), and what starts at a marker.  *end: the furthest byte
 * a run handled here reached. */
static int window(struct pass *ps, size_t i, uint64_t starts, uint64_t marks,
                  size_t *end)
{
	const unsigned char *d = (const unsigned char *)ps->c->data;
	size_t n = ps->hi, s, b, next;
	int rc = 0;

	for (; starts && !rc; starts &= starts - 1) {
		s = i + (size_t)__builtin_ctzll(starts);
		if (s < *end || !worth_a_look((const char *)d + s))
			continue;
		for (b = s + MIN_BASE64; b < n && is_b64(d[b]); b++)
			;
		rc = base64_or_hex(ps, s, b);
		*end = b;
	}
	for (; marks && !rc; marks &= marks - 1) {
		s = i + (size_t)__builtin_ctzll(marks);
		if (s < *end)
			continue;
		rc = marker_at(ps, s, &next);
		if (next > s + 1)
			*end = next;
	}
	return rc;
}

/* The last bytes, one at a time: base64 runs, then markers. */
static int tail(struct pass *ps, size_t i, size_t end)
{
	const unsigned char *d = (const unsigned char *)ps->c->data;
	size_t n = ps->hi, a, next;
	int rc = 0;

	for (size_t k = i; k < n && !rc; k++) {
		if (k < end || !is_b64(d[k]) ||
		    (k > ps->lo && is_b64(d[k - 1])))
			continue;
		for (a = k; k < n && is_b64(d[k]); k++)
			;
		if (k - a >= MIN_BASE64)
			rc = base64_or_hex(ps, a, k);
	}
	for (size_t k = i > end ? i : end; k < n && !rc;) {
		if (d[k] != '%' && d[k] != '\\') {
			k++;
			continue;
		}
		rc = marker_at(ps, k, &next);
		k = next;
	}
	return rc;
}

/* One pass, 64 bytes at a time from bit masks: most of the content holds
 * no long run and no marker and costs a few vector instructions per 64
 * bytes. */
static int scan(struct pass *ps)
{
	const unsigned char *d = (const unsigned char *)ps->c->data;
	size_t n = ps->hi, i = ps->lo, end = 0;
	uint64_t cur = 0, next, marks = 0, next_marks, starts;
	int rc = 0;

	if (i + 128 <= n)
		cur = b64_mask(d + i, &marks);
	while (i + 128 <= n && !rc) {
		next = b64_mask(d + i + 64, &next_marks);
		starts = long_runs(cur, next) & ~(cur << 1);
		if (i > ps->lo && is_b64(d[i - 1]))
			starts &= ~(uint64_t)1;
		if (starts | marks)
			rc = window(ps, i, starts, marks, &end);
		if (end >= i + 64) { /* a run went past this window */
			i = end;
			if (i + 128 <= n)
				cur = b64_mask(d + i, &marks);
			continue;
		}
		i += 64;
		cur = next;
		marks = next_marks;
	}
	return rc ? rc : tail(ps, i, end);
}

int kl_decode_chunk(const struct kl_chunk *c, size_t *budget, bool *budget_hit,
                    kl_decoded_fn fn, void *ud)
{
	struct pass ps;
	int rc;

	memset(&ps, 0, sizeof(ps));
	ps.c = c;
	ps.budget = budget;
	ps.budget_hit = budget_hit;
	ps.fn = fn;
	ps.ud = ud;
	ps.line = 1;
	ps.hi = c->len;
	/* Decoded content: only the run is new; its context was scanned. */
	if (c->origin.nsteps) {
		ps.lo = c->origin.run_start;
		ps.hi = c->origin.run_end;
	}
	rc = scan(&ps);
	kl_buf_free(&ps.decoded);
	kl_buf_free(&ps.text);
	return rc == KL_ETOOBIG ? 0 : rc;
}
