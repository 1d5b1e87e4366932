/*
 * toml_int: what toml.c (keys, tables, the document) and toml_lex.c
 * (whitespace, comments, strings, bare values) share.  Not for other
 * modules.
 */
#ifndef KL_TOML_INT_H
#define KL_TOML_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "strv.h"
#include "toml.h"

struct kl_toml_node;

struct toml {
	const char *origin;
	const char *start, *p, *end;
	struct kl_buf *err;
	struct kl_toml_node *nodes;
	size_t nnodes, anodes;
	uint32_t *slots; /* hash table of keyed nodes: index + 1, 0 empty */
	size_t cap, used;
	struct kl_buf key;   /* scratch: a key in a message */
	struct kl_buf str;   /* the string just decoded */
	struct kl_strv path; /* the parts of the key just read */
};

/* The byte at t->p, or -1 at the end. */
static inline int kl_toml__peek(const struct toml *t)
{
	return t->p < t->end ? (unsigned char)*t->p : -1;
}

/* Whether the input at t->p starts with s. */
static inline bool kl_toml__at(const struct toml *t, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(t->end - t->p) >= n && memcmp(t->p, s, n) == 0;
}

static inline void kl_toml__skip_ws(struct toml *t)
{
	while (t->p < t->end && (*t->p == ' ' || *t->p == '\t'))
		t->p++;
}

/* A character of a bare key. */
static inline bool kl_toml__is_bare(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Write "ORIGIN: line L, column C: ..." for the byte at `at` to t->err;
 * returns KL_EINVAL. */
int kl_toml__fail(struct toml *t, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The length of a newline (LF or CRLF) at t->p, else 0. */
size_t kl_toml__newline(const struct toml *t);

/* Optional whitespace and comment, then a newline or the end. */
int kl_toml__end_of_line(struct toml *t);

/* Whitespace, newlines and comments, as arrays allow between values. */
int kl_toml__skip_space(struct toml *t);

/* A string of any kind at its opening quote, decoded into t->str (always
 * NUL-terminated on success). */
int kl_toml__string(struct toml *t);

/* A bare value at t->p: true, false, an integer or a float, as a new
 * cJSON value. */
int kl_toml__scalar(struct toml *t, struct cJSON **out);

#endif
