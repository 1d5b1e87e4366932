/* Unit tests for the decoding stage and the archive reader. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "unpack.h"

static const char *dec(int (*fn)(const char *, size_t, struct kl_buf *),
                       const char *s, struct kl_buf *out)
{
	kl_buf_clear(out);
	if (fn(s, strlen(s), out))
		return NULL;
	return out->ptr ? out->ptr : "";
}

static void decoders(void **state)
{
	struct kl_buf b = KL_BUF_INIT;

	(void)state;
	assert_string_equal(dec(kl_decode_base64, "aGVsbG8gd29ybGQ=", &b),
	                    "hello world");
	/* Unpadded, and the URL alphabet. */
	assert_string_equal(dec(kl_decode_base64, "aGVsbG8gd29ybGQ", &b),
	                    "hello world");
	assert_string_equal(dec(kl_decode_base64, "Pz8_Pz8-", &b),
	                    "\x3f\x3f\x3f\x3f\x3f>");
	assert_null(dec(kl_decode_base64, "not base64!", &b));
	assert_string_equal(dec(kl_decode_hex, "6b65793d76616c7565", &b),
	                    "key=value");
	assert_null(dec(kl_decode_hex, "abc", &b));
	assert_null(dec(kl_decode_hex, "zz", &b));
	assert_string_equal(dec(kl_decode_percent, "a%3Db%26c%3D%25", &b),
	                    "a=b&c=%");
	/* A lone or short '%' is kept as it is. */
	assert_string_equal(dec(kl_decode_percent, "100%", &b), "100%");
	assert_string_equal(dec(kl_decode_escapes,
	                        "https:\\/\\/x\\u002Fy \\x41\\\"q\\\"\\n", &b),
	                    "https://x/y A\"q\"\n");
	assert_string_equal(dec(kl_decode_escapes, "\\u00e9", &b), "\xc3\xa9");
	assert_null(dec(kl_decode_escapes, "\\q", &b));
	assert_null(dec(kl_decode_escapes, "\\ud800", &b)); /* lone surrogate */
	kl_buf_free(&b);
}

static void text_check(void **state)
{
	(void)state;
	assert_true(kl_decode_is_text("token = abc", 11));
	assert_true(kl_decode_is_text("caf\xc3\xa9 ol\xc3\xa9", 10));
	assert_false(kl_decode_is_text("a\x01"
	                               "bcd",
	                               5));
	assert_false(kl_decode_is_text("\xff\xfe"
	                               "ab",
	                               4));
	assert_false(kl_decode_is_text("!!!!----", 8)); /* no letters */
	assert_false(kl_decode_is_text("", 0));
}

struct seen {
	char text[8][512];
	struct kl_chunk chunk[8];
	size_t n;
};

static int collect(void *ud, const struct kl_chunk *d)
{
	struct seen *s = ud;

	if (s->n < 8) {
		snprintf(s->text[s->n], sizeof(s->text[0]), "%.*s", (int)d->len,
		         d->data);
		s->chunk[s->n] = *d;
	}
	s->n++;
	return 0;
}

static const char *by_step(const struct seen *s, const char *step)
{
	for (size_t i = 0; i < s->n && i < 8; i++)
		if (strcmp(s->chunk[i].origin.steps[0], step) == 0)
			return s->text[i];
	return "(none)";
}

static struct kl_chunk chunk_of(const char *text)
{
	struct kl_chunk c = {.data = text, .len = strlen(text)};

	c.origin.path = c.origin.rule_path = "a.txt";
	c.origin.blob = KL_NO_BLOB;
	return c;
}

static void runs_in_a_chunk(void **state)
{
	/* Line 2 holds base64 of "password = hunter2hunter2" after a
	 * two-byte character, so its code-point column differs. */
	const char *text =
	    "first line\n"
	    "\xc3\xa9 v = cGFzc3dvcmQgPSBodW50ZXIyaHVudGVyMg==;\n"
	    "url = https://x.test/?q=tok%3Dabc%26more%3D1\n"
	    "hex = 746f6b656e3d6162636465666768696a6b\n"
	    "s = \"tok\\u003dabc\\x5fdef\"\n";
	struct kl_chunk c = chunk_of(text);
	struct seen s = {0};
	size_t budget = 1 << 20;
	bool hit = false;

	(void)state;
	assert_int_equal(kl_decode_chunk(&c, &budget, &hit, collect, &s), 0);
	assert_false(hit);
	assert_int_equal(s.n, 4);
	/* The run, decoded, in its line. */
	assert_string_equal(s.text[0],
	                    "\xc3\xa9 v = password = hunter2hunter2;");
	assert_int_equal(s.chunk[0].origin.nsteps, 1);
	assert_string_equal(s.chunk[0].origin.steps[0], "base64");
	assert_int_equal(s.chunk[0].origin.at.line, 2);
	assert_int_equal(s.chunk[0].origin.at.column, 8);
	assert_int_equal(s.chunk[0].origin.at.column_cp, 7);
	assert_int_equal(s.chunk[0].origin.at.end_line, 2);
	assert_int_equal(s.chunk[0].origin.at.end_column, 8 + 36);
	assert_memory_equal(s.text[0] + s.chunk[0].origin.run_start, "password",
	                    8);
	/* The others, in whatever order the pass meets them. */
	assert_string_equal(by_step(&s, "percent"),
	                    "url = https://x.test/?q=tok=abc&more=1");
	assert_string_equal(by_step(&s, "hex"), "hex = token=abcdefghijk");
	assert_string_equal(by_step(&s, "escape"), "s = \"tok=abc_def\"");
}

static void nothing_to_decode(void **state)
{
	/* Identifiers, paths, hashes and binary-looking base64 are runs too,
	 * but none decodes to text. */
	const char *text =
	    "some_very_long_identifier_name_here = 1\n"
	    "/usr/include/x86_64-linux-gnu/bits/types.h\n"
	    "sha = 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c"
	    "d15d6c15b0f00a08\n"
	    "blob = AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
	    "fmt = \"%08x %d\\n\"\n";
	struct kl_chunk c = chunk_of(text);
	struct seen s = {0};
	size_t budget = 1 << 20;
	bool hit = false;

	(void)state;
	assert_int_equal(kl_decode_chunk(&c, &budget, &hit, collect, &s), 0);
	assert_int_equal(s.n, 0);
}

static void budget_stops_decoding(void **state)
{
	const char *text = "a = dG9rZW4gPSBhYmNkZWZnaGlqa2xtbm9w\n"
	                   "b = dG9rZW4gPSBxcnN0dXZ3eHl6YWJjZGVm\n";
	struct kl_chunk c = chunk_of(text);
	struct seen s = {0};
	size_t budget = 40;
	bool hit = false;

	(void)state;
	assert_int_equal(kl_decode_chunk(&c, &budget, &hit, collect, &s), 0);
	assert_true(hit);
	assert_int_equal(s.n, 1);
}

/* ---- archives -------------------------------------------------------------
 */

/* v little-endian in the given number of bytes, up to 8 (a zero field of
 * 8 bytes fills several header fields at once). */
static void put(unsigned char *z, size_t *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		z[(*p)++] = (unsigned char)(v >> (8 * i));
}

static void put_bytes(unsigned char *z, size_t *p, const char *s, size_t n)
{
	memcpy(z + *p, s, n);
	*p += n;
}

/* A stored (uncompressed) zip holding one member, built by hand so the
 * test needs no tool: local header, data, central directory, end. */
static size_t tiny_zip(unsigned char *z, const char *name, const char *data)
{
	unsigned nl = (unsigned)strlen(name), dl = (unsigned)strlen(data);
	unsigned crc = 0xffffffffu;
	size_t p = 0, cd;

	for (unsigned i = 0; i < dl; i++) {
		crc ^= (unsigned char)data[i];
		for (int k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0xedb88320u & (0u - (crc & 1)));
	}
	crc = ~crc;
	put(z, &p, 0x04034b50u, 4);
	put(z, &p, 20, 2);
	put(z, &p, 0, 8); /* flags, method, time, date */
	put(z, &p, crc, 4);
	put(z, &p, dl, 4);
	put(z, &p, dl, 4);
	put(z, &p, nl, 2);
	put(z, &p, 0, 2);
	put_bytes(z, &p, name, nl);
	put_bytes(z, &p, data, dl);
	cd = p;
	put(z, &p, 0x02014b50u, 4);
	put(z, &p, 20, 2);
	put(z, &p, 20, 2);
	put(z, &p, 0, 8);
	put(z, &p, crc, 4);
	put(z, &p, dl, 4);
	put(z, &p, dl, 4);
	put(z, &p, nl, 2);
	put(z, &p, 0, 4); /* extra, comment */
	put(z, &p, 0, 4); /* disk, internal attributes */
	put(z, &p, 0, 4); /* external attributes */
	put(z, &p, 0, 4); /* local header offset */
	put_bytes(z, &p, name, nl);
	put(z, &p, 0x06054b50u, 4);
	put(z, &p, 0, 4);
	put(z, &p, 1, 2);
	put(z, &p, 1, 2);
	put(z, &p, (unsigned)(p + 10 - cd - 10), 4);
	put(z, &p, (unsigned)cd, 4);
	put(z, &p, 0, 2);
	return p;
}

struct members {
	char names[4][64], data[4][64];
	size_t n, too_large;
	char warning[256];
};

static int on_member(void *ud, const char *name, const char *data, size_t len)
{
	struct members *m = ud;

	if (m->n < 4) {
		snprintf(m->names[m->n], 64, "%s", name);
		snprintf(m->data[m->n], 64, "%.*s", (int)len, data);
	}
	m->n++;
	return 0;
}

static void on_too_large(void *ud, const char *name)
{
	(void)name;
	((struct members *)ud)->too_large++;
}

static void on_warning(void *ud, const char *msg)
{
	snprintf(((struct members *)ud)->warning, 256, "%s", msg);
}

static void archive_members(void **state)
{
	unsigned char z[512];
	size_t n = tiny_zip(z, "conf/app.env", "KEY=value\n");
	struct members m = {0};
	struct kl_unpack_cb cb = {on_member, on_too_large, on_warning, &m};
	struct kl_unpack_limits lim;

	(void)state;
	assert_true(kl_unpack_sniff("x.zip", (const char *)z, n));
	assert_false(kl_unpack_sniff("x.txt", "plain text", 10));
	kl_unpack_limits_init(&lim, 1 << 20);
	assert_int_equal(kl_unpack_each("x.zip", (const char *)z, n, &lim, &cb),
	                 0);
	assert_int_equal(m.n, 1);
	assert_string_equal(m.names[0], "conf/app.env");
	assert_string_equal(m.data[0], "KEY=value\n");
	/* Over the member limit: counted, not read. */
	memset(&m, 0, sizeof(m));
	lim.max_member = 4;
	assert_int_equal(kl_unpack_each("x.zip", (const char *)z, n, &lim, &cb),
	                 0);
	assert_int_equal(m.n, 0);
	assert_int_equal(m.too_large, 1);
	/* A control character in a name is shown as '?' and warned about. */
	memset(&m, 0, sizeof(m));
	kl_unpack_limits_init(&lim, 1 << 20);
	n = tiny_zip(z,
	             "a\x1b"
	             "b",
	             "x");
	assert_int_equal(kl_unpack_each("y.zip", (const char *)z, n, &lim, &cb),
	                 0);
	assert_string_equal(m.names[0], "a?b");
	assert_non_null(strstr(m.warning, "y.zip: member name"));
	/* Truncated: a warning, no member, no crash. */
	memset(&m, 0, sizeof(m));
	assert_int_equal(
	    kl_unpack_each("t.zip", (const char *)z, 20, &lim, &cb), 0);
	assert_int_equal(m.n, 0);
	assert_non_null(strstr(m.warning, "t.zip: "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(decoders),
	    cmocka_unit_test(text_check),
	    cmocka_unit_test(runs_in_a_chunk),
	    cmocka_unit_test(nothing_to_decode),
	    cmocka_unit_test(budget_stops_decoding),
	    cmocka_unit_test(archive_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
