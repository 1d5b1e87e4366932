/*
 * worktree: an iterative walk with an explicit stack (deep trees cannot
 * overflow the C stack, and no directory handle stays open while children
 * are processed, so depth never exhausts file descriptors).  git's ignore
 * rules come from libgit2's git_ignore_path_is_ignored; the repository is
 * only read, never written.  The walk hands each file to the workers,
 * which read it (never following a final symlink, never blocking on a
 * FIFO) and pass it on as a chunk.
 */
#include "worktree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "path.h"
#include "pathspec.h"
#include "repo.h"

/* What the walk needs: the file callback and where problems go. */
struct kl_worktree_cb {
	/* A regular file to scan (or a named non-directory target) of
	 * target number t.  fspath and relpath are malloc'd and owned by
	 * the callee.  A non-zero return stops the walk. */
	int (*file)(void *ud, size_t t, char *fspath, char *relpath);
	/* Something could not be read; the walk goes on. */
	void (*error)(void *ud, const char *relpath, const char *message);
	/* A warning about the walk as a whole (for example, ignore rules that
	 * could not be loaded). */
	void (*warning)(void *ud, const char *message);
	void *ud;
};

struct kl_worktree_opts {
	char *const *targets; /* paths as given by the user */
	size_t ntargets;
	bool git_ignore;             /* skip what git ignores */
	const struct kl_strv *allow; /* allow.paths: skipped, counted */
	bool relative_to_target;     /* paths relative to the single
	                                directory target */
	char *const *target_rel;     /* or: each target's path relative to
	                                the repository's work tree */
	uint64_t *ignored;           /* count of what was skipped */
};

struct dir_item {
	char *fspath;  /* path to open */
	char *relpath; /* reported path ("" for the root of a target) */
	char *gitpath; /* path relative to the git work dir, or NULL */
};

struct walk {
	const struct kl_worktree_opts *opts;
	const struct kl_worktree_cb *cb;
	size_t target;
	git_repository *repo;
	/* The current target is itself git-ignored or in allow.paths: it
	 * was named, so what is below it is scanned all the same. */
	bool named_ignored, named_allowed;
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
	const struct kl_strv *a = w->opts->allow;
	struct kl_buf b = KL_BUF_INIT;
	bool hit;

	if (!a || !a->n || !*rel)
		return false;
	if (!dir)
		return kl_pathspec_any(a, rel);
	/* Folders are matched with a trailing slash, so "vendor/" and
	 * "vendor/\*" both skip the whole folder without entering it. */
	hit = !kl_buf_printf(&b, "%s/", rel) && kl_pathspec_any(a, b.ptr);
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
		if ((!w->named_ignored && is_ignored(w, git, type == DT_DIR)) ||
		    (!w->named_allowed &&
		     allowed_path(w, rel, type == DT_DIR))) {
			(*w->opts->ignored)++;
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
		rc = w->cb->file(w->cb->ud, w->target, fs, rel);
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

/* Walk every target.  Returns 0, or the first non-zero value the file
 * callback returned, or KL_ENOMEM. */
static int walk(const struct kl_worktree_opts *opts,
                const struct kl_worktree_cb *cb)
{
	struct walk w = {opts, cb, 0, NULL, false, false, NULL, 0, 0};
	int rc = 0;

	for (size_t t = 0; t < opts->ntargets && !rc; t++) {
		const char *target = opts->targets[t];
		char *rel = NULL, *gitp;
		struct stat st;

		w.target = t;
		if (stat(target, &st)) {
			report_error(&w, target, errno);
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			/* A named file is scanned even if ignored: the user
			 * asked for it.  Special files fail in the reader. */
			char *fs = strdup(target);

			rel = opts->target_rel ? strdup(opts->target_rel[t])
			                       : normalize(target);
			if (!fs || !rel) {
				free(fs);
				free(rel);
				rc = KL_ENOMEM;
				break;
			}
			rc = cb->file(cb->ud, t, fs, rel);
			continue;
		}
		rel = opts->target_rel           ? strdup(opts->target_rel[t])
		      : opts->relative_to_target ? strdup("")
		                                 : normalize(target);
		gitp = git_prefix(&w, target);
		/* What the user names is scanned, as git scans a path given
		 * to `git add -f`: keylint's own testdata/ is allowlisted
		 * in its config, yet `keylint scan testdata/demo` shows the
		 * demo's findings. */
		w.named_ignored = rel && is_ignored(&w, gitp, true);
		w.named_allowed = rel && allowed_path(&w, rel, true);
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

enum kl_read_result {
	KL_READ_OK = 0,
	KL_READ_TOO_LARGE,
	KL_READ_NOT_REGULAR,
	KL_READ_ERROR, /* errno-style code in *err */
};

/* Read a file for scanning into buf (cleared first): no following of a
 * final symlink, no blocking on special files, at most max bytes. */
static enum kl_read_result read_file(const char *fspath, size_t max,
                                     struct kl_buf *buf, int *err)
{
	struct stat st;
	int fd, rc;

	kl_buf_clear(buf);
	*err = 0;
	fd = open(fspath,
	          O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
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

/* ---- the source -----------------------------------------------------------
 */

struct kl_worktree {
	struct kl_source base;
	const struct kl_options *opts;
	char *root; /* where side files are read */
	char *const *targets;
	size_t ntargets;
	bool relative_to_target;
	/* Inside a git work tree: each target relative to it (paths are
	 * then the repository's, whatever folder is scanned). */
	char **target_rel;
	struct kl_path_view view;
	struct kl_feed *feed; /* during produce */
	/* For "nothing could be read": files opened, and targets that
	 * failed themselves (with the first such message). */
	_Atomic uint64_t nread;
	pthread_mutex_t lock;
	bool *target_failed;
	char *first_failure;
};

struct file_job {
	size_t target;
	char *fspath;
	char *relpath;
};

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A problem on a target itself (the target cannot be read at all). */
static void note_failure(struct kl_worktree *wt, const char *path,
                         const char *message)
{
	pthread_mutex_lock(&wt->lock);
	for (size_t t = 0; t < wt->ntargets; t++) {
		if (strcmp(path, wt->targets[t]))
			continue;
		wt->target_failed[t] = true;
		if (!wt->first_failure) {
			struct kl_buf b = KL_BUF_INIT;

			kl_buf_printf(&b, "%s: %s", path, message);
			wt->first_failure = kl_buf_detach(&b, NULL);
		}
	}
	pthread_mutex_unlock(&wt->lock);
}

static int on_file(void *ud, size_t t, char *fspath, char *relpath)
{
	struct kl_worktree *wt = ud;
	struct file_job *j = malloc(sizeof(*j));

	if (!j) {
		free(fspath);
		free(relpath);
		return KL_ENOMEM;
	}
	j->target = t;
	j->fspath = fspath;
	j->relpath = relpath;
	wt->feed->progress(wt->feed, 0, 0);
	return wt->feed->job(wt->feed, j);
}

static void on_error(void *ud, const char *relpath, const char *message)
{
	struct kl_worktree *wt = ud;

	note_failure(wt, relpath, message);
	wt->feed->error(wt->feed, relpath, message);
}

static void on_warning(void *ud, const char *message)
{
	struct kl_worktree *wt = ud;

	wt->feed->warning(wt->feed, message);
}

static int produce(struct kl_source *src, struct kl_feed *feed,
                   struct kl_buf *err)
{
	struct kl_worktree *wt = (struct kl_worktree *)src;
	struct kl_worktree_opts wo = {
	    wt->targets,
	    wt->ntargets,
	    !wt->opts->no_git_ignore,
	    &feed->config->allow.paths,
	    wt->relative_to_target,
	    wt->target_rel,
	    &feed->counts->ignored,
	};
	struct kl_worktree_cb cb = {on_file, on_error, on_warning, wt};

	(void)err;
	wt->feed = feed;
	return walk(&wo, &cb);
}

static void load(struct kl_source *src, struct kl_lane *lane, void *job)
{
	struct kl_worktree *wt = (struct kl_worktree *)src;
	struct file_job *j = job;
	const char *msg = NULL;
	int err = 0;

	switch (read_file(j->fspath, lane->max_file_size, lane->buf, &err)) {
	case KL_READ_TOO_LARGE:
		atomic_fetch_add(&wt->nread, 1);
		lane->skip(lane, KL_SKIP_TOO_LARGE);
		break;
	case KL_READ_NOT_REGULAR:
		msg = "not a regular file, skipped";
		break;
	case KL_READ_ERROR:
		msg = err == EACCES   ? "permission denied"
		      : err == ENOENT ? "file vanished while scanning"
		                      : strerror(err);
		break;
	case KL_READ_OK: {
		struct kl_chunk c = {lane->buf->ptr ? lane->buf->ptr : "",
		                     lane->buf->len,
		                     {.path = j->relpath,
		                      .rule_path = j->relpath,
		                      .blob = KL_NO_BLOB}};

		atomic_fetch_add(&wt->nread, 1);
		lane->chunk(lane, &c);
		break;
	}
	}
	if (msg) {
		note_failure(wt, j->relpath, msg);
		lane->error(lane, j->relpath, msg);
	}
	free(j->fspath);
	free(j->relpath);
	free(j);
}

static int finish(struct kl_source *src, struct kl_buf *err)
{
	struct kl_worktree *wt = (struct kl_worktree *)src;

	if (atomic_load(&wt->nread) || !wt->first_failure)
		return 0;
	for (size_t t = 0; t < wt->ntargets; t++)
		if (!wt->target_failed[t])
			return 0;
	kl_buf_printf(err, "nothing could be read: %s", wt->first_failure);
	return KL_EIO;
}

static int wt_read_file(struct kl_source *src, const char *relpath, size_t max,
                        struct kl_buf *out, struct kl_buf *err)
{
	struct kl_worktree *wt = (struct kl_worktree *)src;
	struct kl_buf path = KL_BUF_INIT;
	int rc;

	if (kl_buf_printf(&path, "%s/%s", wt->root, relpath))
		return KL_ENOMEM;
	kl_buf_clear(out);
	rc = kl_buf_read_file(out, path.ptr, max, true, "file", err);
	kl_buf_free(&path);
	return rc;
}

static void wt_free(struct kl_source *src)
{
	struct kl_worktree *wt = (struct kl_worktree *)src;

	pthread_mutex_destroy(&wt->lock);
	for (size_t t = 0; wt->target_rel && t < wt->ntargets; t++)
		free(wt->target_rel[t]);
	free(wt->target_rel);
	kl_path_view_release(&wt->view);
	free(wt->target_failed);
	free(wt->first_failure);
	free(wt->root);
	free(wt);
}

static const struct kl_source_ops worktree_ops = {
    .name = "worktree",
    .read_file = wt_read_file,
    .produce = produce,
    .load = load,
    .finish = finish,
    .free = wt_free,
};

/* The work tree of the git repository around the first target, if every
 * target is inside it: resolved, without a trailing slash.  NULL when
 * there is none (or git refuses it; the walk says why). */
static char *find_workdir(const struct kl_worktree *wt)
{
	char real[PATH_MAX], *dir = NULL, *slash;
	struct kl_buf ignored = KL_BUF_INIT;
	git_repository *repo = NULL;
	const char *wd;

	if (!realpath(wt->targets[0], real))
		return NULL;
	if (!is_dir(real) && (slash = strrchr(real, '/')))
		*(slash == real ? slash + 1 : slash) = '\0';
	if (kl_repo_open(&repo, real, &ignored) >= 0 &&
	    (wd = git_repository_workdir(repo)) && realpath(wd, real))
		dir = strdup(real);
	git_repository_free(repo);
	kl_buf_free(&ignored);
	return dir;
}

/* Each target relative to workdir; false when one is outside it. */
static bool relative_targets(struct kl_worktree *wt, const char *workdir)
{
	char real[PATH_MAX];
	size_t n = strlen(workdir);

	if (!(wt->target_rel = calloc(wt->ntargets, sizeof(char *))))
		return false;
	for (size_t t = 0; t < wt->ntargets; t++) {
		const char *rest;

		if (!realpath(wt->targets[t], real) ||
		    strncmp(real, workdir, n) || (real[n] && real[n] != '/'))
			return false;
		rest = real[n] ? real + n + 1 : real + n;
		/* Never a path into git's own folder. */
		if (!strncmp(rest, ".git", 4) && (!rest[4] || rest[4] == '/'))
			return false;
		if (!(wt->target_rel[t] = strdup(rest)))
			return false;
	}
	return true;
}

/* Where paths are relative to, and where side files are read. */
static int settle_root(struct kl_worktree *wt)
{
	char real[PATH_MAX];
	char *workdir = find_workdir(wt);

	if (workdir && relative_targets(wt, workdir)) {
		wt->root = workdir;
		wt->base.whole = wt->ntargets == 1 && !*wt->target_rel[0];
		return kl_path_view_init(&wt->view, workdir) == KL_ENOMEM
		           ? KL_ENOMEM
		           : 0;
	}
	free(workdir);
	for (size_t t = 0; wt->target_rel && t < wt->ntargets; t++)
		free(wt->target_rel[t]);
	free(wt->target_rel);
	wt->target_rel = NULL;
	/* One folder: paths are relative to it, and it holds the config.
	 * Otherwise paths are as given, relative to here. */
	wt->relative_to_target = wt->ntargets == 1 && is_dir(wt->targets[0]);
	wt->root = strdup(wt->relative_to_target ? wt->targets[0] : ".");
	if (!wt->root)
		return KL_ENOMEM;
	wt->base.whole = wt->relative_to_target;
	if (wt->relative_to_target && realpath(wt->targets[0], real) &&
	    kl_path_view_init(&wt->view, real) == KL_ENOMEM)
		return KL_ENOMEM;
	return 0;
}

int kl_worktree_new(struct kl_source **out, const struct kl_options *opts)
{
	static char *const dot[] = {(char *)"."};
	struct kl_worktree *wt = calloc(1, sizeof(*wt));

	*out = NULL;
	if (!wt)
		return KL_ENOMEM;
	wt->base.ops = &worktree_ops;
	wt->opts = opts;
	wt->targets = opts->ntargets ? opts->targets : dot;
	wt->ntargets = opts->ntargets ? opts->ntargets : 1;
	pthread_mutex_init(&wt->lock, NULL);
	wt->target_failed = calloc(wt->ntargets, sizeof(*wt->target_failed));
	if (!wt->target_failed || settle_root(wt)) {
		wt_free(&wt->base);
		return KL_ENOMEM;
	}
	wt->base.root = wt->root;
	wt->base.view = &wt->view;
	*out = &wt->base;
	return 0;
}
