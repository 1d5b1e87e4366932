/*
 * finish: client-side classification, applications and ignores, then
 * order.
 */
#include "finish.h"

#include <stdlib.h>

struct kl_finish {
	struct kl_clientside *cs;
	struct kl_apps *apps;
	struct kl_ignore *ignore;
	const struct kl_gitleaksignore *gitleaks;
};

int kl_finish_new(struct kl_finish **out, const struct kl_config *cfg,
                  struct kl_ignore *ig, kl_clientside_read_fn read, void *ud)
{
	struct kl_finish *fin = calloc(1, sizeof(*fin));

	*out = NULL;
	if (!fin || kl_clientside_new(&fin->cs, cfg, read, ud) ||
	    kl_apps_new(&fin->apps, read, ud)) {
		kl_finish_free(fin);
		return KL_ENOMEM;
	}
	fin->ignore = ig;
	*out = fin;
	return 0;
}

void kl_finish_gitleaksignore(struct kl_finish *fin,
                              const struct kl_gitleaksignore *g)
{
	fin->gitleaks = g && g->n ? g : NULL;
}

/* Whether .keylintignore, the baseline or .gitleaksignore knows f. */
static bool ignored(const struct kl_finish *fin, const struct kl_finding *f)
{
	if (kl_ignore_match(fin->ignore, f->rule->id, f->path, f->digest))
		return true;
	return fin->gitleaks && kl_gitleaksignore_matches(
	                            fin->gitleaks, f->rule->id, f->path,
	                            f->line, f->commit ? f->commit->id : NULL);
}

void kl_finish_free(struct kl_finish *fin)
{
	if (!fin)
		return;
	kl_clientside_free(fin->cs);
	kl_apps_free(fin->apps);
	free(fin);
}

int kl_finish_one(struct kl_finish *fin, struct kl_finding *f, bool *keep)
{
	int rc = kl_clientside_classify(fin->cs, f);

	if (!rc)
		rc = kl_apps_classify(fin->apps, f);
	*keep = !rc && !ignored(fin, f);
	return rc;
}

static bool not_ignored(const struct kl_finding *f, void *ud)
{
	const struct kl_finish *fin = ud;

	return !ignored(fin, f);
}

int kl_finish_all(struct kl_finish *fin, struct kl_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		int rc = kl_clientside_classify(fin->cs, &fs->v[i]);

		if (!rc)
			rc = kl_apps_classify(fin->apps, &fs->v[i]);
		if (rc)
			return rc;
	}
	kl_findings_filter(fs, not_ignored, fin);
	kl_findings_sort(fs);
	kl_findings_dedupe(fs);
	return 0;
}

size_t kl_finish_gated(const struct kl_findings *fs, enum kl_severity min)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		n += fs->v[i].severity >= min;
	return n;
}
