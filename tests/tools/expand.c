/*
 * kl_expand: copies a tree of test templates to a new folder, expanding
 * the example macros ({{rand:N:CLASS}}, {{b64:TEXT}}) of keylint's rule
 * examples in every file.  Token-shaped test fixtures are kept in the
 * repository only as templates, so that this repository does not trip
 * other secret scanners; the seed of each file is derived from its path,
 * so the output is the same on every run.
 *
 * usage: kl_expand SRC_DIR DST_DIR
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "examples.h"
#include "hash.h"

static const char *src_root, *dst_root;
static int failed;

static uint64_t seed_of(const char *rel)
{
	return kl_hash_str(rel);
}

static int mkdirs(const char *path)
{
	char *p = strdup(path);

	for (char *s = p + 1; s && *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	if (mkdir(p, 0755) && errno != EEXIST) {
		free(p);
		return -1;
	}
	free(p);
	return 0;
}

static int copy_one(const char *path, const struct stat *st, int type,
                    struct FTW *ftw)
{
	const char *rel = path + strlen(src_root);
	struct kl_buf dst = KL_BUF_INIT, in = KL_BUF_INIT, out = KL_BUF_INIT,
	              err = KL_BUF_INIT;
	FILE *f;

	(void)st;
	(void)ftw;
	while (*rel == '/')
		rel++;
	kl_buf_printf(&dst, "%s/%s", dst_root, rel);
	if (type == FTW_D) {
		if (mkdirs(dst.ptr))
			failed = 1;
		goto done;
	}
	if (type != FTW_F)
		goto done;
	if (kl_buf_read_file(&in, path, SIZE_MAX / 2, false, "fixture", &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		failed = 1;
		goto done;
	}
	if (in.len && memchr(in.ptr, '\0', in.len)) {
		/* Binary fixtures are copied as they are. */
		kl_buf_put(&out, in.ptr, in.len);
	} else if (kl_examples_expand(&out, in.ptr ? in.ptr : "", seed_of(rel),
	                              &err)) {
		fprintf(stderr, "%s: %s\n", path, err.ptr ? err.ptr : "");
		failed = 1;
		goto done;
	}
	f = fopen(dst.ptr, "wb");
	if (!f || fwrite(out.ptr ? out.ptr : "", 1, out.len, f) != out.len) {
		perror(dst.ptr);
		failed = 1;
	}
	if (f)
		fclose(f);
done:
	kl_buf_free(&dst);
	kl_buf_free(&in);
	kl_buf_free(&out);
	kl_buf_free(&err);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: kl_expand SRC_DIR DST_DIR\n");
		return 2;
	}
	src_root = argv[1];
	dst_root = argv[2];
	if (mkdirs(dst_root) || nftw(src_root, copy_one, 32, FTW_PHYS) != 0) {
		perror(src_root);
		return 1;
	}
	return failed;
}
