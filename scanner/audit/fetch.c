/*
 * fetch: libgit2 clones and fetches into CACHE/NAME-HASH.git, where NAME
 * is the URL's last part and HASH a digest of the whole URL, so two
 * remotes of one name do not share a clone.  A first clone is
 * made in a temporary folder and renamed into place, so a failed one
 * leaves nothing half made.
 */
/* nftw's FTW_DEPTH and FTW_PHYS are X/Open. */
#define _XOPEN_SOURCE 700
#include "fetch.h"

#include <errno.h>
#include <ftw.h>
#include <git2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"

static const char *const refspecs[] = {"+refs/heads/*:refs/heads/*",
                                       "+refs/tags/*:refs/tags/*"};

bool kl_fetch_is_url(const char *e)
{
	const char *colon = strchr(e, ':'), *at = strchr(e, '@');
	const char *slash = strchr(e, '/');

	if (strstr(e, "://"))
		return true;
	/* user@host:path, as git takes it; not /a/b@c:d. */
	return at && colon && at < colon && (!slash || colon < slash);
}

int kl_fetch_display(const char *url, struct kl_buf *out)
{
	const char *scheme = strstr(url, "://"), *host, *at;

	if (!scheme)
		return kl_buf_puts(out, url);
	host = scheme + 3;
	at = strchr(host, '@');
	if (at && (!strchr(host, '/') || at < strchr(host, '/')))
		return kl_buf_printf(out, "%.*s%s", (int)(host - url), url,
		                     at + 1);
	return kl_buf_puts(out, url);
}

static int mkdirs(const char *dir, struct kl_buf *err)
{
	struct kl_buf p = KL_BUF_INIT;
	int rc = kl_buf_puts(&p, dir);

	for (char *s = p.ptr ? p.ptr + 1 : NULL; !rc && s;
	     s = strchr(s + 1, '/')) {
		char c = *s;

		if (c && c != '/')
			continue;
		*s = '\0';
		if (mkdir(p.ptr, 0700) && errno != EEXIST) {
			kl_buf_printf(err,
			              "%s: cannot make the cache folder: %s",
			              p.ptr, strerror(errno));
			rc = KL_EIO;
		}
		*s = c;
		if (!c)
			break;
	}
	kl_buf_free(&p);
	return rc;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A failed first clone's folder. */
static void remove_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* CACHE/NAME-HASH.git for url. */
static int clone_path(const char *cache, const char *url, struct kl_buf *out)
{
	const char *end = url + strlen(url), *start;
	size_t n;

	while (end > url && (end[-1] == '/'))
		end--;
	if (end - url > 4 && !strncmp(end - 4, ".git", 4))
		end -= 4;
	start = end;
	while (start > url && start[-1] != '/' && start[-1] != ':')
		start--;
	kl_buf_clear(out);
	if (kl_buf_printf(out, "%s/", cache))
		return KL_ENOMEM;
	n = out->len;
	for (const char *s = start; s < end; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		          (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		          c == '.';

		if (kl_buf_putc(out, ok ? c : '_'))
			return KL_ENOMEM;
	}
	if (out->len == n && kl_buf_puts(out, "repo"))
		return KL_ENOMEM;
	return kl_buf_printf(out, "-%016llx.git",
	                     (unsigned long long)kl_hash_str(url));
}

static int git_fail(struct kl_buf *err, const char *what, const char *url)
{
	const git_error *e = git_error_last();
	struct kl_buf shown = KL_BUF_INIT;

	kl_fetch_display(url, &shown);
	kl_buf_printf(err, "%s: cannot %s: %s", shown.ptr ? shown.ptr : url,
	              what, e && e->message ? e->message : "unknown error");
	kl_buf_free(&shown);
	return KL_EREPO;
}

/* Fetch branches and tags (pruning what the remote no longer has), and
 * point HEAD where the remote's does, so presence at HEAD means what it
 * means on the server. */
static int update(git_repository *repo, const char *url, struct kl_buf *err)
{
	git_strarray specs = {(char **)refspecs, 2};
	git_buf head = {NULL, 0, 0};
	git_remote_create_options ro;
	git_remote_callbacks cbs;
	git_remote *remote = NULL;
	git_fetch_options fo;
	int rc = 0;

	/* The _init functions: the INIT macros leave fields unnamed. */
	git_remote_init_callbacks(&cbs, GIT_REMOTE_CALLBACKS_VERSION);
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	/* The URL as listed: url.*.insteadOf is not applied.  libgit2 1.5
	 * also leaks a PCRE2 match block (about 20 KiB) per config entry
	 * each time it looks those up (fixed in 1.6), which over an audit
	 * of a thousand repositories came to hundreds of MiB. */
	ro.repository = repo;
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	fo.prune = GIT_FETCH_PRUNE;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	/* FETCH_HEAD would keep the URL, with any token in it. */
	fo.update_fetchhead = 0;
	if (git_remote_create_with_opts(&remote, url, &ro) < 0 ||
	    git_remote_connect(remote, GIT_DIRECTION_FETCH, &cbs, NULL, NULL) <
	        0) {
		rc = git_fail(err, "fetch", url);
		goto done;
	}
	/* An empty remote has no HEAD: nothing to point at. */
	if (git_remote_default_branch(&head, remote) < 0)
		git_error_clear();
	if (git_remote_fetch(remote, &specs, &fo, "keylint audit") < 0)
		rc = git_fail(err, "fetch", url);
	else if (head.ptr && git_repository_set_head(repo, head.ptr) < 0)
		rc = git_fail(err, "set HEAD of the clone of", url);
done:
	git_buf_dispose(&head);
	git_remote_free(remote);
	return rc;
}

int kl_fetch_repo(const char *cache_dir, const char *url, struct kl_buf *path,
                  struct kl_buf *err)
{
	struct kl_buf tmp = KL_BUF_INIT;
	git_repository *repo = NULL;
	struct stat st;
	int rc;

	if ((rc = mkdirs(cache_dir, err)) ||
	    (rc = clone_path(cache_dir, url, path)))
		return rc;
	if (stat(path->ptr, &st) == 0) {
		if (git_repository_open_bare(&repo, path->ptr) < 0)
			rc = git_fail(err, "open the clone of", url);
		else
			rc = update(repo, url, err);
		git_repository_free(repo);
		return rc;
	}
	/* A first clone is made next to its place and renamed into it. */
	if (kl_buf_printf(&tmp, "%s.tmp%ld", path->ptr, (long)getpid()))
		return KL_ENOMEM;
	if (git_repository_init(&repo, tmp.ptr, 1) < 0)
		rc = git_fail(err, "make a clone of", url);
	else
		rc = update(repo, url, err);
	git_repository_free(repo);
	if (!rc && rename(tmp.ptr, path->ptr)) {
		kl_buf_printf(err, "%s: cannot move the clone into place: %s",
		              path->ptr, strerror(errno));
		rc = KL_EIO;
	}
	if (rc)
		remove_tree(tmp.ptr);
	kl_buf_free(&tmp);
	return rc;
}
