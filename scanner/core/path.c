/*
 * path: relative paths between the current directory and a root.  Both
 * sides are resolved (realpath), so ".." and symbolic links in what the
 * user typed do not matter.
 */
#include "path.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Whether abs is dir or below it; *rest is then what follows ("" or
 * "a/b"). */
static bool below(const char *abs, const char *dir, const char **rest)
{
	size_t n = strlen(dir);

	if (n == 1 && dir[0] == '/') {
		*rest = abs + 1;
		return true;
	}
	if (strncmp(abs, dir, n) || (abs[n] && abs[n] != '/'))
		return false;
	*rest = abs[n] ? abs + n + 1 : abs + n;
	return true;
}

int kl_path_view_init(struct kl_path_view *v, const char *root)
{
	char cwd[PATH_MAX];
	struct kl_buf up = KL_BUF_INIT;
	const char *rest;
	size_t common = 0;

	v->cwd_in_root = v->root_from_cwd = NULL;
	if (!getcwd(cwd, sizeof(cwd)))
		return KL_EIO;
	if (below(cwd, root, &rest)) {
		v->cwd_in_root = strdup(rest);
		return v->cwd_in_root ? 0 : KL_ENOMEM;
	}
	/* The longest common folder, then ".." for each folder of cwd
	 * below it, then the rest of root. */
	for (size_t i = 0; cwd[i] && cwd[i] == root[i]; i++)
		if (cwd[i] == '/' || (!cwd[i + 1] && root[i + 1] == '/'))
			common = cwd[i] == '/' ? i : i + 1;
	for (const char *p = cwd + common; *p; p++)
		if (*p == '/')
			kl_buf_puts(&up, up.len ? "/.." : "..");
	if (root[common] == '/' && root[common + 1])
		kl_buf_printf(&up, "%s%s", up.len ? "/" : "",
		              root + common + 1);
	if (!common) { /* nothing shared but "/": the absolute path reads
		          better than a climb to the top */
		kl_buf_clear(&up);
		kl_buf_puts(&up, root);
	}
	v->root_from_cwd = kl_buf_detach(&up, NULL);
	return v->root_from_cwd ? 0 : KL_ENOMEM;
}

void kl_path_view_release(struct kl_path_view *v)
{
	free(v->cwd_in_root);
	free(v->root_from_cwd);
	v->cwd_in_root = v->root_from_cwd = NULL;
}

int kl_path_display(const struct kl_path_view *v, const char *path,
                    struct kl_buf *out)
{
	const char *c, *p = path;

	if (v && v->root_from_cwd)
		return kl_buf_printf(out, "%s/%s", v->root_from_cwd, path);
	if (!v || !v->cwd_in_root || !*v->cwd_in_root)
		return kl_buf_puts(out, path);
	/* Drop the folders cwd and path share, climb out of the rest. */
	c = v->cwd_in_root;
	for (;;) {
		size_t n = strcspn(c, "/");

		if (strncmp(c, p, n) || p[n] != '/')
			break;
		p += n + 1;
		c += n;
		if (!*c) {
			c = NULL;
			break;
		}
		c++;
	}
	for (; c && *c; c++) {
		if (c == v->cwd_in_root || c[-1] == '/')
			kl_buf_puts(out, "../");
	}
	return kl_buf_puts(out, p);
}
