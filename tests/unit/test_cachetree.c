/* Unit tests for cachetree: index files built byte by byte as git's
 * index-format documentation lays them out. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cachetree.h"

static void put32(struct kl_buf *b, uint32_t v)
{
	unsigned char x[4] = {v >> 24, v >> 16, v >> 8, v};

	assert_int_equal(kl_buf_put(b, x, 4), 0);
}

static void header(struct kl_buf *b, uint32_t version, uint32_t count)
{
	assert_int_equal(kl_buf_put(b, "DIRC", 4), 0);
	put32(b, version);
	put32(b, count);
}

/* One entry: stat data and object id as zeros, flags with the name's
 * length; v4 names carry a prefix-strip varint of 0 and no padding. */
static void entry(struct kl_buf *b, uint32_t version, const char *name)
{
	unsigned char fixed[62] = {0};
	size_t start = b->len, len = strlen(name);

	fixed[60] = (unsigned char)(len >> 8);
	fixed[61] = (unsigned char)len;
	assert_int_equal(kl_buf_put(b, fixed, sizeof(fixed)), 0);
	if (version == 4)
		assert_int_equal(kl_buf_putc(b, 0), 0);
	assert_int_equal(kl_buf_put(b, name, len + 1), 0);
	if (version < 4)
		while ((b->len - start) % 8)
			assert_int_equal(kl_buf_putc(b, 0), 0);
}

/* A cache-tree node: name, counts and (when valid) a 20-byte id whose
 * bytes are all `fill`. */
static void node(struct kl_buf *t, const char *name, int entries, int nsub,
                 unsigned char fill)
{
	unsigned char id[20];

	assert_int_equal(kl_buf_put(t, name, strlen(name) + 1), 0);
	assert_int_equal(kl_buf_printf(t, "%d %d\n", entries, nsub), 0);
	if (entries >= 0) {
		memset(id, fill, sizeof(id));
		assert_int_equal(kl_buf_put(t, id, sizeof(id)), 0);
	}
}

static void extension(struct kl_buf *b, const char *sig,
                      const struct kl_buf *body)
{
	assert_int_equal(kl_buf_put(b, sig, 4), 0);
	put32(b, (uint32_t)body->len);
	assert_int_equal(kl_buf_put(b, body->ptr, body->len), 0);
}

static void trailer(struct kl_buf *b)
{
	unsigned char sum[20];

	memset(sum, 0xab, sizeof(sum));
	assert_int_equal(kl_buf_put(b, sum, sizeof(sum)), 0);
}

/* root (invalid) -> a (valid, 0x11) -> a/b (valid, 0x22); root -> c
 * (invalid).  Entries: a/b/x, a/y, c/z, top. */
static void sample_tree(struct kl_buf *t)
{
	node(t, "", -1, 2, 0);
	node(t, "a", 2, 1, 0x11);
	node(t, "b", 1, 0, 0x22);
	node(t, "c", -1, 0, 0);
}

static void sample_index(struct kl_buf *b, uint32_t version)
{
	struct kl_buf t = KL_BUF_INIT;

	header(b, version, 4);
	entry(b, version, "a/b/x");
	entry(b, version, "a/y");
	entry(b, version, "c/z");
	entry(b, version, "top");
	sample_tree(&t);
	extension(b, "REUC", &(struct kl_buf)KL_BUF_INIT);
	extension(b, "TREE", &t);
	trailer(b);
	kl_buf_free(&t);
}

static void check_sample(const struct kl_cache_tree *ct)
{
	const struct kl_ct_node *root, *a, *b, *c;

	assert_int_equal(ct->n, 4);
	root = &ct->nodes[0];
	assert_string_equal(root->name, "");
	assert_int_equal(root->entries, -1);
	assert_int_equal(root->nsub, 2);
	a = &ct->nodes[root->child];
	assert_string_equal(a->name, "a");
	assert_int_equal(a->entries, 2);
	assert_int_equal(a->id.id[0], 0x11);
	assert_int_equal(a->id.id[19], 0x11);
	b = &ct->nodes[a->child];
	assert_string_equal(b->name, "b");
	assert_int_equal(b->id.id[7], 0x22);
	assert_int_equal(b->child, 0);
	assert_int_equal(b->next, 0);
	c = &ct->nodes[a->next];
	assert_string_equal(c->name, "c");
	assert_int_equal(c->entries, -1);
	assert_int_equal(c->next, 0);
}

static void parses_v2_v3_v4(void **state)
{
	(void)state;
	for (uint32_t v = 2; v <= 4; v++) {
		struct kl_buf b = KL_BUF_INIT;
		struct kl_cache_tree ct;
		unsigned char sum[20];

		sample_index(&b, v);
		assert_int_equal(kl_cache_tree_parse(
		                     &ct, (unsigned char *)b.ptr, b.len, sum),
		                 0);
		check_sample(&ct);
		assert_int_equal(sum[0], 0xab);
		kl_cache_tree_free(&ct);
		kl_buf_free(&b);
	}
}

static int parse(const struct kl_buf *b)
{
	struct kl_cache_tree ct;
	unsigned char sum[20];
	int rc = kl_cache_tree_parse(&ct, (const unsigned char *)b->ptr, b->len,
	                             sum);

	kl_cache_tree_free(&ct);
	return rc;
}

static void missing_extension_is_not_found(void **state)
{
	struct kl_buf b = KL_BUF_INIT;

	(void)state;
	header(&b, 2, 1);
	entry(&b, 2, "only");
	trailer(&b);
	assert_int_equal(parse(&b), KL_ENOTFOUND);
	kl_buf_free(&b);
}

static void split_and_sparse_indexes_are_refused(void **state)
{
	static const char *const sigs[] = {"link", "sdir"};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct kl_buf b = KL_BUF_INIT, t = KL_BUF_INIT;

		header(&b, 2, 0);
		sample_tree(&t);
		extension(&b, "TREE", &t);
		extension(&b, sigs[i], &(struct kl_buf)KL_BUF_INIT);
		trailer(&b);
		assert_int_equal(parse(&b), KL_EINVAL);
		kl_buf_free(&b);
		kl_buf_free(&t);
	}
}

/* Every truncation and every single-byte change of a valid index either
 * parses or fails cleanly (the sanitizer build checks the "cleanly"). */
static void damaged_indexes_fail_cleanly(void **state)
{
	struct kl_buf b = KL_BUF_INIT;
	size_t truncated_ok = 0;

	(void)state;
	sample_index(&b, 2);
	for (size_t len = 0; len < b.len; len++) {
		struct kl_buf cut = {.ptr = b.ptr, .len = len};

		if (parse(&cut) == 0)
			truncated_ok++;
	}
	/* A cut file moves the trailer into the extensions: never valid. */
	assert_int_equal(truncated_ok, 0);
	for (size_t i = 0; i < b.len; i++) {
		char saved = b.ptr[i];

		b.ptr[i] = (char)0xff;
		(void)parse(&b);
		b.ptr[i] = '\n';
		(void)parse(&b);
		b.ptr[i] = saved;
	}
	assert_int_equal(parse(&b), 0);
	kl_buf_free(&b);
}

static void malformed_trees_are_rejected(void **state)
{
	struct {
		const char *what;
		const char *body;
		size_t len;
	} bad[] = {
	    {"named root", "x\0-1 0\n", 7},
	    {"missing child", "\0-1 1\n", 6},
	    {"two roots", "\0-1 0\n\0-1 0\n", 12},
	    {"slash in a name", "\0-1 1\na/b\0-1 0\n", 15},
	    {"empty child name", "\0-1 1\n\0-1 0\n", 12},
	    {"no newline", "\0-1 0 ", 6},
	    {"negative subtrees", "\0-1 -1\n", 7},
	    {"short id",
	     "\0"
	     "1 0\n"
	     "0123456789",
	     15},
	    {"huge count", "\0-1 99999999999\n", 16},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct kl_buf b = KL_BUF_INIT, t = KL_BUF_INIT;

		assert_int_equal(kl_buf_put(&t, bad[i].body, bad[i].len), 0);
		header(&b, 2, 0);
		extension(&b, "TREE", &t);
		trailer(&b);
		if (parse(&b) != KL_EINVAL)
			fail_msg("accepted: %s", bad[i].what);
		kl_buf_free(&b);
		kl_buf_free(&t);
	}
}

static void bad_entries_are_rejected(void **state)
{
	struct kl_buf b = KL_BUF_INIT;

	(void)state;
	/* More entries promised than present. */
	header(&b, 2, 3);
	entry(&b, 2, "one");
	trailer(&b);
	assert_int_equal(parse(&b), KL_EINVAL);
	kl_buf_clear(&b);
	/* Version 5 is not a version this parser knows. */
	header(&b, 5, 0);
	trailer(&b);
	assert_int_equal(parse(&b), KL_EINVAL);
	kl_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parses_v2_v3_v4),
	    cmocka_unit_test(missing_extension_is_not_found),
	    cmocka_unit_test(split_and_sparse_indexes_are_refused),
	    cmocka_unit_test(damaged_indexes_fail_cleanly),
	    cmocka_unit_test(malformed_trees_are_rejected),
	    cmocka_unit_test(bad_entries_are_rejected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
