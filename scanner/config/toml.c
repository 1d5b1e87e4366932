/*
 * toml: recursive descent over the bytes, building the cJSON tree as it
 * goes.  TOML's rules on which table may be defined or extended where are
 * kept in a side table with one node per key, found through a hash table
 * on (parent node, key), so that lookups take constant time on the files
 * people write (keys built to collide in FNV-1a could make them linear,
 * still bounded by the input).  Recursion is bounded by KL_TOML_MAX_DEPTH.
 */
#include "toml.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "text.h"
#include "toml_int.h"

enum kind {
	K_VALUE,    /* a string, number, boolean or array written as a value */
	K_IMPLICIT, /* a table made by a header's path: [a.b] makes a */
	K_DEFINED,  /* a table with its own [header], or [[header]] */
	K_DOTTED,   /* a table made by a dotted key: a.b = 1 makes a */
	K_INLINE,   /* an inline table, closed once written */
	K_AOT,      /* an array of tables */
};

struct kl_toml_node {
	cJSON *json;     /* its key, if it has one, is json->string */
	uint32_t parent; /* UINT32_MAX: not under a key */
	uint32_t last;   /* K_AOT: the node of its last table */
	uint8_t kind;
	uint8_t depth;
};

/* A key as messages show it: printable ASCII kept, other bytes as '?'. */
static const char *shown(struct toml *t, const char *key)
{
	kl_buf_clear(&t->key);
	for (const char *k = key; *k && t->key.len < 80; k++)
		kl_buf_putc(&t->key, *k >= 0x20 && *k < 0x7f ? *k : '?');
	return t->key.ptr ? t->key.ptr : "";
}

static int node_new(struct toml *t, cJSON *json, enum kind kind, unsigned depth,
                    uint32_t parent, uint32_t *out)
{
	if (t->nnodes >= UINT32_MAX - 1 ||
	    KL_ALLOC_GROW(t->nodes, t->nnodes + 1, t->anodes))
		return KL_ENOMEM;
	t->nodes[t->nnodes] = (struct kl_toml_node){
	    json, parent, 0, (uint8_t)kind, (uint8_t)depth};
	*out = (uint32_t)t->nnodes++;
	return 0;
}

/* The hash of a key under its parent table. */
static uint64_t key_hash(uint32_t parent, const char *key)
{
	uint64_t h =
	    kl_hash_fnv1a(KL_FNV1A_BASIS ^ (parent * 0x9E3779B97F4A7C15ull),
	                  key, strlen(key));

	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDull;
	return h ^ (h >> 33);
}

/* The slot of (parent, key): the one holding it, or the empty one where
 * it would go.  Slots hold node index + 1; 0 is empty. */
static size_t slot_of(const struct toml *t, uint32_t parent, const char *key)
{
	size_t i = key_hash(parent, key) & (t->cap - 1);

	for (; t->slots[i]; i = (i + 1) & (t->cap - 1)) {
		const struct kl_toml_node *n = &t->nodes[t->slots[i] - 1];

		if (n->parent == parent && strcmp(n->json->string, key) == 0)
			break;
	}
	return i;
}

/* Make room for one more key: the table stays under 70% full. */
static int slots_grow(struct toml *t)
{
	uint32_t *old = t->slots;
	size_t ocap = t->cap;

	if (t->used + 1 <= t->cap / 10 * 7)
		return 0;
	if (!(t->slots =
	          calloc(t->cap = ocap ? ocap * 2 : 64, sizeof(*t->slots)))) {
		t->slots = old;
		t->cap = ocap;
		return KL_ENOMEM;
	}
	for (size_t i = 0; i < ocap; i++) {
		const struct kl_toml_node *n;

		if (!old[i])
			continue;
		n = &t->nodes[old[i] - 1];
		t->slots[slot_of(t, n->parent, n->json->string)] = old[i];
	}
	free(old);
	return 0;
}

static int node_find(struct toml *t, uint32_t parent, const char *key,
                     bool *found, uint32_t *out)
{
	size_t i;

	*found = false;
	if (!t->cap)
		return 0;
	i = slot_of(t, parent, key);
	*found = t->slots[i] != 0;
	*out = *found ? t->slots[i] - 1 : 0;
	return 0;
}

/* Add json under key to the table `parent` with a node of this kind; the
 * tree owns json afterwards, also on failure.  The caller has checked that
 * the key is new. */
static int node_add(struct toml *t, uint32_t parent, const char *key,
                    cJSON *json, enum kind kind, const char *at, uint32_t *out)
{
	unsigned depth = t->nodes[parent].depth + 1u;
	int rc;

	if (!json)
		return KL_ENOMEM;
	if (depth > KL_TOML_MAX_DEPTH) {
		cJSON_Delete(json);
		return kl_toml__fail(t, at,
		                     "tables and arrays nest deeper than %d",
		                     KL_TOML_MAX_DEPTH);
	}
	if (!cJSON_AddItemToObject(t->nodes[parent].json, key, json)) {
		cJSON_Delete(json);
		return KL_ENOMEM;
	}
	if ((rc = slots_grow(t)) ||
	    (rc = node_new(t, json, kind, depth, parent, out)))
		return rc;
	t->slots[slot_of(t, parent, key)] = *out + 1;
	t->used++;
	return 0;
}

/* ---- keys ---- */

static void path_clear(struct kl_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	sv->n = 0;
}

/* A key, dotted or not, into t->path. */
static int read_key(struct toml *t)
{
	int rc;

	path_clear(&t->path);
	for (;;) {
		const char *at = t->p, *s = t->p;
		int c = kl_toml__peek(t);

		if (c == '"' || c == '\'') {
			if (kl_toml__at(t, c == '"' ? "\"\"\"" : "'''"))
				return kl_toml__fail(t, at,
				                     "a key cannot be a "
				                     "multi-line string");
			if ((rc = kl_toml__string(t)) ||
			    (rc = kl_strv_push(&t->path, t->str.ptr)))
				return rc;
		} else if (kl_toml__is_bare(c)) {
			while (kl_toml__is_bare(kl_toml__peek(t)))
				t->p++;
			if ((rc = kl_strv_pushn(&t->path, s,
			                        (size_t)(t->p - s))))
				return rc;
		} else {
			return kl_toml__fail(t, at, "expected a key");
		}
		if (t->path.n > KL_TOML_MAX_DEPTH)
			return kl_toml__fail(t, at,
			                     "a key of more than %d parts",
			                     KL_TOML_MAX_DEPTH);
		kl_toml__skip_ws(t);
		if (kl_toml__peek(t) != '.')
			return 0;
		t->p++;
		kl_toml__skip_ws(t);
	}
}

/* ---- values ---- */

static int value(struct toml *t, cJSON *array, unsigned depth, uint32_t table,
                 const char *key);

/* Put a new value in place: appended to `array`, or under `key` in the
 * table node `table`.  The tree owns json afterwards. */
static int place(struct toml *t, cJSON *array, unsigned depth, uint32_t table,
                 const char *key, cJSON *json, enum kind kind, const char *at,
                 uint32_t *node)
{
	uint32_t unused;

	if (!array)
		return node_add(t, table, key, json, kind, at,
		                node ? node : &unused);
	if (!json)
		return KL_ENOMEM;
	if (!cJSON_AddItemToArray(array, json)) {
		cJSON_Delete(json);
		return KL_ENOMEM;
	}
	return node ? node_new(t, json, kind, depth, UINT32_MAX, node) : 0;
}

static int keyval(struct toml *t, uint32_t table);

/* The body of an inline table, t->p at '{'. */
static int inline_table(struct toml *t, uint32_t node)
{
	int rc;

	t->p++;
	kl_toml__skip_ws(t);
	if (kl_toml__peek(t) == '}') {
		t->p++;
		return 0;
	}
	for (;;) {
		if ((rc = keyval(t, node)))
			return rc;
		kl_toml__skip_ws(t);
		if (kl_toml__peek(t) == '}') {
			t->p++;
			return 0;
		}
		if (kl_toml__peek(t) != ',')
			return kl_toml__fail(t, t->p,
			                     "expected ',' or '}' in an inline "
			                     "table");
		t->p++;
		kl_toml__skip_ws(t);
		if (kl_toml__peek(t) == '}')
			return kl_toml__fail(t, t->p,
			                     "trailing comma in an inline "
			                     "table");
	}
}

/* The elements of an array, t->p at '['. */
static int array_body(struct toml *t, cJSON *json, unsigned depth)
{
	int rc;

	t->p++;
	for (;;) {
		if ((rc = kl_toml__skip_space(t)))
			return rc;
		if (kl_toml__peek(t) == ']') {
			t->p++;
			return 0;
		}
		if ((rc = value(t, json, depth + 1, 0, NULL)) ||
		    (rc = kl_toml__skip_space(t)))
			return rc;
		if (kl_toml__peek(t) == ']') {
			t->p++;
			return 0;
		}
		if (kl_toml__peek(t) != ',')
			return kl_toml__fail(t, t->p,
			                     "expected ',' or ']' in an array");
		t->p++;
	}
}

/* A value at t->p, placed in `array` or under `key` in node `table`. */
static int value(struct toml *t, cJSON *array, unsigned depth, uint32_t table,
                 const char *key)
{
	const char *at = t->p;
	cJSON *json = NULL;
	uint32_t node;
	int c = kl_toml__peek(t), rc;

	if (!array)
		depth = t->nodes[table].depth + 1u;
	if (depth > KL_TOML_MAX_DEPTH)
		return kl_toml__fail(t, at,
		                     "tables and arrays nest deeper than %d",
		                     KL_TOML_MAX_DEPTH);
	if (c == '{') {
		if ((rc = place(t, array, depth, table, key,
		                cJSON_CreateObject(), K_INLINE, at, &node)) ||
		    (rc = inline_table(t, node)))
			return rc;
		t->nodes[node].kind = K_INLINE;
		return 0;
	}
	if (c == '[') {
		json = cJSON_CreateArray();
		if ((rc = place(t, array, depth, table, key, json, K_VALUE, at,
		                NULL)))
			return rc;
		return array_body(t, json, depth);
	}
	if (c == '"' || c == '\'') {
		if ((rc = kl_toml__string(t)))
			return rc;
		json = cJSON_CreateString(t->str.ptr);
	} else if ((rc = kl_toml__scalar(t, &json))) {
		return rc;
	}
	return place(t, array, depth, table, key, json, K_VALUE, at, NULL);
}

/* ---- keys and values, headers, the document ---- */

/* key = value into the table node `table`; dotted keys make (or extend)
 * tables that dotted keys made. */
static int keyval(struct toml *t, uint32_t table)
{
	const char *at = t->p;
	uint32_t cur = table, next;
	char *last = NULL;
	bool found;
	int rc;

	if ((rc = read_key(t)))
		return rc;
	for (size_t i = 0; i + 1 < t->path.n; i++) {
		const char *k = t->path.v[i];

		if ((rc = node_find(t, cur, k, &found, &next)))
			return rc;
		if (!found)
			rc = node_add(t, cur, k, cJSON_CreateObject(), K_DOTTED,
			              at, &next);
		else if (t->nodes[next].kind != K_DOTTED)
			rc = kl_toml__fail(
			    t, at,
			    "key \"%s\" is already defined; a dotted "
			    "key cannot add to it",
			    shown(t, k));
		if (rc)
			return rc;
		cur = next;
	}
	if ((rc = node_find(t, cur, t->path.v[t->path.n - 1], &found, &next)))
		return rc;
	if (found)
		return kl_toml__fail(t, at, "key \"%s\" is defined twice",
		                     shown(t, t->path.v[t->path.n - 1]));
	if (kl_toml__peek(t) != '=')
		return kl_toml__fail(t, t->p, "expected '=' after a key");
	t->p++;
	kl_toml__skip_ws(t);
	/* The value may hold inline tables, which read keys of their own. */
	if (!(last = strdup(t->path.v[t->path.n - 1])))
		return KL_ENOMEM;
	rc = value(t, NULL, 0, cur, last);
	free(last);
	return rc;
}

/* One part of a header's path above its last: into (or make) a table. */
static int header_step(struct toml *t, uint32_t cur, const char *k,
                       const char *at, uint32_t *next)
{
	bool found;
	int rc;

	if ((rc = node_find(t, cur, k, &found, next)))
		return rc;
	if (!found)
		return node_add(t, cur, k, cJSON_CreateObject(), K_IMPLICIT, at,
		                next);
	switch (t->nodes[*next].kind) {
	case K_IMPLICIT:
	case K_DEFINED:
	case K_DOTTED:
		return 0;
	case K_AOT:
		*next = t->nodes[*next].last;
		return 0;
	default:
		return kl_toml__fail(
		    t, at, "key \"%s\" is a value, not a table", shown(t, k));
	}
}

/* Append a table to the array of tables `aot`; it becomes current. */
static int aot_append(struct toml *t, uint32_t aot, const char *at,
                      uint32_t *cur)
{
	unsigned depth = t->nodes[aot].depth + 1u;
	cJSON *obj;
	int rc;

	if (depth > KL_TOML_MAX_DEPTH)
		return kl_toml__fail(t, at,
		                     "tables and arrays nest deeper than %d",
		                     KL_TOML_MAX_DEPTH);
	if (!(obj = cJSON_CreateObject()))
		return KL_ENOMEM;
	if (!cJSON_AddItemToArray(t->nodes[aot].json, obj)) {
		cJSON_Delete(obj);
		return KL_ENOMEM;
	}
	if ((rc = node_new(t, obj, K_DEFINED, depth, UINT32_MAX, cur)))
		return rc;
	t->nodes[aot].last = *cur;
	return 0;
}

/* [table] or [[array.of.tables]]: the table it names becomes current. */
static int header(struct toml *t, uint32_t *cur)
{
	const char *at = t->p, *k;
	bool aot = kl_toml__at(t, "[["), found;
	uint32_t node = 0, next;
	int rc;

	t->p += aot ? 2 : 1;
	kl_toml__skip_ws(t);
	if ((rc = read_key(t)))
		return rc;
	if (!kl_toml__at(t, aot ? "]]" : "]"))
		return kl_toml__fail(t, t->p,
		                     "expected '%s' to end a table header",
		                     aot ? "]]" : "]");
	t->p += aot ? 2 : 1;
	for (size_t i = 0; i + 1 < t->path.n; i++)
		if ((rc = header_step(t, node, t->path.v[i], at, &node)))
			return rc;
	k = t->path.v[t->path.n - 1];
	if ((rc = node_find(t, node, k, &found, &next)))
		return rc;
	if (aot) {
		if (!found && (rc = node_add(t, node, k, cJSON_CreateArray(),
		                             K_AOT, at, &next)))
			return rc;
		if (found && t->nodes[next].kind != K_AOT)
			return kl_toml__fail(
			    t, at,
			    "\"%s\" is already defined and is not an "
			    "array of tables",
			    shown(t, k));
		return aot_append(t, next, at, cur);
	}
	if (!found)
		return node_add(t, node, k, cJSON_CreateObject(), K_DEFINED, at,
		                cur);
	if (t->nodes[next].kind != K_IMPLICIT)
		return kl_toml__fail(t, at, "table \"%s\" is defined twice",
		                     shown(t, k));
	t->nodes[next].kind = K_DEFINED;
	*cur = next;
	return 0;
}

static int document(struct toml *t)
{
	uint32_t cur = 0;
	int rc;

	/* A byte order mark may open the file. */
	if (kl_toml__at(t, "\xEF\xBB\xBF"))
		t->p += 3;
	for (const char *q = t->p; q < t->end;) {
		size_t n = kl_text_utf8_seq((const unsigned char *)q,
		                            (size_t)(t->end - q));

		if (!n)
			return kl_toml__fail(t, q, "invalid UTF-8");
		q += n;
	}
	while (t->p < t->end) {
		kl_toml__skip_ws(t);
		if (t->p >= t->end)
			break;
		if (kl_toml__peek(t) == '[')
			rc = header(t, &cur);
		else if (kl_toml__peek(t) != '#' && !kl_toml__newline(t))
			rc = keyval(t, cur);
		else
			rc = 0;
		if (rc || (rc = kl_toml__end_of_line(t)))
			return rc;
	}
	return 0;
}

int kl_toml_parse(const char *origin, const char *data, size_t len, cJSON **out,
                  struct kl_buf *err)
{
	struct toml t = {.origin = origin,
	                 .start = data,
	                 .p = data,
	                 .end = data + len,
	                 .err = err,
	                 .key = KL_BUF_INIT,
	                 .str = KL_BUF_INIT,
	                 .path = KL_STRV_INIT};
	cJSON *root = cJSON_CreateObject();
	uint32_t node;
	int rc;

	*out = NULL;
	if (!root ||
	    (rc = node_new(&t, root, K_DEFINED, 0, UINT32_MAX, &node))) {
		rc = KL_ENOMEM;
		goto done;
	}
	if ((rc = document(&t)))
		goto done;
	*out = root;
	root = NULL;
done:
	if (rc == KL_ENOMEM) {
		kl_buf_clear(err);
		kl_buf_printf(err, "%s: out of memory", origin);
	}
	cJSON_Delete(root);
	free(t.slots);
	free(t.nodes);
	kl_buf_free(&t.key);
	kl_buf_free(&t.str);
	kl_strv_free(&t.path);
	return rc;
}
