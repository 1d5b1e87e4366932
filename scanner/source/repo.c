/*
 * repo: git_repository_open_ext plus the diagnosis of ownership refusals.
 */
#include "repo.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder libgit2 would have opened, if it exists: path/.git or path
 * itself (a bare repository), walking up like git does. */
static bool owned_by_someone_else(const char *path)
{
	char real[PATH_MAX], probe[PATH_MAX + 8];
	struct stat st;
	char *slash;

	if (!realpath(path, real))
		return false;
	for (;;) {
		snprintf(probe, sizeof(probe), "%s/.git", real);
		if (lstat(probe, &st) == 0 ||
		    (snprintf(probe, sizeof(probe), "%s/HEAD", real),
		     stat(probe, &st) == 0 &&
		         (snprintf(probe, sizeof(probe), "%s", real),
		          stat(probe, &st) == 0)))
			return st.st_uid != geteuid();
		slash = strrchr(real, '/');
		if (!slash || slash == real)
			return false;
		*slash = '\0';
	}
}

int kl_repo_open(git_repository **out, const char *path, struct kl_buf *err)
{
	int rc = git_repository_open_ext(out, path, 0, NULL);
	const git_error *e;

	if (rc >= 0)
		return rc;
	*out = NULL;
	if (rc == GIT_EOWNER || owned_by_someone_else(path)) {
		kl_buf_printf(err,
		              "%s: repository is owned by another user, so "
		              "git's safe.directory rule refuses it; pass "
		              "--trust-repo to scan it anyway",
		              path);
		return GIT_EOWNER;
	}
	if (rc == GIT_ENOTFOUND) {
		kl_buf_printf(err,
		              "%s: not a git repository (nor inside one); "
		              "keylint scan reads folders that are not",
		              path);
		return rc;
	}
	e = git_error_last();
	kl_buf_printf(err, "%s: cannot open repository: %s", path,
	              e && e->message ? e->message : "not a git repository");
	return rc;
}
