/*
 * text: entropy, binary sniffing, UTF-8 checks and escaping.  These run on
 * secrets and paths, which are short; only kl_text_is_binary and
 * kl_text_count_newlines see whole files, and both lean on memchr.
 */
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

double kl_text_entropy(const char *s, size_t len)
{
	size_t counts[256] = {0};
	double h = 0.0;
	size_t i;

	if (!len)
		return 0.0;
	for (i = 0; i < len; i++)
		counts[(unsigned char)s[i]]++;
	for (i = 0; i < 256; i++) {
		double p;

		if (!counts[i])
			continue;
		p = (double)counts[i] / (double)len;
		h -= p * log2(p);
	}
	return h;
}

bool kl_text_is_binary(const char *data, size_t len)
{
	return memchr(data, '\0', len < 8000 ? len : 8000) != NULL;
}

size_t kl_text_count_newlines(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	size_t n = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

size_t kl_text_utf8_seq(const unsigned char *s, size_t len)
{
	unsigned char c;

	if (!len)
		return 0;
	c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		if (len >= 2 && (s[1] & 0xC0) == 0x80)
			return 2;
		return 0;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0; /* overlong */
		if (c == 0xED && s[1] >= 0xA0)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (len < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0; /* overlong */
		if (c == 0xF4 && s[1] >= 0x90)
			return 0; /* beyond U+10FFFF */
		return 4;
	}
	return 0;
}

int kl_text_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

size_t kl_text_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t kl_text_utf8_count(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n = 0;

	while (i < len) {
		size_t k;

		if (p[i] < 0x80) {
			i++;
		} else {
			k = kl_text_utf8_seq(p + i, len - i);
			i += k ? k : 1;
		}
		n++;
	}
	return n;
}

bool kl_text_is_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t n;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = kl_text_utf8_seq(p + i, len - i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

int kl_text_utf8_sanitize(struct kl_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	int rc;

	while (i < len) {
		size_t n = p[i] < 0x80 ? 1 : kl_text_utf8_seq(p + i, len - i);

		if (n) {
			i += n;
			continue;
		}
		rc = kl_buf_put(out, s + run, i - run);
		if (!rc)
			rc = kl_buf_puts(out, "\xEF\xBF\xBD");
		if (rc)
			return rc;
		i++;
		run = i;
	}
	return kl_buf_put(out, s + run, len - run);
}

int kl_text_escape_terminal(struct kl_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	int rc = 0;

	while (i < len && !rc) {
		unsigned char c = p[i];
		size_t n;

		if (c == '\\') {
			rc = kl_buf_puts(out, "\\\\");
			i++;
			continue;
		}
		if (c >= 0x20 && c < 0x7F) {
			rc = kl_buf_putc(out, (char)c);
			i++;
			continue;
		}
		if (c == '\n' || c == '\t' || c == '\r') {
			rc = kl_buf_puts(out, c == '\n'   ? "\\n"
			                      : c == '\t' ? "\\t"
			                                  : "\\r");
			i++;
			continue;
		}
		n = c < 0x80 ? 0 : kl_text_utf8_seq(p + i, len - i);
		/* C1 controls (U+0080..U+009F) can drive terminals too. */
		if (n == 2 && c == 0xC2 && p[i + 1] < 0xA0)
			n = 0;
		if (n) {
			rc = kl_buf_put(out, s + i, n);
			i += n;
			continue;
		}
		rc = kl_buf_printf(out, "\\x%02x", c);
		i++;
	}
	return rc;
}

/* Characters that change how the text around them reads without
 * showing themselves: zero-width spaces and joiners, directional marks,
 * embeddings, overrides and isolates, separators, the BOM. */
static bool invisible(uint32_t cp)
{
	return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

static uint32_t utf8_decode(const unsigned char *p, size_t n)
{
	static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	uint32_t cp = p[0] & lead_mask[n];

	for (size_t i = 1; i < n; i++)
		cp = cp << 6 | (p[i] & 0x3F);
	return cp;
}

/* The entity or visible escape of the sequence at p[0, n) (n from
 * kl_text_utf8_seq, 0 for an invalid byte), or NULL to copy it. */
static const char *html_escape_of(const unsigned char *p, size_t n, char *tmp,
                                  size_t ntmp)
{
	switch (n ? p[0] : 0x80) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\t':
		return "\\t";
	case '\r':
		return "\\r";
	}
	if (n == 1 && p[0] >= 0x20 && p[0] < 0x7F)
		return NULL;
	if (n <= 1) {
		snprintf(tmp, ntmp, "\\x%02x", p[0]);
		return tmp;
	}
	if (invisible(utf8_decode(p, n))) {
		snprintf(tmp, ntmp, "\\u%04x", (unsigned)utf8_decode(p, n));
		return tmp;
	}
	return NULL;
}

int kl_text_escape_html(struct kl_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	int rc = 0;

	while (i < len && !rc) {
		size_t n = kl_text_utf8_seq(p + i, len - i);
		char tmp[16];
		const char *e;

		/* C1 controls (U+0080..U+009F), byte by byte. */
		if (n == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0)
			n = 0;
		e = html_escape_of(p + i, n, tmp, sizeof(tmp));

		if (!e) {
			i += n;
			continue;
		}
		/* Copy what needed no escape in one piece. */
		rc = kl_buf_put(out, s + run, i - run);
		if (!rc)
			rc = kl_buf_puts(out, e);
		i += n ? n : 1;
		run = i;
	}
	return rc ? rc : kl_buf_put(out, s + run, i - run);
}

const char *kl_text_memcasemem(const char *hay, size_t hlen, const char *needle,
                               size_t nlen)
{
	size_t i;

	if (!nlen)
		return hay;
	if (nlen > hlen)
		return NULL;
	for (i = 0; i + nlen <= hlen; i++) {
		if (strncasecmp(hay + i, needle, nlen) == 0)
			return hay + i;
	}
	return NULL;
}

/* Edit distance, for suggestions (short strings only). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64], prev, tmp;

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] =
			    a[i - 1] == b[j - 1]
			        ? prev
			        : 1 + (prev < row[j - 1]
			                   ? (prev < row[j] ? prev : row[j])
			                   : (row[j - 1] < row[j] ? row[j - 1]
			                                          : row[j]));
			prev = tmp;
		}
	}
	return row[lb];
}

const char *kl_text_nearest(const char *s, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bd = 99;

	for (size_t i = 0; i < n; i++) {
		size_t d;

		if (!names[i])
			continue;
		d = distance(s, names[i]);
		if (d < bd) {
			bd = d;
			best = names[i];
		}
	}
	return best && bd <= 2 + strlen(s) / 6 ? best : NULL;
}
