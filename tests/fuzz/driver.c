/* Runs a fuzz target over files (or every file in folders) given on the
 * command line, for builds without libFuzzer: the seed corpora and every
 * crash found so far run as regression tests in ctest. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	struct kl_buf in = KL_BUF_INIT, err = KL_BUF_INIT;

	if (kl_buf_read_file(&in, path, SIZE_MAX / 2, false, "input", &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		kl_buf_free(&in);
		kl_buf_free(&err);
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)(in.ptr ? in.ptr : ""), in.len);
	kl_buf_free(&in);
	return 0;
}

int main(int argc, char **argv)
{
	int runs = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *e;

			while (d && (e = readdir(d))) {
				char path[4096];

				if (e->d_name[0] == '.')
					continue;
				snprintf(path, sizeof(path), "%s/%s", argv[i],
				         e->d_name);
				if (run_file(path))
					return 1;
				runs++;
			}
			if (d)
				closedir(d);
		} else {
			if (run_file(argv[i]))
				return 1;
			runs++;
		}
	}
	printf("ran %d inputs\n", runs);
	return runs ? 0 : 1;
}
