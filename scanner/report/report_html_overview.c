/*
 * report_html_overview: the sections above the findings: the summary by
 * severity and rule, the reused secrets (first, as each needs a key of its
 * own before anything else is fixed), when the secrets were introduced,
 * and what is still at HEAD against what only history holds.  Markup only:
 * no inline style attributes (the policy allows the one style block).
 */
#include <stdlib.h>
#include <string.h>

#include "report_html_int.h"

static int cmp_rule(const void *a, const void *b)
{
	const struct kl_finding *x = *(const struct kl_finding *const *)a;
	const struct kl_finding *y = *(const struct kl_finding *const *)b;
	int c = strcmp(x->rule->id, y->rule->id);

	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Commit date, then commit, then the report's own order: the same
 * report gives the same timeline. */
static int cmp_date(const void *a, const void *b)
{
	const struct kl_finding *x = *(const struct kl_finding *const *)a;
	const struct kl_finding *y = *(const struct kl_finding *const *)b;
	int c = strcmp(x->commit->date, y->commit->date);

	if (!c)
		c = strcmp(x->commit->id, y->commit->id);
	return c ? c : (x < y ? -1 : x > y);
}

/* The findings (those with a commit, when commits) sorted by cmp; NULL
 * and h->rc set when out of memory.  *n: how many. */
static const struct kl_finding **sorted(struct kl_html *h, bool commits,
                                        int (*cmp)(const void *, const void *),
                                        size_t *n)
{
	const struct kl_findings *fs = &h->rep->findings;
	const struct kl_finding **v = malloc((fs->n ? fs->n : 1) * sizeof(*v));

	*n = 0;
	if (!v) {
		h->rc = h->rc ? h->rc : KL_ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < fs->n; i++)
		if (!commits || fs->v[i].commit)
			v[(*n)++] = &fs->v[i];
	qsort(v, *n, sizeof(*v), cmp);
	return v;
}

static void sev_cell(struct kl_html *h, enum kl_severity s)
{
	const char *name = kl_severity_name(s);

	kl_html_printf(h, "<td><span class=\"sev sev-%s\">%s</span></td>", name,
	               name);
}

static void by_rule(struct kl_html *h)
{
	size_t n, run = 1;
	const struct kl_finding **v = sorted(h, false, cmp_rule, &n);

	if (!v)
		return;
	kl_html_put(h, "<h3>By rule</h3>\n<table id=\"kl-by-rule\">\n"
	               "<tr><th>rule</th><th>description</th>"
	               "<th>severity</th><th>findings</th></tr>\n");
	for (size_t i = 0; i < n; i++, run++) {
		if (i + 1 < n && v[i + 1]->rule == v[i]->rule)
			continue;
		kl_html_put(h, "<tr><td><code>");
		kl_html_text(h, v[i]->rule->id);
		kl_html_put(h, "</code></td><td>");
		kl_html_text(h, v[i]->rule->description);
		kl_html_put(h, "</td>");
		sev_cell(h, v[i]->rule->severity);
		kl_html_printf(h, "<td class=\"n\">%zu</td></tr>\n", run);
		run = 0;
	}
	kl_html_put(h, "</table>\n");
	free(v);
}

void kl_html_summary(struct kl_html *h)
{
	const struct kl_findings *fs = &h->rep->findings;
	size_t by_sev[4] = {0}, head = 0, gone = 0;

	for (size_t i = 0; i < fs->n; i++) {
		by_sev[fs->v[i].severity]++;
		head += fs->v[i].commit && fs->v[i].present_at_head;
		gone += fs->v[i].commit && !fs->v[i].present_at_head;
	}
	kl_html_printf(h,
	               "<section id=\"summary\">\n<h2>Summary</h2>\n"
	               "<p><strong id=\"kl-total\">%zu</strong> %s",
	               fs->n, fs->n == 1 ? "finding" : "findings");
	if (h->rep->reuse.n)
		kl_html_printf(h, ", <strong>%zu</strong> reused %s",
		               h->rep->reuse.n,
		               h->rep->reuse.n == 1 ? "secret" : "secrets");
	if (h->rep->mode == KL_MODE_HISTORY)
		kl_html_printf(h,
		               "; <strong>%zu</strong> still at HEAD, "
		               "<strong>%zu</strong> only in history",
		               head, gone);
	kl_html_put(h, ".</p>\n");
	if (!fs->n) {
		kl_html_put(h, "</section>\n");
		return;
	}
	kl_html_put(h, "<h3>By severity</h3>\n<table id=\"kl-by-severity\">\n"
	               "<tr><th>severity</th><th>findings</th></tr>\n");
	for (int s = KL_SEV_CRITICAL; s >= KL_SEV_LOW; s--) {
		kl_html_put(h, "<tr>");
		sev_cell(h, (enum kl_severity)s);
		kl_html_printf(h, "<td class=\"n\">%zu</td></tr>\n", by_sev[s]);
	}
	kl_html_put(h, "</table>\n");
	by_rule(h);
	kl_html_put(h, "</section>\n");
}

static void place(struct kl_html *h, const struct kl_reuse_place *p)
{
	kl_html_put(h, "<tr><td>");
	kl_html_text(h, kl_html_repository(h, p->repository));
	kl_html_put(h, "</td><td class=\"path\">");
	if (p->application && *p->application)
		kl_html_text(h, p->application);
	else
		kl_html_put(h, p->application ? "(root)" : "");
	kl_html_put(h, "</td><td class=\"path\">");
	kl_html_text(h, p->path);
	kl_html_put(h, "</td></tr>\n");
}

void kl_html_reuse(struct kl_html *h)
{
	const struct kl_reuse *r = &h->rep->reuse;

	kl_html_put(h, "<section id=\"reuse\">\n<h2>Reused secrets</h2>\n");
	if (!r->n) {
		kl_html_put(h, "<p>No secret was found in more than one "
		               "application or repository.</p>\n</section>\n");
		return;
	}
	kl_html_put(h, "<p>One key in several applications or repositories: "
	               "give each its own key, then revoke the shared "
	               "one.</p>\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct kl_reuse_group *g = &r->v[i];

		kl_html_put(h,
		            "<div class=\"group\" data-kl-group>\n<h3><code>");
		kl_html_secret(h, g->first);
		kl_html_put(h, "</code> <span class=\"muted\">");
		kl_html_text(h, g->first->rule->id);
		kl_html_printf(h,
		               ", in %zu places</span></h3>\n<table>\n"
		               "<tr><th>repository</th><th>application</th>"
		               "<th>path</th></tr>\n",
		               g->n);
		for (size_t k = 0; k < g->n; k++)
			place(h, &g->places[k]);
		kl_html_put(h, "</table>\n</div>\n");
	}
	kl_html_put(h, "</section>\n");
}

/* Findings per month of their commit's date, as a table of meters. */
static void months(struct kl_html *h, const struct kl_finding **v, size_t n)
{
	size_t most = 0, run = 1;

	for (size_t i = 0; i < n; i++, run++) {
		if (i + 1 < n &&
		    !strncmp(v[i + 1]->commit->date, v[i]->commit->date, 7))
			continue;
		most = run > most ? run : most;
		run = 0;
	}
	kl_html_put(h, "<table id=\"kl-months\">\n<tr><th>month</th>"
	               "<th>introduced</th><th></th></tr>\n");
	run = 1;
	for (size_t i = 0; i < n; i++, run++) {
		if (i + 1 < n &&
		    !strncmp(v[i + 1]->commit->date, v[i]->commit->date, 7))
			continue;
		kl_html_put(h, "<tr><td>");
		kl_html_text_n(h, v[i]->commit->date,
		               strnlen(v[i]->commit->date, 7));
		kl_html_printf(h,
		               "</td><td class=\"n\">%zu</td><td><meter "
		               "min=\"0\" max=\"%zu\" value=\"%zu\">%zu</meter>"
		               "</td></tr>\n",
		               run, most, run, run);
		run = 0;
	}
	kl_html_put(h, "</table>\n");
}

void kl_html_timeline(struct kl_html *h)
{
	size_t n;
	const struct kl_finding **v;

	kl_html_put(h, "<section id=\"timeline\">\n<h2>When secrets were "
	               "introduced</h2>\n");
	if (h->rep->mode != KL_MODE_HISTORY) {
		kl_html_put(h, "<p>Only history scans (keylint history, "
		               "keylint audit) know when a secret came "
		               "in.</p>\n</section>\n");
		return;
	}
	if (!(v = sorted(h, true, cmp_date, &n)))
		return;
	if (!n)
		kl_html_put(h, "<p>No commit introduced a secret.</p>\n");
	else
		months(h, v, n);
	if (n)
		kl_html_put(h, "<ol id=\"kl-commits\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct kl_commit_info *c = v[i]->commit;

		if (!i || strcmp(c->id, v[i - 1]->commit->id)) {
			kl_html_put(h, "<li><time>");
			kl_html_text(h, c->date);
			kl_html_put(h, "</time> <code>");
			kl_html_text_n(h, c->id, strnlen(c->id, 12));
			kl_html_put(h, "</code> ");
			kl_html_text(h, c->author);
			kl_html_put(h, ": <q>");
			kl_html_text(h, c->summary);
			kl_html_put(h, "</q>\n<ul>\n");
		}
		kl_html_printf(h, "<li><span class=\"sev sev-%s\">%s</span> ",
		               kl_severity_name(v[i]->severity),
		               kl_severity_name(v[i]->severity));
		kl_html_put(h, "<code>");
		kl_html_text(h, v[i]->rule->id);
		kl_html_put(h, "</code> <span class=\"path\">");
		if (v[i]->repository) {
			kl_html_text(h, v[i]->repository);
			kl_html_put(h, ": ");
		}
		kl_html_text(h, v[i]->path);
		kl_html_put(h, "</span></li>\n");
		if (i + 1 == n || strcmp(c->id, v[i + 1]->commit->id))
			kl_html_put(h, "</ul></li>\n");
	}
	if (n)
		kl_html_put(h, "</ol>\n");
	kl_html_put(h, "</section>\n");
	free(v);
}

/* One row of the exposure tables. */
static void exposed(struct kl_html *h, const struct kl_finding *f)
{
	const struct kl_strv *where =
	    f->present_at_head ? &f->head_paths : &f->reachable_from;

	kl_html_put(h, "<tr>");
	sev_cell(h, f->severity);
	kl_html_put(h, "<td><code>");
	kl_html_text(h, f->rule->id);
	kl_html_put(h, "</code></td><td>");
	kl_html_text(h, kl_html_repository(h, f->repository));
	kl_html_put(h, "</td><td class=\"path\">");
	kl_html_text(h, f->path);
	kl_html_put(h, "</td><td>");
	for (size_t i = 0; i < where->n; i++) {
		kl_html_put(h, i ? ", <span class=\"path\">"
		                 : "<span class=\"path\">");
		kl_html_text(h, where->v[i]);
		kl_html_put(h, "</span>");
	}
	kl_html_put(h, "</td></tr>\n");
}

static void exposure_table(struct kl_html *h, bool at_head)
{
	const struct kl_findings *fs = &h->rep->findings;
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		n += fs->v[i].commit && fs->v[i].present_at_head == at_head;
	if (at_head)
		kl_html_printf(h,
		               "<h3>Still at HEAD (%zu)</h3>\n<p>Anyone with "
		               "the code has these: rotate each, then take it "
		               "out of the code.</p>\n",
		               n);
	else
		kl_html_printf(h,
		               "<h3>To purge from history (%zu)</h3>\n<p>Gone "
		               "from HEAD but still in every clone: rotate "
		               "each, then rewrite the history that holds it "
		               "(git filter-repo) and force-push the refs "
		               "listed.</p>\n",
		               n);
	if (!n)
		return;
	kl_html_printf(h,
	               "<table id=\"kl-%s\">\n<tr><th>severity</th>"
	               "<th>rule</th><th>repository</th><th>path</th>"
	               "<th>%s</th></tr>\n",
	               at_head ? "at-head" : "purge",
	               at_head ? "at HEAD in" : "reachable from");
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].commit && fs->v[i].present_at_head == at_head)
			exposed(h, &fs->v[i]);
	kl_html_put(h, "</table>\n");
}

void kl_html_exposure(struct kl_html *h)
{
	kl_html_put(h, "<section id=\"exposure\">\n<h2>At HEAD and in "
	               "history</h2>\n");
	if (h->rep->mode != KL_MODE_HISTORY) {
		kl_html_put(h, "<p>Only a history scan tells what is still "
		               "at HEAD from what only history holds: every "
		               "finding here is in what was scanned, as it is "
		               "now.</p>\n</section>\n");
		return;
	}
	exposure_table(h, true);
	exposure_table(h, false);
	kl_html_put(h, "</section>\n");
}
