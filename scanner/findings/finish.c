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
	struct kl_findings *dropped; /* --explain: what the ignores drop */
	int dropped_rc;
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

/* Which of .keylintignore, the baseline or .gitleaksignore knows f
 * (KL_VERDICT_KEPT: none).  With --explain, what they drop is kept. */
static enum kl_verdict ignored(struct kl_finish *fin,
                               const struct kl_finding *f)
{
	enum kl_verdict v = KL_VERDICT_KEPT;
	size_t at;

	switch (kl_ignore_match(fin->ignore, f->rule->id, f->path, f->digest)) {
	case KL_IGNORED_FILE:
		v = KL_VERDICT_IGNORE_FILE;
		break;
	case KL_IGNORED_BASELINE:
		v = KL_VERDICT_BASELINE;
		break;
	default:
		if (fin->gitleaks &&
		    kl_gitleaksignore_matches(fin->gitleaks, f->rule->id,
		                              f->path, f->line,
		                              f->commit ? f->commit->id : NULL))
			v = KL_VERDICT_GITLEAKSIGNORE;
	}
	if (v == KL_VERDICT_KEPT || !fin->dropped || fin->dropped_rc)
		return v;
	at = fin->dropped->n;
	fin->dropped_rc = kl_findings_add_copy(fin->dropped, f, NULL);
	if (!fin->dropped_rc)
		fin->dropped->v[at].verdict = v;
	return v;
}

void kl_finish_explain(struct kl_finish *fin, struct kl_findings *dropped)
{
	fin->dropped = dropped;
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
	*keep = !rc && ignored(fin, f) == KL_VERDICT_KEPT;
	return rc ? rc : fin->dropped_rc;
}

static bool not_ignored(const struct kl_finding *f, void *ud)
{
	return ignored(ud, f) == KL_VERDICT_KEPT;
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
	if (fin->dropped) {
		kl_findings_sort(fin->dropped);
		kl_findings_dedupe(fin->dropped);
	}
	return fin->dropped_rc;
}

size_t kl_finish_gated(const struct kl_findings *fs, enum kl_severity min)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		n += fs->v[i].severity >= min;
	return n;
}
