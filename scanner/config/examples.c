/*
 * examples: macro expansion with a splitmix64 generator, so the same seed
 * gives the same characters on every platform.
 */
#include "examples.h"

#include <stdlib.h>
#include <string.h>

#include "base64.h"

static uint64_t splitmix(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Expand a class body such as "A-Za-z0-9_" or a class name into `set`. */
static int class_set(const char *cls, size_t n, char *set, size_t *nset)
{
	static const struct {
		const char *name, *body;
	} named[] = {
	    {"hex", "0-9a-f"},
	    {"HEX", "0-9A-F"},
	    {"alnum", "A-Za-z0-9"},
	    {"base64", "A-Za-z0-9+/"},
	    {"base64url", "A-Za-z0-9_-"},
	    {"upper", "A-Z"},
	    {"lower", "a-z"},
	    {"digits", "0-9"},
	    {"base32", "A-Z2-7"},
	};

	for (size_t i = 0; i < sizeof(named) / sizeof(*named); i++) {
		if (strlen(named[i].name) == n &&
		    memcmp(named[i].name, cls, n) == 0) {
			cls = named[i].body;
			n = strlen(cls);
			break;
		}
	}
	*nset = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char a = (unsigned char)cls[i], b = a;

		if (i + 2 < n && cls[i + 1] == '-') {
			b = (unsigned char)cls[i + 2];
			i += 2;
		}
		if (b < a)
			return KL_EINVAL;
		for (unsigned c = a; c <= b && *nset < 256; c++)
			set[(*nset)++] = (char)c;
	}
	return *nset ? 0 : KL_EINVAL;
}

/* Where the macro whose body starts at p ends: the "}}" that closes it,
 * counting nested "{{...}}"; a run of closing braces ends at its last two,
 * so {{b64:{"a":1}}} encodes a whole JSON object. */
static const char *macro_end(const char *p)
{
	int depth = 1;

	while (*p) {
		if (p[0] == '{' && p[1] == '{') {
			depth++;
			p += 2;
		} else if (p[0] == '}' && p[1] == '}') {
			if (--depth == 0) {
				while (p[2] == '}')
					p++;
				return p;
			}
			p += 2;
		} else {
			p++;
		}
	}
	return NULL;
}

/* {{b64:TEXT}}: expand TEXT (body[0, len)), then encode it. */
static int expand_b64(struct kl_buf *out, const char *body, size_t len,
                      uint64_t seed, struct kl_buf *err)
{
	struct kl_buf inner = KL_BUF_INIT;
	char *text = strndup(body, len);
	int rc = text ? kl_examples_expand(&inner, text, seed, err) : KL_ENOMEM;

	if (!rc)
		rc = kl_base64_encode(
		    out, (const unsigned char *)(inner.ptr ? inner.ptr : ""),
		    inner.len);
	free(text);
	kl_buf_free(&inner);
	return rc;
}

/* {{rand:N:CLASS}}: spec points after "{{rand:", close at the "}}". */
static int expand_rand(struct kl_buf *out, const char *spec, const char *close,
                       uint64_t *state, struct kl_buf *err)
{
	char set[256];
	size_t nset = 0, count;
	char *end;
	int rc = 0;

	count = strtoul(spec, &end, 10);
	if (end == spec || *end != ':' || count > 65536) {
		kl_buf_printf(err, "bad {{rand:N:CLASS}} macro");
		return KL_EINVAL;
	}
	if (class_set(end + 1, (size_t)(close - end - 1), set, &nset)) {
		kl_buf_printf(err, "bad class in {{rand}} macro");
		return KL_EINVAL;
	}
	for (size_t i = 0; i < count && !rc; i++)
		rc = kl_buf_putc(out, set[splitmix(state) % nset]);
	return rc;
}

int kl_examples_expand(struct kl_buf *out, const char *text, uint64_t seed,
                       struct kl_buf *err)
{
	const char *p = text;
	uint64_t state = seed;
	int rc = 0;

	while (*p && !rc) {
		const char *rnd = strstr(p, "{{rand:"),
		           *b64 = strstr(p, "{{b64:");
		const char *empty = strstr(p, "{{}}"), *m = rnd, *close;

		if (!m || (b64 && b64 < m))
			m = b64;
		if (empty && (!m || empty < m)) {
			if ((rc = kl_buf_put(out, p, (size_t)(empty - p))))
				return rc;
			p = empty + 4;
			continue;
		}
		if (!m)
			return kl_buf_puts(out, p);
		if (!(close = macro_end(m + 2))) {
			kl_buf_printf(err, "unterminated example macro");
			return KL_EINVAL;
		}
		if ((rc = kl_buf_put(out, p, (size_t)(m - p))))
			return rc;
		if (m == b64)
			rc = expand_b64(out, m + 6, (size_t)(close - m - 6),
			                splitmix(&state), err);
		else
			rc = expand_rand(out, m + 7, close, &state, err);
		p = close + 2;
	}
	return rc;
}
