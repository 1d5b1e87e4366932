/*
 * bulk: the walk's blobs, read from the packs directly (pack.h) the way
 * `git index-pack` resolves a pack: every entry that leads to a wanted
 * blob is inflated once, and every delta applied once onto its base,
 * base first, in pack offset order.  Planning runs on the calling thread
 * after the walk: each pack's entries, their bases, which ones lead to a
 * wanted blob; jobs are runs of delta trees (a base and everything built
 * on it), which workers resolve depth first, so the bases a tree still
 * needs are the only ones held, up to a budget per thread.
 *
 * What it does not serve goes through libgit2, one job per blob: loose
 * objects, alternates, a base in another pack or missing, chains too deep
 * or over the budget, packs or indexes of an unknown version, and every
 * blob of a partial clone.  A corrupt entry is an error in the report,
 * and the blobs built on it are read through libgit2 too.
 */
#include <dirent.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blobstate.h"
#include "history_int.h"
#include "pack.h"

#ifdef MADV_POPULATE_READ
#define POPULATE_READ MADV_POPULATE_READ
#else
#define POPULATE_READ 22 /* Linux 5.14; older kernels say EINVAL */
#endif

#define NONE      UINT32_MAX
#define MAX_CHAIN 10000        /* deeper chains go through libgit2 */
#define JOB_BYTES (512u << 10) /* compressed bytes of one job, about */
#define LIVE_MAX  (192u << 20) /* bases one thread may hold */
#define DROP_STEP (16u << 20)  /* pages planning keeps mapped, about */
#define MIN_SHARE 32           /* a blob wanted per this many entries */

/* Entry states while planning. */
enum {
	UNKNOWN = 0,
	COVERED, /* leads to a wanted blob, from a base in this pack */
	ORPHAN,  /* its chain does not reach a base in this pack */
};

struct bulk_pack {
	char *name; /* pack-*.pack, for messages */
	uint8_t *idx_map, *pack_map;
	size_t idx_len, pack_len;
	struct kl_pack_idx idx;
	uint32_t n;
	uint64_t *off;  /* by rank (offset order); off[n]: the trailer */
	uint32_t *base; /* by rank: the base's rank, or NONE */
	uint32_t *want; /* by rank: the blob number, or KL_NO_BLOB */
	uint8_t *state; /* by rank */
	uint32_t *kids; /* children of rank r: kids[kid_at[r]..kid_at[r+1]) */
	uint32_t *kid_at;
	uint32_t *roots; /* covered entries that are not deltas */
	size_t nroots;
};

/* Part of a pack for one worker: roots[first .. first + n). */
struct pack_job {
	enum job_kind kind;
	const struct bulk_pack *p;
	size_t first, n;
	uint64_t lo, hi; /* the pack bytes its entries span */
};

/* One level of the delta tree being resolved. */
struct bulk_frame {
	uint32_t rank, next; /* entry, next child to visit */
	uint8_t *buf;
	size_t len, cap;
};

/* ---- opening packs --------------------------------------------------------
 */

static void pack_release(struct bulk_pack *p)
{
	if (p->idx_map)
		munmap(p->idx_map, p->idx_len);
	if (p->pack_map)
		munmap(p->pack_map, p->pack_len);
	free(p->name);
	free(p->off);
	free(p->base);
	free(p->want);
	free(p->state);
	free(p->kids);
	free(p->kid_at);
	free(p->roots);
	memset(p, 0, sizeof(*p));
}

static int map_file(const char *path, uint8_t **map, size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	void *m;

	if (fd < 0)
		return KL_EIO;
	if (fstat(fd, &st) < 0 || st.st_size <= 0) {
		close(fd);
		return KL_EIO;
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return KL_EIO;
	*map = m;
	*len = (size_t)st.st_size;
	return 0;
}

struct off_pos {
	uint64_t off;
	uint32_t pos;
};

static int cmp_off(const void *a, const void *b)
{
	const struct off_pos *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* The rank of the entry at offset off, or NONE. */
static uint32_t rank_at(const struct bulk_pack *p, uint64_t off)
{
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->off[mid] == off)
			return (uint32_t)mid;
		if (p->off[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NONE;
}

/* Entries by offset, and each delta's base.  An entry whose header is
 * corrupt, or whose base is outside the pack, gets no base and is not a
 * root either: what is built on it is read through libgit2. */
static int index_entries(struct bulk_pack *p, uint32_t *rank_of_pos)
{
	struct off_pos *v = calloc(p->n ? p->n : 1, sizeof(*v));
	uint64_t end = p->pack_len - KL_PACK_ID_LEN;
	size_t dropped = 0, populated = 0;

	if (!v)
		return KL_ENOMEM;
	for (uint32_t i = 0; i < p->n; i++) {
		v[i].pos = i;
		if (kl_pack_idx_offset(&p->idx, i, &v[i].off) ||
		    v[i].off < 12 || v[i].off >= end) {
			free(v);
			return KL_EINVAL;
		}
	}
	qsort(v, p->n, sizeof(*v), cmp_off);
	for (uint32_t r = 0; r < p->n; r++) {
		if (r && v[r].off == v[r - 1].off) {
			free(v);
			return KL_EINVAL;
		}
		p->off[r] = v[r].off;
		rank_of_pos[v[r].pos] = r;
	}
	p->off[p->n] = end;
	free(v);
	for (uint32_t r = 0; r < p->n; r++) {
		struct kl_pack_entry e;
		uint32_t pos;

		/* Reading every header touches every page: the pages behind
		 * stop counting as ours as it goes (the workers fault in what
		 * they read again, from the page cache). */
		if (p->off[r] - dropped >= DROP_STEP) {
			size_t upto = (size_t)p->off[r] & ~(size_t)4095;

			madvise(p->pack_map + dropped, upto - dropped,
			        MADV_DONTNEED);
			dropped = upto;
		}
		/* Ahead, a window's pages are mapped in one call rather than
		 * one fault each (where the kernel can: an error only leaves
		 * the faults). */
		if (p->off[r] >= populated) {
			size_t from = (size_t)p->off[r] & ~(size_t)4095;
			size_t len = p->pack_len - from < DROP_STEP
			                 ? p->pack_len - from
			                 : DROP_STEP;

			madvise(p->pack_map + from, len, POPULATE_READ);
			populated = from + len;
		}
		p->base[r] = NONE;
		if (kl_pack_entry_parse(p->pack_map + p->off[r],
		                        p->off[r + 1] - p->off[r], p->off[r],
		                        &e)) {
			p->state[r] = ORPHAN;
		} else if (e.type == KL_PACK_OFS_DELTA) {
			p->base[r] = rank_at(p, e.base_off);
			if (p->base[r] == NONE)
				p->state[r] = ORPHAN;
		} else if (e.type == KL_PACK_REF_DELTA) {
			if (kl_pack_idx_find(&p->idx, e.base_id, &pos))
				p->base[r] = rank_of_pos[pos];
			else
				p->state[r] = ORPHAN;
		}
	}
	madvise(p->pack_map, p->pack_len, MADV_DONTNEED);
	return 0;
}

/* Map and index one pack; KL_EINVAL when it is not one this reader
 * handles (its blobs then go through libgit2). */
static int pack_open(struct bulk_pack *p, const char *dir, const char *idx_name)
{
	struct kl_buf path = KL_BUF_INIT;
	uint32_t *rank_of_pos = NULL, count;
	size_t stem = strlen(idx_name) - 4;
	int rc;

	if ((rc = kl_buf_printf(&path, "%s/%s", dir, idx_name)) ||
	    (rc = map_file(path.ptr, &p->idx_map, &p->idx_len)))
		goto done;
	kl_buf_truncate(&path, path.len - 4);
	if ((rc = kl_buf_puts(&path, ".pack")) ||
	    (rc = map_file(path.ptr, &p->pack_map, &p->pack_len)))
		goto done;
	if (kl_pack_idx_parse(&p->idx, p->idx_map, p->idx_len) ||
	    kl_pack_header(p->pack_map, p->pack_len, &count) ||
	    count != p->idx.n) {
		rc = KL_EINVAL;
		goto done;
	}
	p->n = p->idx.n;
	p->name = malloc(stem + 6);
	p->off = calloc((size_t)p->n + 1, sizeof(*p->off));
	p->base = calloc(p->n ? p->n : 1, sizeof(*p->base));
	p->want = malloc((p->n ? p->n : 1) * sizeof(*p->want));
	p->state = calloc(p->n ? p->n : 1, 1);
	rank_of_pos = calloc(p->n ? p->n : 1, sizeof(*rank_of_pos));
	if (!p->name || !p->off || !p->base || !p->want || !p->state ||
	    !rank_of_pos) {
		rc = KL_ENOMEM;
		goto done;
	}
	memcpy(p->name, idx_name, stem);
	memcpy(p->name + stem, ".pack", 6);
	for (uint32_t r = 0; r < p->n; r++)
		p->want[r] = KL_NO_BLOB;
	rc = index_entries(p, rank_of_pos);
done:
	free(rank_of_pos);
	kl_buf_free(&path);
	if (rc)
		pack_release(p);
	return rc;
}

/* A partial clone's packs are not all there: libgit2 decides. */
static bool partial_clone(git_repository *repo, const char *dir)
{
	git_config *cfg = NULL;
	git_buf v = GIT_BUF_INIT;
	bool yes = false;
	DIR *d;
	struct dirent *de;

	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&v, cfg, "extensions.partialclone") == 0)
		yes = true;
	git_buf_dispose(&v);
	git_config_free(cfg);
	if (!yes && (d = opendir(dir))) {
		while (!yes && (de = readdir(d))) {
			size_t n = strlen(de->d_name);

			yes = n > 9 && !strcmp(de->d_name + n - 9, ".promisor");
		}
		closedir(d);
	}
	return yes;
}

static bool is_idx(const char *name)
{
	size_t n = strlen(name);

	return n > 9 && !strcmp(name + n - 4, ".idx") &&
	       !strncmp(name, "pack-", 5);
}

/* About how many entries the packs hold, from the index sizes (28 bytes
 * an entry past the fixed part). */
static uint64_t pack_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct kl_buf path = KL_BUF_INIT;
	struct stat st;
	uint64_t n = 0;

	while (d && (de = readdir(d))) {
		kl_buf_clear(&path);
		if (is_idx(de->d_name) &&
		    !kl_buf_printf(&path, "%s/%s", dir, de->d_name) &&
		    stat(path.ptr, &st) == 0 && st.st_size > 1072)
			n += ((uint64_t)st.st_size - 1072) / 28;
	}
	if (d)
		closedir(d);
	kl_buf_free(&path);
	return n;
}

static int open_packs(struct kl_history *h, const char *dir)
{
	DIR *d;
	struct dirent *de;
	size_t alloc = 0;
	int rc = 0;

	/* Reading a pack directly starts with every entry's header: worth
	 * it when the blobs wanted are a fair share of the entries (a whole
	 * history), not for the few blobs of a short range. */
	if ((uint64_t)h->nblobs * MIN_SHARE < pack_entries(dir))
		return 0;
	if (!(d = opendir(dir)))
		return 0; /* no packs: every blob goes through libgit2 */
	while (!rc && (de = readdir(d))) {
		int e;

		if (!is_idx(de->d_name))
			continue;
		if (KL_ALLOC_GROW(h->packs, h->npacks + 1, alloc)) {
			rc = KL_ENOMEM;
			break;
		}
		memset(&h->packs[h->npacks], 0, sizeof(*h->packs));
		e = pack_open(&h->packs[h->npacks], dir, de->d_name);
		if (e == KL_ENOMEM)
			rc = e;
		else if (!e)
			h->npacks++;
	}
	closedir(d);
	return rc;
}

/* ---- planning -------------------------------------------------------------
 */

/* Follow r's chain to a base that is not a delta; mark every entry on the
 * way COVERED or ORPHAN.  path is scratch space for MAX_CHAIN ranks. */
static uint8_t resolve_chain(struct bulk_pack *p, uint32_t r, uint32_t *path)
{
	size_t n = 0;
	uint8_t st;

	while (p->state[r] == UNKNOWN && n < MAX_CHAIN) {
		path[n++] = r;
		if (p->base[r] == NONE) {
			st = COVERED;
			goto mark;
		}
		r = p->base[r];
		if (n > 1 && r == path[0])
			break; /* a cycle of REF_DELTA bases */
	}
	st = p->state[r] == COVERED && n < MAX_CHAIN ? COVERED : ORPHAN;
mark:
	while (n)
		p->state[path[--n]] = st;
	return st;
}

/* Children lists and roots of the covered entries. */
static int link_tree(struct bulk_pack *p)
{
	size_t nkids = 0;

	p->kid_at = calloc((size_t)p->n + 2, sizeof(*p->kid_at));
	if (!p->kid_at)
		return KL_ENOMEM;
	for (uint32_t r = 0; r < p->n; r++) {
		if (p->state[r] != COVERED)
			continue;
		if (p->base[r] == NONE)
			p->nroots++;
		else {
			p->kid_at[p->base[r] + 2]++;
			nkids++;
		}
	}
	for (uint32_t r = 0; r < p->n; r++)
		p->kid_at[r + 2] += p->kid_at[r + 1];
	p->kids = calloc(nkids ? nkids : 1, sizeof(*p->kids));
	p->roots = calloc(p->nroots ? p->nroots : 1, sizeof(*p->roots));
	if (!p->kids || !p->roots)
		return KL_ENOMEM;
	p->nroots = 0;
	for (uint32_t r = 0; r < p->n; r++) {
		if (p->state[r] != COVERED)
			continue;
		if (p->base[r] == NONE)
			p->roots[p->nroots++] = r;
		else
			p->kids[p->kid_at[p->base[r] + 1]++] = r;
	}
	return 0;
}

/* What planning knows of each delta tree, by its root's rank. */
struct tree_span {
	uint64_t weight; /* compressed bytes */
	uint64_t lo, hi; /* pack bytes spanned */
};

/* Jobs of about JOB_BYTES of compressed entries each, in offset order
 * of their roots. */
static int submit_pack(struct kl_history *h, const struct bulk_pack *p,
                       const struct tree_span *ts)
{
	struct pack_job *j = NULL;
	uint64_t sum = 0;

	for (size_t i = 0; i < p->nroots; i++) {
		const struct tree_span *t = &ts[p->roots[i]];

		if (!j) {
			if (!(j = malloc(sizeof(*j))))
				return KL_ENOMEM;
			*j = (struct pack_job){JOB_PACK, p, i, 0, t->lo, t->hi};
		}
		j->n++;
		j->lo = t->lo < j->lo ? t->lo : j->lo;
		j->hi = t->hi > j->hi ? t->hi : j->hi;
		sum += t->weight;
		if (sum < JOB_BYTES && i + 1 < p->nroots)
			continue;
		sum = 0;
		if (h->feed->job(h->feed, j))
			return KL_ENOMEM;
		j = NULL;
	}
	return 0;
}

/* Each tree's compressed size and span, gathered at its root. */
static int weigh(const struct bulk_pack *p, struct tree_span **out)
{
	struct tree_span *w = calloc(p->n ? p->n : 1, sizeof(*w));

	*out = w;
	if (!w)
		return KL_ENOMEM;
	/* Children come after their base only for OFS_DELTA; add from the
	 * leaves up with an explicit walk to the root instead. */
	for (uint32_t r = 0; r < p->n; r++) {
		uint32_t root = r;
		size_t steps = 0;

		if (p->state[r] != COVERED)
			continue;
		while (p->base[root] != NONE && steps++ < MAX_CHAIN)
			root = p->base[root];
		if (!w[root].weight || p->off[r] < w[root].lo)
			w[root].lo = p->off[r];
		if (p->off[r + 1] > w[root].hi)
			w[root].hi = p->off[r + 1];
		w[root].weight += p->off[r + 1] - p->off[r];
	}
	return 0;
}

/* Blob b is entry pos of p: wanted there if its chain is covered. */
static int want(struct bulk_pack *p, uint32_t pos, uint32_t b, uint32_t *path,
                uint8_t *served)
{
	uint64_t off;
	uint32_t r;

	if (kl_pack_idx_offset(&p->idx, pos, &off) ||
	    (r = rank_at(p, off)) == NONE ||
	    resolve_chain(p, r, path) != COVERED)
		return 0;
	p->want[r] = b;
	*served = 1;
	return 0;
}

static int plan(struct kl_history *h, uint8_t *served)
{
	uint32_t *path = malloc(MAX_CHAIN * sizeof(*path));
	int rc = path ? 0 : KL_ENOMEM;

	for (size_t b = 0; b < h->nblobs && !rc; b++)
		for (size_t i = 0; !served[b] && i < h->npacks; i++) {
			struct bulk_pack *p = &h->packs[i];
			uint32_t pos;

			if (!kl_pack_idx_find(&p->idx, h->blobs[b].id.id, &pos))
				continue;
			rc = want(p, pos, (uint32_t)b, path, &served[b]);
			break;
		}
	for (size_t i = 0; i < h->npacks && !rc; i++) {
		struct tree_span *w = NULL;

		if (!(rc = link_tree(&h->packs[i])) &&
		    !(rc = weigh(&h->packs[i], &w)))
			rc = submit_pack(h, &h->packs[i], w);
		free(w);
	}
	free(path);
	return rc;
}

int kl_history__bulk(struct kl_history *h)
{
	struct kl_buf dir = KL_BUF_INIT;
	uint8_t *served = calloc(h->nblobs ? h->nblobs : 1, 1);
	int rc = served ? 0 : KL_ENOMEM;

	/* Blobs an earlier run found clean (--state) are not read. */
	for (size_t b = 0; !rc && b < h->nblobs; b++)
		served[b] =
		    kl_blobstate_known(h->opts->blobstate, h->blobs[b].id.id);
	if (!rc)
		rc = kl_buf_printf(&dir, "%sobjects/pack",
		                   git_repository_commondir(h->repo));
	if (!rc && !partial_clone(h->repo, dir.ptr) &&
	    !(rc = open_packs(h, dir.ptr)))
		rc = plan(h, served);
	/* Everything else, one blob at a time. */
	for (size_t b = 0; b < h->nblobs && !rc; b++)
		if (!served[b])
			rc = kl_history__submit_blob(h, (uint32_t)b);
	free(served);
	kl_buf_free(&dir);
	return rc;
}

/* ---- resolving, on a worker -----------------------------------------------
 */

/* Read through libgit2 every wanted blob of r's tree: what an entry that
 * cannot be read directly carries. */
static void fall_back(const struct kl_history *h, struct kl_lane *lane,
                      struct hthread *t, const struct bulk_pack *p, uint32_t r)
{
	/* The walk is over: the blob table no longer moves. */
	if (p->want[r] != KL_NO_BLOB)
		kl_history__load_blob(
		    h, lane, t, p->want[r], &h->blobs[p->want[r]].id,
		    h->paths.v[h->blobs[p->want[r]].path], false);
	for (uint32_t k = p->kid_at[r]; k < p->kid_at[r + 1]; k++)
		fall_back(h, lane, t, p, p->kids[k]);
}

static void corrupt(struct kl_lane *lane, const struct bulk_pack *p, uint32_t r,
                    const char *why)
{
	char msg[256];

	snprintf(msg, sizeof(msg),
	         "pack %s: entry at offset %llu cannot be read: %s", p->name,
	         (unsigned long long)p->off[r], why);
	lane->error(lane, "", msg);
}

static int frame_reserve(struct hthread *t, struct bulk_frame *f, size_t len)
{
	uint8_t *b;

	if (len <= f->cap && f->buf)
		return 0;
	if (t->live - f->cap + len > LIVE_MAX)
		return KL_ENOMEM;
	if (!(b = realloc(f->buf, len ? len : 1)))
		return KL_ENOMEM;
	t->live = t->live - f->cap + len;
	f->buf = b;
	f->cap = len;
	return 0;
}

/* Build entry r into f (its base in `base`, NULL for a root).  1 when a
 * wanted blob too large to scan, with nothing built on it, was skipped
 * unbuilt; a negative value, with why set, when it cannot be built. */
static int build(const struct kl_history *h, struct kl_lane *lane,
                 struct hthread *t, const struct bulk_pack *p, uint32_t r,
                 const struct bulk_frame *base, struct bulk_frame *f,
                 const char **why)
{
	const uint8_t *at = p->pack_map + p->off[r];
	size_t extent = p->off[r + 1] - p->off[r];
	bool leaf = p->kid_at[r] == p->kid_at[r + 1];
	struct kl_pack_entry e;
	uint64_t bsize, rsize;
	size_t dh;

	(void)h;
	*why = "corrupt entry header";
	if (kl_pack_entry_parse(at, extent, p->off[r], &e))
		return KL_EINVAL;
	at += e.hdr_len;
	extent -= e.hdr_len;
	*why = "size beyond what its data can inflate to";
	if (!kl_pack_size_plausible(e.size, extent))
		return KL_EINVAL;
	if (!base) {
		*why = "not a blob";
		if (e.type != KL_PACK_BLOB)
			return KL_EINVAL;
		if (leaf && e.size > lane->max_file_size)
			return 1;
		*why = "out of memory for its data";
		if (frame_reserve(t, f, (size_t)e.size))
			return KL_ENOMEM;
		*why = "corrupt compressed data";
		f->len = (size_t)e.size;
		return kl_pack_inflate(t->inflate, at, extent, f->buf, f->len);
	}
	if (e.size > t->adelta || !t->delta) {
		uint8_t *d = realloc(t->delta, e.size ? (size_t)e.size : 1);

		*why = "out of memory for its delta";
		if (!d)
			return KL_ENOMEM;
		t->delta = d;
		t->adelta = (size_t)e.size;
	}
	*why = "corrupt compressed delta";
	if (kl_pack_inflate(t->inflate, at, extent, t->delta, (size_t)e.size))
		return KL_EINVAL;
	*why = "corrupt delta";
	if (kl_pack_delta_sizes(t->delta, (size_t)e.size, &bsize, &rsize,
	                        &dh) ||
	    bsize != base->len || rsize > SIZE_MAX / 2)
		return KL_EINVAL;
	if (leaf && rsize > lane->max_file_size)
		return 1;
	*why = "out of memory for its data";
	if (frame_reserve(t, f, (size_t)rsize))
		return KL_ENOMEM;
	f->len = (size_t)rsize;
	*why = "corrupt delta";
	return kl_pack_delta_apply(base->buf, base->len, t->delta,
	                           (size_t)e.size, f->buf, f->len);
}

/* Hand entry r, just built into f, to the matcher if it is wanted. */
static void hand(const struct kl_history *h, struct kl_lane *lane,
                 const struct bulk_pack *p, uint32_t r,
                 const struct bulk_frame *f)
{
	uint32_t b = p->want[r];
	const char *path;

	if (b == KL_NO_BLOB)
		return;
	if (f->len > lane->max_file_size) {
		lane->skip(lane, KL_SKIP_TOO_LARGE);
		return;
	}
	path = h->paths.v[h->blobs[b].path];
	{
		struct kl_chunk c = {(const char *)f->buf,
		                     f->len,
		                     {.rule_path = path, .blob = b}};

		lane->chunk(lane, &c);
	}
}

static int frames_reserve(struct hthread *t, size_t depth)
{
	if (depth < t->aframes)
		return 0;
	{
		size_t old = t->aframes;

		if (KL_ALLOC_GROW(t->frames, depth + 1, t->aframes))
			return KL_ENOMEM;
		memset(t->frames + old, 0,
		       (t->aframes - old) * sizeof(*t->frames));
	}
	return 0;
}

/* Place r at depth d of the walk: build it and hand it on.  False when
 * its tree is done with (skipped, or read through libgit2). */
static bool enter(const struct kl_history *h, struct kl_lane *lane,
                  struct hthread *t, const struct bulk_pack *p, uint32_t r,
                  size_t d)
{
	const char *why = "out of memory";
	int rc;

	if (frames_reserve(t, d)) {
		fall_back(h, lane, t, p, r);
		return false;
	}
	rc = build(h, lane, t, p, r, d ? &t->frames[d - 1] : NULL,
	           &t->frames[d], &why);
	if (rc == 1) {
		lane->skip(lane, KL_SKIP_TOO_LARGE);
		return false;
	}
	if (rc) {
		/* Memory is a budget, not corruption: libgit2 reads it. */
		if (rc != KL_ENOMEM)
			corrupt(lane, p, r, why);
		fall_back(h, lane, t, p, r);
		return false;
	}
	t->frames[d].rank = r;
	t->frames[d].next = p->kid_at[r];
	hand(h, lane, p, r, &t->frames[d]);
	return true;
}

/* Resolve one delta tree, depth first: each entry is built once, from
 * its base still held one level up. */
static void resolve(const struct kl_history *h, struct kl_lane *lane,
                    struct hthread *t, const struct bulk_pack *p, uint32_t root)
{
	size_t d = 0;

	if (!enter(h, lane, t, p, root, 0))
		return;
	for (;;) {
		struct bulk_frame *f = &t->frames[d];

		if (f->next < p->kid_at[f->rank + 1]) {
			uint32_t kid = p->kids[f->next++];

			if (enter(h, lane, t, p, kid, d + 1))
				d++;
		} else if (d-- == 0) {
			break;
		}
	}
}

void kl_history__bulk_load(const struct kl_history *h, struct kl_lane *lane,
                           struct hthread *t, void *job)
{
	struct pack_job *j = job;

	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uintptr_t lo, hi;

	for (size_t i = 0; i < j->n; i++)
		resolve(h, lane, t, j->p, j->p->roots[j->first + i]);
	/* The pages read stop counting as ours: a page another worker still
	 * reads is faulted in again from the page cache, unchanged. */
	lo = ((uintptr_t)j->p->pack_map + j->lo) & ~(uintptr_t)(page - 1);
	hi = (uintptr_t)j->p->pack_map + j->hi;
	madvise((void *)lo, hi - lo, MADV_DONTNEED);
	/* Large bases are not kept between jobs. */
	for (size_t d = 0; d < t->aframes; d++)
		if (t->frames[d].cap > (4u << 20)) {
			t->live -= t->frames[d].cap;
			free(t->frames[d].buf);
			t->frames[d].buf = NULL;
			t->frames[d].cap = 0;
		}
	free(j);
}

void kl_history__bulk_thread_free(struct hthread *t)
{
	for (size_t d = 0; d < t->aframes; d++)
		free(t->frames[d].buf);
	free(t->frames);
	free(t->delta);
}

void kl_history__bulk_free(struct kl_history *h)
{
	for (size_t i = 0; i < h->npacks; i++)
		pack_release(&h->packs[i]);
	free(h->packs);
	h->packs = NULL;
	h->npacks = 0;
}
