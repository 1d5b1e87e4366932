/*
 * text: byte-level helpers shared by the pipeline: entropy, binary sniffing,
 * line counting, UTF-8 validation and the escaping that keeps untrusted
 * bytes from breaking JSON or driving a terminal.  Content is (ptr, len)
 * everywhere; nothing here assumes NUL termination of its input.
 */
#ifndef KL_TEXT_H
#define KL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Shannon entropy of the bytes, in bits per byte (0 for empty input). */
double kl_text_entropy(const char *s, size_t len);

/* True if the content looks binary: a NUL byte in its first 8000 bytes, the
 * heuristic git itself uses. */
bool kl_text_is_binary(const char *data, size_t len);

/* Number of '\n' bytes in data[0, len). */
size_t kl_text_count_newlines(const char *data, size_t len);

/* Length of the valid UTF-8 sequence starting at s (1-4), or 0 if the bytes
 * there are not valid UTF-8 (overlong forms and surrogates included). */
size_t kl_text_utf8_seq(const unsigned char *s, size_t len);

bool kl_text_is_utf8(const char *s, size_t len);

/* The value of hex digit c (either case), or -1. */
int kl_text_hexval(int c);

/* Write code point cp (at most 0x10FFFF) as UTF-8 into out; returns the
 * number of bytes (1-4).  Surrogates are the caller's to refuse. */
size_t kl_text_utf8_encode(uint32_t cp, char out[4]);

/* Number of code points in s[0, len), counting each byte of an invalid
 * sequence as one. */
size_t kl_text_utf8_count(const char *s, size_t len);

/* Append s to out with every invalid UTF-8 byte replaced by U+FFFD, so that
 * the result can be handed to cJSON. */
int kl_text_utf8_sanitize(struct kl_buf *out, const char *s, size_t len);

/* Append s to out so that it is safe to print on a terminal: control bytes
 * (newline, tab, ESC, DEL, C1 controls) and invalid UTF-8 become visible
 * escapes such as \n, \t, \x1b; valid printable UTF-8 is kept. */
int kl_text_escape_terminal(struct kl_buf *out, const char *s, size_t len);

/* Append s to out as HTML text or attribute value: & < > " ' become
 * entities, and what kl_text_escape_terminal makes visible is made visible
 * the same way, as are the invisible characters that can make text read
 * other than it is (bidirectional controls, zero-width characters, line
 * and paragraph separators: \u202e).  The result is safe between tags
 * and inside a quoted attribute, never inside <script> or <style>. */
int kl_text_escape_html(struct kl_buf *out, const char *s, size_t len);

/* Case-insensitive (ASCII) search for needle in hay; returns a pointer into
 * hay or NULL. */
const char *kl_text_memcasemem(const char *hay, size_t hlen, const char *needle,
                               size_t nlen);

/* Of names (NULL entries skipped), the one nearest to s by edit distance
 * if it is near enough to be what was meant ("did you mean"); else NULL. */
const char *kl_text_nearest(const char *s, const char *const *names, size_t n);

#endif
