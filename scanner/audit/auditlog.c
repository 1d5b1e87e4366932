/*
 * auditlog: records kept per repository as parsed JSON, sorted by
 * repository name when rendered; reuse groups rebuilt from the findings
 * records with the reuse module, each finding standing in by its hash,
 * shown secret, repository, application and path.
 */
#include "auditlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reuse.h"

struct block {
	char *name;
	cJSON **recs;
	size_t n, alloc;
};

struct kl_auditlog {
	struct block *v;
	size_t n, alloc;
};

int kl_auditlog_new(struct kl_auditlog **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : KL_ENOMEM;
}

void kl_auditlog_free(struct kl_auditlog *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		for (size_t k = 0; k < l->v[i].n; k++)
			cJSON_Delete(l->v[i].recs[k]);
		free(l->v[i].recs);
		free(l->v[i].name);
	}
	free(l->v);
	free(l);
}

static const char *str_of(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static struct block *find(const struct kl_auditlog *l, const char *name)
{
	/* Records of one repository come together: look at the last block
	 * first. */
	for (size_t i = l->n; i-- > 0;)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

bool kl_auditlog_has(const struct kl_auditlog *l, const char *name)
{
	return find(l, name) != NULL;
}

int kl_auditlog_add(struct kl_auditlog *l, cJSON *rec)
{
	const char *name = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(rec, "repository"));
	struct block *b;

	if (!name) {
		cJSON_Delete(rec);
		return KL_EINVAL;
	}
	if (!(b = find(l, name))) {
		if (KL_ALLOC_GROW(l->v, l->n + 1, l->alloc))
			goto nomem;
		b = &l->v[l->n];
		memset(b, 0, sizeof(*b));
		if (!(b->name = strdup(name)))
			goto nomem;
		l->n++;
	}
	if (KL_ALLOC_GROW(b->recs, b->n + 1, b->alloc))
		goto nomem;
	b->recs[b->n++] = rec;
	return 0;
nomem:
	cJSON_Delete(rec);
	return KL_ENOMEM;
}

int kl_auditlog_load(struct kl_auditlog *l, const char *data, size_t len,
                     const char *origin, struct kl_buf *err)
{
	size_t before = l->n, lineno = 0;
	const char *p = data, *end = data + len;
	int rc = 0;

	while (!rc && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *name;
		struct block *b;
		cJSON *rec;

		lineno++;
		rec = n ? cJSON_ParseWithLength(p, n) : NULL;
		p += n + 1;
		if (!n)
			continue;
		name = cJSON_IsObject(rec) ? str_of(rec, "repository") : NULL;
		if (!name && rec &&
		    (cJSON_GetObjectItemCaseSensitive(rec, "audit") ||
		     cJSON_GetObjectItemCaseSensitive(rec, "reuse"))) {
			cJSON_Delete(rec);
			continue;
		}
		if (!name) {
			cJSON_Delete(rec);
			kl_buf_printf(err,
			              "%s:%zu: not a record of an audit "
			              "report",
			              origin, lineno);
			return KL_EINVAL;
		}
		b = find(l, name);
		if (b && (size_t)(b - l->v) < before) {
			cJSON_Delete(rec);
			continue;
		}
		rc = kl_auditlog_add(l, rec);
	}
	return rc;
}

static int cmp_block(const void *a, const void *b)
{
	return strcmp(((const struct block *)a)->name,
	              ((const struct block *)b)->name);
}

static int put_line(struct kl_buf *out, const cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o);
	int rc;

	if (!s)
		return KL_ENOMEM;
	rc = kl_buf_puts(out, s);
	cJSON_free(s);
	return rc ? rc : kl_buf_putc(out, '\n');
}

/* A finding record as the reuse module sees a finding: the strings are
 * borrowed from the record, which outlives the groups. */
static void stand_in(struct kl_finding *f, const cJSON *rec)
{
	const char *hash = str_of(rec, "secret_hash");
	const char *secret = str_of(rec, "secret");

	memset(f, 0, sizeof(*f));
	snprintf(f->secret_hash, sizeof(f->secret_hash), "%s",
	         hash ? hash : "");
	f->secret = (char *)(secret ? secret : "");
	f->secret_len = strlen(f->secret);
	f->repository = (char *)str_of(rec, "repository");
	f->application = (char *)str_of(rec, "application");
	f->path = (char *)str_of(rec, "path");
}

static cJSON *group_json(const struct kl_reuse_group *g)
{
	cJSON *line = cJSON_CreateObject(), *o, *places, *p;

	if (!line || !(o = cJSON_AddObjectToObject(line, "reuse")) ||
	    !cJSON_AddStringToObject(o, "secret_hash", g->first->secret_hash) ||
	    !cJSON_AddStringToObject(o, "secret", g->first->secret) ||
	    !(places = cJSON_AddArrayToObject(o, "places")))
		goto fail;
	for (size_t i = 0; i < g->n; i++) {
		const struct kl_reuse_place *pl = &g->places[i];

		if (!(p = cJSON_CreateObject()) ||
		    !cJSON_AddItemToArray(places, p) ||
		    !cJSON_AddStringToObject(p, "repository",
		                             pl->repository ? pl->repository
		                                            : "") ||
		    !cJSON_AddStringToObject(p, "application",
		                             pl->application ? pl->application
		                                             : "") ||
		    !cJSON_AddStringToObject(p, "path",
		                             pl->path ? pl->path : ""))
			goto fail;
	}
	return line;
fail:
	cJSON_Delete(line);
	return NULL;
}

/* The findings of every block, as stand-ins, with totals. */
static int collect(const struct kl_auditlog *l, enum kl_severity min,
                   struct kl_findings *fs, struct kl_auditlog_counts *c)
{
	for (size_t i = 0; i < l->n; i++) {
		c->repositories++;
		for (size_t k = 0; k < l->v[i].n; k++) {
			const cJSON *r = l->v[i].recs[k];
			enum kl_severity sev;
			const char *s;

			if (str_of(r, "error"))
				c->failed++;
			if (!str_of(r, "rule_id"))
				continue;
			if (KL_ALLOC_GROW(fs->v, fs->n + 1, fs->alloc))
				return KL_ENOMEM;
			stand_in(&fs->v[fs->n++], r);
			c->findings++;
			s = str_of(r, "severity");
			if (s && !kl_severity_parse(s, &sev) && sev >= min)
				c->gated++;
		}
	}
	return 0;
}

static int header(struct kl_buf *out, const struct kl_auditlog_counts *c)
{
	cJSON *o = cJSON_CreateObject(), *tool, *audit;
	int rc = KL_ENOMEM;

	if (o && (tool = cJSON_AddObjectToObject(o, "tool")) &&
	    cJSON_AddStringToObject(tool, "name", "keylint") &&
	    cJSON_AddStringToObject(tool, "version", KEYLINT_VERSION) &&
	    (audit = cJSON_AddObjectToObject(o, "audit")) &&
	    cJSON_AddNumberToObject(audit, "repositories",
	                            (double)c->repositories) &&
	    cJSON_AddNumberToObject(audit, "failed", (double)c->failed) &&
	    cJSON_AddNumberToObject(audit, "findings", (double)c->findings) &&
	    cJSON_AddNumberToObject(audit, "reuse", (double)c->reuse))
		rc = put_line(out, o);
	cJSON_Delete(o);
	return rc;
}

int kl_auditlog_each(struct kl_auditlog *l,
                     int (*fn)(const cJSON *rec, void *ud), void *ud)
{
	int rc = 0;

	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp_block);
	for (size_t i = 0; !rc && i < l->n; i++)
		for (size_t k = 0; !rc && k < l->v[i].n; k++)
			rc = fn(l->v[i].recs[k], ud);
	return rc;
}

int kl_auditlog_render(struct kl_auditlog *l, enum kl_severity min,
                       struct kl_buf *out, struct kl_auditlog_counts *counts)
{
	struct kl_findings fs = KL_FINDINGS_INIT;
	struct kl_auditlog_counts c = {0};
	struct kl_reuse reuse = {0};
	int rc;

	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp_block);
	if ((rc = collect(l, min, &fs, &c)) ||
	    (rc = kl_reuse_build(&fs, &reuse)))
		goto done;
	c.reuse = reuse.n;
	if ((rc = header(out, &c)))
		goto done;
	for (size_t i = 0; !rc && i < l->n; i++)
		for (size_t k = 0; !rc && k < l->v[i].n; k++)
			rc = put_line(out, l->v[i].recs[k]);
	for (size_t i = 0; !rc && i < reuse.n; i++) {
		cJSON *g = group_json(&reuse.v[i]);

		rc = g ? put_line(out, g) : KL_ENOMEM;
		cJSON_Delete(g);
	}
	if (counts)
		*counts = c;
done:
	kl_reuse_free(&reuse);
	/* The stand-ins borrow everything: free only the array. */
	free(fs.v);
	return rc;
}
