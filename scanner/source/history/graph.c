/*
 * graph: the commit graph of a history scan, walked here rather than with
 * git_revwalk: libgit2 1.5's revwalk stops with an error at the first
 * missing parent, which makes shallow and partial clones unscannable,
 * while `git log` reads them.  Commits are ordered topologically, oldest
 * commit time first among the ready ones and the smaller id on a tie
 * (Kahn's algorithm with a heap), so the first sighting of a secret is the
 * commit that introduced it, on every run.
 */
#include <string.h>
#include <time.h>

#include "history_int.h"

void kl_history__error(struct kl_history *h, const char *path, const char *what,
                       const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct kl_buf msg = KL_BUF_INIT;
	const git_error *e = git_error_last();

	git_oid_tostr(hex, sizeof(hex), id);
	kl_buf_printf(&msg, "%s %s cannot be read", what, hex);
	if (e && e->message)
		kl_buf_printf(&msg, ": %s", e->message);
	if (msg.ptr)
		h->feed->error(h->feed, path, msg.ptr);
	if (msg.ptr && !h->first_error)
		h->first_error = kl_buf_detach(&msg, NULL);
	kl_buf_free(&msg);
}

static int add_oid(struct oids *o, const git_oid *id)
{
	if (KL_ALLOC_GROW(o->v, o->n + 1, o->alloc))
		return KL_ENOMEM;
	git_oid_cpy(&o->v[o->n++], id);
	return 0;
}

/* Queue id unless the map already has it (value v). */
static int enqueue(struct kl_map *m, const git_oid *id, uint64_t v,
                   struct oids *queue)
{
	int put = kl_map_put(m, id->id, GIT_OID_RAWSZ, v, NULL);

	if (put < 0)
		return put;
	return put == 1 ? add_oid(queue, id) : 0;
}

/* The hiding walk: commits by commit time, newest first, each either
 * wanted (reachable from a positive revision so far) or hidden. */
struct hide_item {
	git_oid id;
	int64_t time;
};

struct hide_walk {
	struct kl_history *h;
	struct kl_map *state;  /* oid -> WANTED or HIDDEN */
	struct kl_map *popped; /* oids taken off the queue */
	struct hide_item *heap;
	size_t n, alloc;
	size_t wanted; /* queued items whose state is WANTED */
};

enum { WANTED = 1, HIDDEN = 2 };

static bool newer(const struct hide_item *a, const struct hide_item *b)
{
	return a->time != b->time ? a->time > b->time
	                          : git_oid_cmp(&a->id, &b->id) < 0;
}

static int hide_push(struct hide_walk *w, const git_oid *id)
{
	git_commit *c = NULL;
	struct hide_item it;
	size_t i;

	git_oid_cpy(&it.id, id);
	it.time = git_commit_lookup(&c, w->h->repo, id) == 0
	              ? (int64_t)git_commit_time(c)
	              : INT64_MIN; /* missing: popped last, then skipped */
	git_commit_free(c);
	if (KL_ALLOC_GROW(w->heap, w->n + 1, w->alloc))
		return KL_ENOMEM;
	for (i = w->n++; i && newer(&it, &w->heap[(i - 1) / 2]);
	     i = (i - 1) / 2)
		w->heap[i] = w->heap[(i - 1) / 2];
	w->heap[i] = it;
	return 0;
}

static struct hide_item hide_pop(struct hide_walk *w)
{
	struct hide_item top = w->heap[0], last = w->heap[--w->n];
	size_t i = 0;

	for (;;) {
		size_t l = 2 * i + 1, m = l;

		if (l >= w->n)
			break;
		if (l + 1 < w->n && newer(&w->heap[l + 1], &w->heap[l]))
			m = l + 1;
		if (!newer(&w->heap[m], &last))
			break;
		w->heap[i] = w->heap[m];
		i = m;
	}
	if (w->n)
		w->heap[i] = last;
	return top;
}

/* Queue id as WANTED or HIDDEN.  A wanted commit that turns out hidden
 * changes state in place; hidden is final. */
static int hide_mark(struct hide_walk *w, const git_oid *id, uint64_t st)
{
	uint64_t old;
	int put = kl_map_put(w->state, id->id, GIT_OID_RAWSZ, st, &old);

	if (put < 0)
		return put;
	if (put == 1) {
		w->wanted += st == WANTED;
		return hide_push(w, id);
	}
	if (old == WANTED && st == HIDDEN) {
		/* kl_map has no update: the hidden map is the truth.  A commit
		 * still queued stops counting as wanted. */
		put = kl_map_put(w->h->hidden, id->id, GIT_OID_RAWSZ, 0, NULL);
		if (put < 0)
			return put;
		if (put == 1 &&
		    !kl_map_get(w->popped, id->id, GIT_OID_RAWSZ, NULL))
			w->wanted--;
	}
	return 0;
}

static bool is_hidden(const struct hide_walk *w, const git_oid *id)
{
	uint64_t st;

	return kl_map_get(w->h->hidden, id->id, GIT_OID_RAWSZ, NULL) ||
	       (kl_map_get(w->state, id->id, GIT_OID_RAWSZ, &st) &&
	        st == HIDDEN);
}

/* Mark as hidden what the negative revisions reach, as far as it matters:
 * like git's limited walk, newest first, stopping once nothing wanted is
 * queued (a few more steps allow for clocks that went backwards).  The
 * walk is then as long as the range, not the whole history behind it. */
static int mark_hidden(struct kl_history *h)
{
	struct hide_walk w = {h, NULL, NULL, NULL, 0, 0, 0};
	int rc = kl_map_new(&w.state), slop = 5;

	if (!rc)
		rc = kl_map_new(&w.popped);
	for (size_t i = 0; i < h->neg.n && !rc; i++)
		rc = hide_mark(&w, &h->neg.v[i], HIDDEN);
	for (size_t i = 0; i < h->pos.n && !rc; i++)
		rc = hide_mark(&w, &h->pos.v[i], WANTED);
	while (!rc && w.n && (w.wanted || slop-- > 0)) {
		struct hide_item it = hide_pop(&w);
		bool hidden = is_hidden(&w, &it.id);
		git_commit *c = NULL;

		if (kl_map_put(w.popped, it.id.id, GIT_OID_RAWSZ, 0, NULL) <
		        0 ||
		    (hidden && kl_map_put(h->hidden, it.id.id, GIT_OID_RAWSZ, 0,
		                          NULL) < 0)) {
			rc = KL_ENOMEM;
			break;
		}
		if (!hidden) {
			w.wanted--;
			slop = 5;
		}
		if (git_commit_lookup(&c, h->repo, &it.id) < 0)
			continue;
		for (unsigned p = 0; p < git_commit_parentcount(c) && !rc; p++)
			rc = hide_mark(&w, git_commit_parent_id(c, p),
			               hidden ? HIDDEN : WANTED);
		git_commit_free(c);
	}
	/* What is still queued hidden bounds the walk. */
	for (size_t i = 0; i < w.n && !rc; i++)
		if (is_hidden(&w, &w.heap[i].id) &&
		    kl_map_put(h->hidden, w.heap[i].id.id, GIT_OID_RAWSZ, 0,
		               NULL) < 0)
			rc = KL_ENOMEM;
	free(w.heap);
	kl_map_free(w.state);
	kl_map_free(w.popped);
	return rc;
}

/* Parent ids of the commits read, by commit: pids[poff[i]..poff[i+1]). */
struct parents {
	struct oids pids;
	uint32_t *poff;
	size_t apoff;
};

/* Read one commit into the list, queueing its parents that are neither
 * hidden nor queued yet. */
static int read_commit(struct kl_history *h, const git_oid *id,
                       struct parents *ps, struct oids *queue)
{
	git_commit *c = NULL;
	struct commit *cm;
	int rc = 0;

	if (git_commit_lookup(&c, h->repo, id) < 0) {
		/* A shallow clone lacks the parents of its oldest commits
		 * by design: counted once as missing, not an error each. */
		if (!h->shallow)
			kl_history__error(h, "", "commit", id);
		return 0;
	}
	if (KL_ALLOC_GROW(h->commits, h->ncommits + 1, h->acommits) ||
	    KL_ALLOC_GROW(ps->poff, h->ncommits + 2, ps->apoff)) {
		git_commit_free(c);
		return KL_ENOMEM;
	}
	cm = &h->commits[h->ncommits];
	memset(cm, 0, sizeof(*cm));
	git_oid_cpy(&cm->id, id);
	git_oid_cpy(&cm->tree, git_commit_tree_id(c));
	cm->time = git_commit_time(c);
	ps->poff[h->ncommits] = (uint32_t)ps->pids.n;
	for (unsigned p = 0; p < git_commit_parentcount(c) && !rc; p++) {
		const git_oid *pid = git_commit_parent_id(c, p);

		rc = add_oid(&ps->pids, pid);
		if (!rc && !kl_map_get(h->hidden, pid->id, GIT_OID_RAWSZ, NULL))
			rc = enqueue(h->commit_index, pid, UINT64_MAX, queue);
	}
	git_commit_free(c);
	if (!rc)
		ps->poff[++h->ncommits] = (uint32_t)ps->pids.n;
	return rc;
}

/* Every commit reachable from the positive tips and not hidden. */
static int read_commits(struct kl_history *h, struct parents *ps)
{
	struct oids queue = {NULL, 0, 0};
	size_t head = 0;
	int rc = 0;

	for (size_t i = 0; i < h->pos.n && !rc; i++) {
		const git_oid *id = &h->pos.v[i];

		if (!kl_map_get(h->hidden, id->id, GIT_OID_RAWSZ, NULL))
			rc = enqueue(h->commit_index, id, UINT64_MAX, &queue);
	}
	while (!rc && head < queue.n) {
		git_oid id = queue.v[head++];

		rc = read_commit(h, &id, ps, &queue);
	}
	free(queue.v);
	return rc;
}

/* Index the commits that could be read, by id. */
static int index_commits(struct kl_history *h)
{
	struct kl_map *idx;

	if (kl_map_new(&idx))
		return KL_ENOMEM;
	kl_map_free(h->commit_index);
	h->commit_index = idx;
	for (size_t i = 0; i < h->ncommits; i++)
		if (kl_map_put(idx, h->commits[i].id.id, GIT_OID_RAWSZ, i,
		               NULL) < 0)
			return KL_ENOMEM;
	return 0;
}

static int add_edge(struct kl_history *h, uint32_t v)
{
	if (KL_ALLOC_GROW(h->edges, h->nedges + 1, h->aedges))
		return KL_ENOMEM;
	h->edges[h->nedges++] = v;
	return 0;
}

/* Parent edges within the walk, and the readable parents whose trees the
 * commit is compared with (walked or hidden). */
static int link_parents(struct kl_history *h, const struct parents *ps)
{
	int rc = 0;

	for (size_t i = 0; i < h->ncommits && !rc; i++) {
		struct commit *cm = &h->commits[i];

		cm->parent_off = (uint32_t)h->nedges;
		cm->all_off = (uint32_t)h->all_parents.n;
		for (uint32_t p = ps->poff[i]; p < ps->poff[i + 1] && !rc;
		     p++) {
			const git_oid *pid = &ps->pids.v[p];
			uint64_t j;

			if (kl_map_get(h->commit_index, pid->id, GIT_OID_RAWSZ,
			               &j)) {
				rc = add_edge(h, (uint32_t)j);
				cm->nparents++;
			} else if (!kl_map_get(h->hidden, pid->id,
			                       GIT_OID_RAWSZ, NULL)) {
				cm->boundary = true;
				h->missing_parents++;
				continue;
			}
			if (!rc)
				rc = add_oid(&h->all_parents, pid);
			cm->nall++;
		}
	}
	return rc;
}

/* Children edges, after the parent edges. */
static int link_children(struct kl_history *h)
{
	size_t off = h->nedges;

	for (size_t i = 0; i < h->ncommits; i++)
		h->commits[i].nchildren = 0;
	for (size_t i = 0; i < h->ncommits; i++)
		for (uint32_t e = 0; e < h->commits[i].nparents; e++)
			h->commits[h->edges[h->commits[i].parent_off + e]]
			    .nchildren++;
	for (size_t i = 0; i < h->ncommits; i++) {
		h->commits[i].child_off = (uint32_t)off;
		off += h->commits[i].nchildren;
		h->commits[i].nchildren = 0;
	}
	if (KL_ALLOC_GROW(h->edges, off, h->aedges))
		return KL_ENOMEM;
	for (size_t i = 0; i < h->ncommits; i++) {
		for (uint32_t e = 0; e < h->commits[i].nparents; e++) {
			struct commit *p =
			    &h->commits[h->edges[h->commits[i].parent_off + e]];

			h->edges[p->child_off + p->nchildren++] = (uint32_t)i;
		}
	}
	h->nedges = off;
	return 0;
}

/* Min-heap of commit indexes by (time, id). */
static bool older(const struct kl_history *h, uint32_t a, uint32_t b)
{
	const struct commit *x = &h->commits[a], *y = &h->commits[b];

	if (x->time != y->time)
		return x->time < y->time;
	return git_oid_cmp(&x->id, &y->id) < 0;
}

static void heap_push(const struct kl_history *h, uint32_t *heap, size_t *n,
                      uint32_t v)
{
	size_t i = (*n)++;

	heap[i] = v;
	while (i && older(h, heap[i], heap[(i - 1) / 2])) {
		uint32_t t = heap[i];

		heap[i] = heap[(i - 1) / 2];
		heap[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static uint32_t heap_pop(const struct kl_history *h, uint32_t *heap, size_t *n)
{
	uint32_t top = heap[0];
	size_t i = 0;

	heap[0] = heap[--(*n)];
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		uint32_t t;

		if (l < *n && older(h, heap[l], heap[m]))
			m = l;
		if (l + 1 < *n && older(h, heap[l + 1], heap[m]))
			m = l + 1;
		if (m == i)
			break;
		t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
	return top;
}

/* Parents before children; among ready commits, the oldest first. */
static int order_commits(struct kl_history *h)
{
	size_t n = h->ncommits ? h->ncommits : 1, nheap = 0, k = 0;
	uint32_t *indeg = calloc(n, sizeof(*indeg));
	uint32_t *heap = calloc(n, sizeof(*heap));

	h->order = calloc(n, sizeof(*h->order));
	if (!indeg || !heap || !h->order) {
		free(indeg);
		free(heap);
		return KL_ENOMEM;
	}
	for (size_t i = 0; i < h->ncommits; i++) {
		indeg[i] = h->commits[i].nparents;
		if (!indeg[i])
			heap_push(h, heap, &nheap, (uint32_t)i);
	}
	while (nheap) {
		uint32_t c = heap_pop(h, heap, &nheap);
		const struct commit *cm = &h->commits[c];

		h->order[k++] = c;
		for (uint32_t e = 0; e < cm->nchildren; e++) {
			uint32_t ch = h->edges[cm->child_off + e];

			if (--indeg[ch] == 0)
				heap_push(h, heap, &nheap, ch);
		}
	}
	free(indeg);
	free(heap);
	return 0;
}

int kl_history__graph(struct kl_history *h)
{
	struct parents ps = {{NULL, 0, 0}, NULL, 0};
	int rc;

	if ((rc = kl_map_new(&h->commit_index)) ||
	    (rc = kl_map_new(&h->hidden)) || (rc = mark_hidden(h)) ||
	    (rc = read_commits(h, &ps)) || (rc = index_commits(h)) ||
	    (rc = link_parents(h, &ps)) || (rc = link_children(h)))
		goto done;
	rc = order_commits(h);
done:
	free(ps.pids.v);
	free(ps.poff);
	return rc;
}

int kl_history__reachable(const struct kl_ledger *l, uint32_t c,
                          struct kl_strv *refs)
{
	const struct kl_history *h = l->ud;
	uint8_t *mark = calloc(h->ncommits ? h->ncommits : 1, 1);
	uint32_t *queue = calloc(h->ncommits ? h->ncommits : 1, sizeof(*queue));
	size_t head = 0, n = 0;
	int rc = 0;

	if (!mark || !queue) {
		rc = KL_ENOMEM;
		goto done;
	}
	mark[c] = 1;
	queue[n++] = c;
	while (head < n) {
		const struct commit *cm = &h->commits[queue[head++]];

		for (uint32_t e = 0; e < cm->nchildren; e++) {
			uint32_t ch = h->edges[cm->child_off + e];

			if (!mark[ch]) {
				mark[ch] = 1;
				queue[n++] = ch;
			}
		}
	}
	for (size_t i = 0; i < h->nrefs && !rc; i++) {
		const struct ref *ref = &h->refs[i];
		uint64_t tip;
		bool yes;

		if (kl_map_get(h->commit_index, ref->tip.id, GIT_OID_RAWSZ,
		               &tip))
			yes = mark[tip];
		else
			yes = git_graph_descendant_of(h->repo, &ref->tip,
			                              &h->commits[c].id) == 1;
		if (yes)
			rc = kl_strv_push(refs, ref->name);
	}
done:
	free(mark);
	free(queue);
	return rc;
}

int kl_history__commit_info(const struct kl_ledger *l, uint32_t c,
                            struct kl_commit_info *ci)
{
	const struct kl_history *h = l->ud;
	git_commit *commit = NULL;
	const git_signature *a;
	const char *summary;
	struct tm tm;
	time_t t;

	memset(ci, 0, sizeof(*ci));
	git_oid_tostr(ci->id, sizeof(ci->id), &h->commits[c].id);
	if (git_commit_lookup(&commit, h->repo, &h->commits[c].id) < 0)
		return 0;
	a = git_commit_author(commit);
	t = a ? (time_t)a->when.time : (time_t)h->commits[c].time;
	if (gmtime_r(&t, &tm))
		strftime(ci->date, sizeof(ci->date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	summary = git_commit_summary(commit);
	ci->author = strdup(a && a->name ? a->name : "");
	ci->email = strdup(a && a->email ? a->email : "");
	ci->summary = strdup(summary ? summary : "");
	git_commit_free(commit);
	if (!ci->author || !ci->email || !ci->summary) {
		free(ci->author);
		free(ci->email);
		free(ci->summary);
		return KL_ENOMEM;
	}
	return 0;
}
