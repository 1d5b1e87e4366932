/*
 * main: the keylint command.  It parses arguments, runs the command,
 * prints the report, the errors and warnings for people, and maps the
 * outcome to the exit codes of the README: 0 clean, 1 findings (or
 * --exit-code), 2 usage/config/rule error, 3 the scan could not complete
 * and found nothing.  It is the only place that decides an exit code; the
 * runner draws the progress line.
 */
#include <cjson/cJSON.h>
#include <git2.h>
#include <pcre2.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "config.h"
#include "report.h"
#include "report_json.h"
#include "scan.h"
#include "text.h"

enum {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_USAGE = 2,
	EXIT_INCOMPLETE = 3,
};

/* "keylint: PREFIX MESSAGE", escaped: messages may quote file names, which
 * must not drive the terminal. */
static void say(const char *prefix, const char *msg)
{
	struct kl_buf safe = KL_BUF_INIT;

	kl_text_escape_terminal(&safe, msg, strlen(msg));
	fprintf(stderr, "keylint: %s%s\n", prefix, safe.ptr ? safe.ptr : msg);
	kl_buf_free(&safe);
}

static void error_line(const struct kl_buf *err, const char *fallback)
{
	say("", err->len ? err->ptr : fallback);
}

static int cmd_version(void)
{
	PCRE2_UCHAR pcre[64] = "";
	int maj = 0, min = 0, rev = 0;

	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	git_libgit2_version(&maj, &min, &rev);
	printf("keylint %s (pcre2 %s, libgit2 %d.%d.%d, cjson %s)\n",
	       KEYLINT_VERSION, (const char *)pcre, maj, min, rev,
	       cJSON_Version());
	return EXIT_CLEAN;
}

static cJSON *rule_json(const struct kl_rule *r)
{
	cJSON *o = cJSON_CreateObject(), *kw, *tags;

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "id", r->id);
	kl_report_json_add_bytes(o, "description", r->description,
	                         strlen(r->description));
	cJSON_AddStringToObject(o, "severity", kl_severity_name(r->severity));
	kl_report_json_add_bytes(o, "regex", r->regex, strlen(r->regex));
	kw = cJSON_AddArrayToObject(o, "keywords");
	for (size_t k = 0; kw && k < r->keywords.n; k++)
		cJSON_AddItemToArray(kw, cJSON_CreateString(r->keywords.v[k]));
	tags = cJSON_AddArrayToObject(o, "tags");
	for (size_t k = 0; tags && k < r->tags.n; k++)
		cJSON_AddItemToArray(tags, cJSON_CreateString(r->tags.v[k]));
	cJSON_AddStringToObject(o, "origin", r->origin);
	return o;
}

static int list_rules(const struct kl_ruleset *rs, enum kl_format format)
{
	struct kl_buf out = KL_BUF_INIT;
	cJSON *arr;
	char *s;

	if (format == KL_FORMAT_JSON) {
		arr = cJSON_CreateArray();
		for (size_t i = 0; arr && i < rs->nrules; i++)
			if (!rs->rules[i].disabled)
				cJSON_AddItemToArray(arr,
				                     rule_json(&rs->rules[i]));
		s = arr ? cJSON_Print(arr) : NULL;
		cJSON_Delete(arr);
		if (!s)
			return EXIT_USAGE;
		printf("%s\n", s);
		cJSON_free(s);
		return EXIT_CLEAN;
	}
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct kl_rule *r = &rs->rules[i];

		if (r->disabled)
			continue;
		kl_buf_clear(&out);
		kl_text_escape_terminal(&out, r->description,
		                        strlen(r->description));
		printf("%-44s %-8s %s\n", r->id, kl_severity_name(r->severity),
		       out.ptr ? out.ptr : "");
	}
	printf("%zu rules\n", rs->nenabled);
	kl_buf_free(&out);
	return EXIT_CLEAN;
}

/* rules --check: compile every regex, then run every example. */
static int check_rules(struct kl_ruleset *rs, const struct kl_config *cfg)
{
	struct kl_buf err = KL_BUF_INIT, out = KL_BUF_INIT;
	size_t failures, examples = 0;
	int code = EXIT_USAGE;

	/* Built-in regexes are compiled on first use; a check compiles and
	 * validates all of them now. */
	if (kl_rules_compile_all(rs, &err)) {
		error_line(&err, "cannot compile rules");
		goto done;
	}
	failures = kl_check_rules(rs, cfg, &out);
	for (size_t i = 0; i < rs->nrules; i++)
		if (!rs->rules[i].disabled)
			examples +=
			    rs->rules[i].positive.n + rs->rules[i].negative.n;
	if (out.len)
		fputs(out.ptr, stderr);
	printf("checked %zu rules and %zu examples: %zu failure%s\n",
	       rs->nenabled, examples, failures, failures == 1 ? "" : "s");
	code = failures ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	kl_buf_free(&err);
	kl_buf_free(&out);
	return code;
}

static int cmd_rules(struct kl_cli *cli)
{
	struct kl_options *o = &cli->opts;
	struct kl_config cfg = KL_CONFIG_INIT;
	struct kl_ruleset *rs = NULL;
	struct kl_buf err = KL_BUF_INIT;
	int code = EXIT_USAGE, rc = 0;

	if (cli->rules_check && cli->nrule_args) {
		/* Check exactly the named files, without a config. */
		o->no_default_rules = true;
		o->rule_files = cli->rule_args;
		o->nrule_files = cli->nrule_args;
	} else if (o->config) {
		rc = kl_config_load_file(&cfg, o->config, false, &err);
	} else {
		rc = kl_config_load_file(&cfg, "./.keylint.json", true, &err);
	}
	if (rc || (rc = kl_config_build_rules(&cfg, o, &rs, &err))) {
		error_line(&err, "cannot load rules");
		goto done;
	}
	code = cli->rules_check ? check_rules(rs, &cfg)
	                        : list_rules(rs, o->format);
done:
	kl_rules_free(rs);
	kl_config_release(&cfg);
	kl_buf_free(&err);
	return code;
}

static int cmd_scan(struct kl_cli *cli)
{
	const struct kl_options *o = &cli->opts;
	struct kl_buf err = KL_BUF_INIT;
	const struct kl_report *rep;
	struct kl_scan *scan = NULL;
	int rc, code = EXIT_USAGE;

	if ((rc = kl_scan_new(&scan, o, &err))) {
		error_line(&err, "cannot start the scan");
		code = rc == KL_EREPO ? EXIT_INCOMPLETE : EXIT_USAGE;
		goto done;
	}
	rc = kl_scan_run(scan, &err);
	rep = kl_scan_report(scan);
	for (size_t i = 0; !o->quiet && i < rep->warnings.n; i++)
		say("warning: ", rep->warnings.v[i]);
	code = EXIT_INCOMPLETE;
	if (rc && !rep->incomplete) {
		error_line(&err, "scan failed");
		goto done;
	}
	if (rc)
		error_line(&err, "the scan could not complete");
	kl_buf_clear(&err);
	if (kl_report_write(rep, o, &err)) {
		error_line(&err, "cannot write the report");
		goto done;
	}
	if (rep->gated)
		code = o->exit_code;
	else
		code = rep->incomplete ? EXIT_INCOMPLETE : EXIT_CLEAN;
done:
	kl_scan_free(scan);
	kl_buf_free(&err);
	return code;
}

/* libgit2 settings for the command about to run. */
static void tune_libgit2(const struct kl_cli *cli)
{
	/* Git's own readers do not rehash objects either: zlib's checksum
	 * already catches damaged data, and rehashing every blob with
	 * collision-detecting SHA-1 cost a fifth of a history scan. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* Memory stays bounded by the number of objects, not their bytes:
	 * libgit2 caches no blobs by default and commits get a small cache. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)(16 << 20));
	if (cli->opts.trust_repo)
		git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/* Pack files are read through mapped windows.  History touches every
	 * page of every pack, so it gets a window budget: mapped pages of a
	 * 1 GB pack would otherwise all count as ours.  Staged reads a few
	 * objects scattered over the pack, where a tight budget remapped the
	 * same windows hundreds of times; only touched pages count, so it
	 * keeps libgit2's roomy default. */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)(64 << 20));
	if (cli->command == KL_CMD_HISTORY) {
		git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT,
		                 (size_t)(160 << 20));
		/* History keeps the trees it compares itself (treediff.c);
		 * libgit2's cache of them only costs evictions there. */
		git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT,
		                 GIT_OBJECT_TREE, (size_t)0);
	}
}

int main(int argc, char **argv)
{
	struct kl_buf err = KL_BUF_INIT;
	struct kl_cli cli;
	int code = EXIT_USAGE;

	git_libgit2_init();
	if (kl_cli_parse(&cli, argc, argv, &err)) {
		error_line(&err, "bad arguments");
		goto done;
	}
	tune_libgit2(&cli);
	switch (cli.command) {
	case KL_CMD_HELP:
		fputs(kl_cli_help(cli.help_for), stdout);
		code = EXIT_CLEAN;
		break;
	case KL_CMD_VERSION:
		code = cmd_version();
		break;
	case KL_CMD_RULES:
		code = cmd_rules(&cli);
		break;
	default:
		code = cmd_scan(&cli);
		break;
	}
done:
	kl_buf_free(&err);
	kl_cli_release(&cli);
	git_libgit2_shutdown();
	return code;
}
