/*
 * worktree: an iterative walk with an explicit stack (deep trees cannot
 * overflow the C stack, and no directory handle stays open while children
 * are processed, so depth never exhausts file descriptors).  git's ignore
 * rules come from libgit2's git_ignore_path_is_ignored; the repository is
 * only read, never written.
 */
#include "worktree.h"
#include "repo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct dir_item {
	char *fspath;  /* path to open */
	char *relpath; /* reported path ("" for the root of a target) */
	char *gitpath; /* path relative to the git work dir, or NULL */
};

struct walk {
	const struct kl_worktree_opts *opts;
	const struct kl_worktree_cb *cb;
	struct kl_worktree_stats *stats;
	git_repository *repo;
	struct dir_item *stack;
	size_t nstack, astack;
};

static char *join(const char *a, const char *b)
{
	struct kl_buf out = KL_BUF_INIT;
	size_t la = strlen(a);

	if (!la)
		kl_buf_puts(&out, b);
	else if (a[la - 1] == '/')
		kl_buf_printf(&out, "%s%s", a, b);
	else
		kl_buf_printf(&out, "%s/%s", a, b);
	return kl_buf_detach(&out, NULL);
}

/* Drop "./" prefixes and duplicate slashes from a user-given path. */
static char *normalize(const char *p)
{
	struct kl_buf out = KL_BUF_INIT;

	while (p[0] == '.' && p[1] == '/') {
		p += 2;
		while (*p == '/')
			p++;
	}
	for (; *p; p++) {
		if (*p == '/' && out.len && out.ptr[out.len - 1] == '/')
			continue;
		kl_buf_putc(&out, *p);
	}
	while (out.len > 1 && out.ptr[out.len - 1] == '/')
		out.ptr[--out.len] = '\0';
	if (out.len == 1 && out.ptr[0] == '.')
		kl_buf_clear(&out);
	return kl_buf_detach(&out, NULL);
}

static void item_free(struct dir_item *it)
{
	free(it->fspath);
	free(it->relpath);
	free(it->gitpath);
}

static bool is_ignored(struct walk *w, const char *gitpath, bool dir)
{
	struct kl_buf b = KL_BUF_INIT;
	int ignored = 0;

	if (!w->repo || !gitpath || !*gitpath)
		return false;
	/* A trailing slash tells libgit2 the path is a folder, so rules such
	 * as "build/" apply. */
	if (kl_buf_printf(&b, dir ? "%s/" : "%s", gitpath) ||
	    git_ignore_path_is_ignored(&ignored, w->repo, b.ptr) < 0)
		ignored = 0;
	kl_buf_free(&b);
	return ignored;
}

static bool allowed_path(struct walk *w, const char *rel, bool dir)
{
	const struct kl_allow *a = w->opts->allow;
	struct kl_buf b = KL_BUF_INIT;
	bool hit;

	if (!a || !a->npaths || !*rel)
		return false;
	if (!dir)
		return kl_rules_glob_any(a->paths, a->npaths, rel);
	/* Folders are matched with a trailing slash, so "vendor/" and
	 * "vendor/\*" both skip the whole folder without entering it. */
	hit = !kl_buf_printf(&b, "%s/", rel) &&
	      kl_rules_glob_any(a->paths, a->npaths, b.ptr);
	kl_buf_free(&b);
	return hit;
}

static int push(struct walk *w, char *fspath, char *relpath, char *gitpath)
{
	if (!fspath || !relpath ||
	    KL_ALLOC_GROW(w->stack, w->nstack + 1, w->astack)) {
		free(fspath);
		free(relpath);
		free(gitpath);
		return KL_ENOMEM;
	}
	w->stack[w->nstack].fspath = fspath;
	w->stack[w->nstack].relpath = relpath;
	w->stack[w->nstack].gitpath = gitpath;
	w->nstack++;
	return 0;
}

static void report_error(struct walk *w, const char *rel, int err)
{
	const char *msg = err == EACCES ? "permission denied" : strerror(err);

	if (w->cb->error)
		w->cb->error(w->cb->ud, rel, msg);
}

/* Read one directory's entries; files go to the callback, folders onto the
 * stack. */
static int walk_dir(struct walk *w, struct dir_item *it)
{
	DIR *d = opendir(it->fspath);
	struct dirent *de;
	int rc = 0;

	if (!d) {
		report_error(w, *it->relpath ? it->relpath : ".", errno);
		return 0;
	}
	while ((errno = 0, de = readdir(d)) != NULL && !rc) {
		const char *name = de->d_name;
		unsigned char type = de->d_type;
		char *fs, *rel, *git = NULL;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		/* Never .git: a folder in a repository, a file in a linked
		 * worktree or submodule. */
		if (strcmp(name, ".git") == 0)
			continue;
		if (type == DT_UNKNOWN) {
			struct stat st;

			if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW))
				continue;
			type = S_ISDIR(st.st_mode)   ? DT_DIR
			       : S_ISREG(st.st_mode) ? DT_REG
			       : S_ISLNK(st.st_mode) ? DT_LNK
						     : DT_FIFO;
		}
		if (type != DT_DIR && type != DT_REG)
			continue; /* symlinks are not followed; no specials */
		rel = join(it->relpath, name);
		fs = join(it->fspath, name);
		if (it->gitpath)
			git = join(it->gitpath, name);
		if (!rel || !fs || (it->gitpath && !git)) {
			free(rel);
			free(fs);
			free(git);
			rc = KL_ENOMEM;
			break;
		}
		if (is_ignored(w, git, type == DT_DIR) ||
		    allowed_path(w, rel, type == DT_DIR)) {
			w->stats->ignored++;
			free(rel);
			free(fs);
			free(git);
			continue;
		}
		if (type == DT_DIR) {
			rc = push(w, fs, rel, git);
			continue;
		}
		free(git);
		rc = w->cb->file(w->cb->ud, fs, rel);
	}
	if (!de && errno && !rc)
		report_error(w, *it->relpath ? it->relpath : ".", errno);
	closedir(d);
	return rc;
}

/* Open the repository around a target and work out the target's path
 * relative to its work dir.  No repository, a bare one, or one libgit2
 * refuses (for example git's safe.directory ownership rule) simply means
 * no ignore rules, with a warning for the refusal. */
static char *git_prefix(struct walk *w, const char *target)
{
	char real[PATH_MAX];
	struct kl_buf msg = KL_BUF_INIT;
	const char *workdir;
	size_t wl;
	int rc;

	git_repository_free(w->repo);
	w->repo = NULL;
	if (!w->opts->git_ignore || !realpath(target, real))
		return NULL;
	/* kl_repo_open appends its reason to the prefix. */
	kl_buf_puts(&msg, "git ignore rules not applied: ");
	rc = kl_repo_open(&w->repo, real, &msg);
	if (rc < 0 && rc != GIT_ENOTFOUND && w->cb->warning && msg.ptr)
		w->cb->warning(w->cb->ud, msg.ptr);
	kl_buf_free(&msg);
	if (rc < 0)
		return NULL;
	workdir = git_repository_workdir(w->repo);
	if (!workdir) {
		git_repository_free(w->repo);
		w->repo = NULL;
		return NULL;
	}
	wl = strlen(workdir);
	if (strncmp(real, workdir, wl) == 0)
		return strdup(real + wl);
	if (strlen(real) + 1 == wl && strncmp(real, workdir, wl - 1) == 0)
		return strdup("");
	git_repository_free(w->repo);
	w->repo = NULL;
	return NULL;
}

int kl_worktree_walk(const struct kl_worktree_opts *opts,
		     const struct kl_worktree_cb *cb,
		     struct kl_worktree_stats *stats)
{
	struct walk w = {opts, cb, stats, NULL, NULL, 0, 0};
	int rc = 0;

	for (size_t t = 0; t < opts->ntargets && !rc; t++) {
		const char *target = opts->targets[t];
		char *rel = NULL, *gitp;
		struct stat st;

		if (stat(target, &st)) {
			report_error(&w, target, errno);
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			/* A named file is scanned even if ignored: the user
			 * asked for it.  Special files fail in the reader. */
			char *fs = strdup(target);

			rel = normalize(target);
			if (!fs || !rel) {
				free(fs);
				free(rel);
				rc = KL_ENOMEM;
				break;
			}
			rc = cb->file(cb->ud, fs, rel);
			continue;
		}
		rel = opts->relative_to_target ? strdup("") : normalize(target);
		gitp = git_prefix(&w, target);
		if ((rc = push(&w, strdup(target), rel, gitp)))
			break;
		while (w.nstack && !rc) {
			struct dir_item it = w.stack[--w.nstack];

			rc = walk_dir(&w, &it);
			item_free(&it);
		}
	}
	while (w.nstack)
		item_free(&w.stack[--w.nstack]);
	free(w.stack);
	git_repository_free(w.repo);
	return rc;
}

enum kl_read_result kl_worktree_read(const char *fspath, size_t max,
				     struct kl_buf *buf, int *err)
{
	struct stat st;
	int fd, rc;

	kl_buf_clear(buf);
	*err = 0;
	fd = open(fspath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
				  O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return errno == ELOOP ? KL_READ_NOT_REGULAR : KL_READ_ERROR;
	}
	if (fstat(fd, &st)) {
		*err = errno;
		close(fd);
		return KL_READ_ERROR;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return KL_READ_NOT_REGULAR;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return KL_READ_TOO_LARGE;
	}
	/* Size the buffer once; the file may still grow or shrink. */
	if (st.st_size > 0 && kl_buf_grow(buf, (size_t)st.st_size) != 0) {
		close(fd);
		*err = ENOMEM;
		return KL_READ_ERROR;
	}
	rc = kl_buf_read_fd(buf, fd, max);
	if (rc == KL_EIO)
		*err = errno;
	close(fd);
	if (rc == KL_ETOOBIG)
		return KL_READ_TOO_LARGE;
	if (rc == KL_ENOMEM) {
		*err = ENOMEM;
		return KL_READ_ERROR;
	}
	return rc ? KL_READ_ERROR : KL_READ_OK;
}
