/* Unit tests for the small infrastructure modules: buf, text, map. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "map.h"
#include "sha256.h"
#include "text.h"

static void buf_grows_and_caps(void **state)
{
	struct kl_buf b = KL_BUF_INIT;

	(void)state;
	assert_int_equal(kl_buf_puts(&b, "hello"), 0);
	assert_int_equal(kl_buf_printf(&b, " %d", 42), 0);
	assert_string_equal(b.ptr, "hello 42");
	assert_int_equal(b.len, 8);
	kl_buf_truncate(&b, 5);
	assert_string_equal(b.ptr, "hello");
	kl_buf_free(&b);

	b.max = 10;
	assert_int_equal(kl_buf_put(&b, "0123456789", 10), 0);
	assert_int_equal(kl_buf_putc(&b, 'x'), KL_ETOOBIG);
	assert_int_equal(b.len, 10);
	kl_buf_free(&b);
}

static void alloc_grow_checks_overflow(void **state)
{
	uint64_t *v = NULL;
	size_t alloc = 0;

	(void)state;
	assert_int_equal(KL_ALLOC_GROW(v, 10, alloc), 0);
	assert_true(alloc >= 10);
	assert_int_equal(KL_ALLOC_GROW(v, SIZE_MAX / 4, alloc), KL_ENOMEM);
	assert_true(alloc >= 10 && alloc < SIZE_MAX / 4);
	free(v);
}

static void read_fd_stops_at_limit(void **state)
{
	struct kl_buf b = KL_BUF_INIT;
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "abcdefgh", 8), 8);
	close(fds[1]);
	assert_int_equal(kl_buf_read_fd(&b, fds[0], 4), KL_ETOOBIG);
	assert_int_equal(b.len, 4);
	close(fds[0]);
	kl_buf_free(&b);

	/* A non-blocking descriptor with nothing to read is end of file. */
	assert_int_equal(pipe(fds), 0);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	assert_int_equal(kl_buf_read_fd(&b, fds[0], 100), 0);
	assert_int_equal(b.len, 0);
	close(fds[0]);
	close(fds[1]);
	kl_buf_free(&b);

	/* An empty file still reads as a string: "" (once, kl_expand turned
	 * an empty fixture into whatever the allocator had left there). */
	assert_int_equal(pipe(fds), 0);
	close(fds[1]);
	assert_int_equal(kl_buf_read_fd(&b, fds[0], 100), 0);
	assert_true(b.ptr == NULL || b.ptr[0] == '\0');
	close(fds[0]);
	kl_buf_free(&b);
	assert_int_equal(kl_buf_grow(&b, 32), 0);
	assert_int_equal(b.ptr[0], '\0');
	kl_buf_free(&b);
}

static void entropy_of_known_strings(void **state)
{
	(void)state;
	assert_float_equal(kl_text_entropy("aaaa", 4), 0.0, 1e-9);
	assert_float_equal(kl_text_entropy("abab", 4), 1.0, 1e-9);
	assert_float_equal(kl_text_entropy("abcd", 4), 2.0, 1e-9);
	assert_float_equal(kl_text_entropy("", 0), 0.0, 1e-9);
}

static void binary_and_lines(void **state)
{
	char data[9000];

	(void)state;
	memset(data, 'a', sizeof(data));
	assert_false(kl_text_is_binary(data, sizeof(data)));
	data[8500] = '\0'; /* beyond the sniffed prefix */
	assert_false(kl_text_is_binary(data, sizeof(data)));
	data[10] = '\0';
	assert_true(kl_text_is_binary(data, sizeof(data)));
	assert_int_equal(kl_text_count_newlines("a\nb\n\nc", 6), 3);
}

static void utf8_validation_and_sanitizing(void **state)
{
	struct kl_buf b = KL_BUF_INIT;

	(void)state;
	assert_true(kl_text_is_utf8("h\xC3\xA9llo", 6));
	assert_false(kl_text_is_utf8("\xC3", 1));
	assert_false(kl_text_is_utf8("\xC0\xAF", 2));     /* overlong */
	assert_false(kl_text_is_utf8("\xED\xA0\x80", 3)); /* surrogate */
	assert_int_equal(kl_text_utf8_sanitize(&b,
	                                       "a\xFF"
	                                       "b",
	                                       3),
	                 0);
	assert_string_equal(b.ptr, "a\xEF\xBF\xBD"
	                           "b");
	kl_buf_free(&b);
}

static void terminal_escaping(void **state)
{
	struct kl_buf b = KL_BUF_INIT;
	const char in[] = "a\x1b[31mb\nc\xC2\x9b\xFF\\";

	(void)state;
	assert_int_equal(kl_text_escape_terminal(&b, in, sizeof(in) - 1), 0);
	assert_string_equal(b.ptr, "a\\x1b[31mb\\nc\\xc2\\x9b\\xff\\\\");
	assert_null(memchr(b.ptr, 0x1b, b.len));
	kl_buf_free(&b);
}

static void html_escaping(void **state)
{
	struct kl_buf b = KL_BUF_INIT;
	const char in[] = "<img src=x onerror=alert(1)>.js \"'&\\\n\x1b"
	                  "\xC2\x9b\xFF\xE2\x80\xAEx\xC3\xA9";

	(void)state;
	assert_int_equal(kl_text_escape_html(&b, in, sizeof(in) - 1), 0);
	assert_string_equal(b.ptr, "&lt;img src=x onerror=alert(1)&gt;.js "
	                           "&quot;&#39;&amp;\\\\\\n\\x1b\\xc2\\x9b"
	                           "\\xff\\u202ex\xC3\xA9");
	kl_buf_clear(&b);
	assert_int_equal(kl_text_escape_html(&b, "plain", 5), 0);
	assert_string_equal(b.ptr, "plain");
	kl_buf_free(&b);
}

static void sha256_vectors(void **state)
{
	/* FIPS 180-4 examples, and lengths around the padding boundary. */
	static const struct {
		const char *in;
		size_t repeat;
		const char *hex;
	} v[] = {
	    {"", 1,
	     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85"
	     "5"},
	    {"abc", 1,
	     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a"
	     "d"},
	    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
	     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c"
	     "1"},
	    {"a", 55,
	     "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f73431"
	     "8"},
	    {"a", 64,
	     "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668e"
	     "b"},
	    {"a", 1000000,
	     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd"
	     "0"},
	};
	static char big[1000000];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++) {
		size_t n = strlen(v[i].in), len = n * v[i].repeat;
		unsigned char d[KL_SHA256_LEN];
		char hex[2 * KL_SHA256_LEN + 1];

		for (size_t k = 0; k < v[i].repeat; k++)
			memcpy(big + k * n, v[i].in, n);
		kl_sha256(big, len, d);
		for (size_t k = 0; k < KL_SHA256_LEN; k++)
			snprintf(hex + 2 * k, 3, "%02x", d[k]);
		assert_string_equal(hex, v[i].hex);
	}
}

static void map_put_get(void **state)
{
	struct kl_map *m;
	uint64_t v = 0;
	char key[32];

	(void)state;
	assert_int_equal(kl_map_new(&m), 0);
	for (int i = 0; i < 10000; i++) {
		int n = snprintf(key, sizeof(key), "key-%d", i);

		assert_int_equal(
		    kl_map_put(m, key, (size_t)n, (uint64_t)i, NULL), 1);
	}
	assert_int_equal(kl_map_count(m), 10000);
	assert_int_equal(kl_map_put(m, "key-77", 6, 5, &v), 0);
	assert_int_equal(v, 77);
	assert_true(kl_map_get(m, "key-9999", 8, &v));
	assert_int_equal(v, 9999);
	assert_false(kl_map_get(m, "key-10000", 9, NULL));
	/* Keys are bytes, not strings. */
	assert_int_equal(kl_map_put(m, "a\0b", 3, 1, NULL), 1);
	assert_false(kl_map_get(m, "a\0c", 3, NULL));
	kl_map_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(buf_grows_and_caps),
	    cmocka_unit_test(alloc_grow_checks_overflow),
	    cmocka_unit_test(read_fd_stops_at_limit),
	    cmocka_unit_test(entropy_of_known_strings),
	    cmocka_unit_test(binary_and_lines),
	    cmocka_unit_test(utf8_validation_and_sanitizing),
	    cmocka_unit_test(terminal_escaping),
	    cmocka_unit_test(html_escaping),
	    cmocka_unit_test(sha256_vectors),
	    cmocka_unit_test(map_put_get),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
