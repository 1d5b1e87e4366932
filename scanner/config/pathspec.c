/*
 * pathspec: fnmatch with keylint's conveniences, and shortcuts for the
 * common shapes ("*.ext", a plain name) that answer without it.
 */
#include "pathspec.h"

#include <fnmatch.h>
#include <string.h>

bool kl_pathspec_match(const char *pattern, const char *path)
{
	size_t plen = strlen(pattern);
	const char *base;

	if (plen && pattern[plen - 1] == '/') {
		/* "dir/" matches everything under any folder named so. */
		const char *p = path;

		while (p) {
			if (strncmp(p, pattern, plen) == 0)
				return true;
			p = strchr(p, '/');
			if (p)
				p++;
		}
		return false;
	}
	base = strrchr(path, '/');
	/* "*.ext" ('*' crosses '/' here) is a suffix test, a plain name a
	 * base-name comparison: the answers fnmatch would give. */
	if (pattern[0] == '*' && !strpbrk(pattern + 1, "*?[\\")) {
		size_t n = strlen(path);

		return n >= plen - 1 && memcmp(path + n - (plen - 1),
		                               pattern + 1, plen - 1) == 0;
	}
	if (!strpbrk(pattern, "*?[\\/"))
		return strcmp(base ? base + 1 : path, pattern) == 0;
	if (fnmatch(pattern, path, 0) == 0)
		return true;
	if (strchr(pattern, '/'))
		return false;
	return base && fnmatch(pattern, base + 1, 0) == 0;
}

bool kl_pathspec_any(const struct kl_strv *patterns, const char *path)
{
	for (size_t i = 0; i < patterns->n; i++)
		if (kl_pathspec_match(patterns->v[i], path))
			return true;
	return false;
}
