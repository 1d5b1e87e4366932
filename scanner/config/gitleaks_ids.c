/*
 * gitleaks_ids: the table.  It was built by scanning the positive examples
 * of each gitleaks rule (../shared/peer-dev/corpus/gitleaks/RULE/pos) with
 * keylint, noting which rules report them, and reading both rules' regexes
 * to tell "the same secrets" from "overlapping ones".  Rules keylint has
 * no counterpart for are listed with "" so that messages can say so.
 */
#include "gitleaks_ids.h"

#include <string.h>

#define SAME true
#define NEAR false

static const struct kl_gitleaks_id table[] = {
    {"1password-secret-key", "1password-secret-key", SAME},
    {"1password-service-account-token", "1password-service-account-token",
     SAME},
    {"age-secret-key", "age-secret-key", SAME},
    {"anthropic-admin-api-key", "anthropic-admin-key", SAME},
    {"anthropic-api-key", "anthropic-api-key", SAME},
    {"artifactory-api-key", "jfrog-api-key", SAME},
    {"artifactory-reference-token", "jfrog-reference-token", SAME},
    {"atlassian-api-token", "atlassian-api-token atlassian-api-token-context",
     SAME},
    {"aws-access-token", "aws-access-key-id", SAME},
    {"aws-amazon-bedrock-api-key-long-lived", "aws-bedrock-api-key", SAME},
    {"aws-amazon-bedrock-api-key-short-lived", "aws-bedrock-api-key", SAME},
    {"azure-ad-client-secret", "azure-ad-client-secret", SAME},
    {"beamer-api-token", "", NEAR},
    {"cisco-meraki-api-key", "", NEAR},
    {"clickhouse-cloud-api-secret-key", "", NEAR},
    {"cloudflare-global-api-key", "cloudflare-global-api-key", SAME},
    {"cloudflare-origin-ca-key", "cloudflare-origin-ca-key", SAME},
    {"cohere-api-token", "cohere-api-key", SAME},
    {"curl-auth-header",
     "http-basic-auth-header http-bearer-token-header "
     "http-token-auth-header http-api-key-header",
     NEAR},
    {"curl-auth-user", "curl-wget-password", NEAR},
    {"databricks-api-token", "databricks-access-token", SAME},
    {"discord-client-id", "", NEAR},
    {"discord-client-secret", "discord-client-secret", SAME},
    {"easypost-api-token", "easypost-production-api-key", SAME},
    {"easypost-test-api-token", "easypost-test-api-key", SAME},
    {"etsy-access-token", "", NEAR},
    {"facebook-access-token", "facebook-access-token", SAME},
    {"facebook-page-access-token", "facebook-access-token", SAME},
    {"facebook-secret", "facebook-app-secret", SAME},
    {"flyio-access-token", "flyio-access-token flyio-macaroon-token", SAME},
    {"freemius-secret-key", "", NEAR},
    {"gcp-api-key", "gcp-api-key", SAME},
    {"gcp-service-account", "gcp-service-account-key", SAME},
    {"generic-api-key",
     "generic-api-key generic-secret generic-token generic-password "
     "generic-password-unquoted generic-secret-unquoted",
     SAME},
    {"github-app-token",
     "github-user-to-server-token github-app-installation-token", SAME},
    {"github-fine-grained-pat", "github-fine-grained-pat", SAME},
    {"github-oauth", "github-oauth-access-token", SAME},
    {"github-pat", "github-pat-classic", SAME},
    {"github-refresh-token", "github-refresh-token", SAME},
    {"gitlab-pat", "gitlab-pat", SAME},
    {"gitlab-pat-routable", "gitlab-pat", SAME},
    {"gitlab-ptt", "gitlab-pipeline-trigger-token", SAME},
    {"gitlab-rrt", "gitlab-runner-registration-token", SAME},
    {"gitlab-runner-authentication-token-routable",
     "gitlab-runner-authentication-token", SAME},
    {"grafana-cloud-api-token", "grafana-cloud-token", SAME},
    {"grafana-service-account-token", "grafana-service-account-token", SAME},
    {"hashicorp-tf-api-token", "hashicorp-terraform-api-token", SAME},
    {"hashicorp-tf-password", "generic-password", NEAR},
    {"heroku-api-key", "heroku-api-key", SAME},
    {"heroku-api-key-v2", "heroku-api-key-v2", SAME},
    {"hubspot-api-key", "hubspot-legacy-api-key", SAME},
    {"huggingface-access-token", "huggingface-access-token", SAME},
    {"huggingface-organization-api-token", "huggingface-org-token", SAME},
    {"infracost-api-token", "", NEAR},
    {"intra42-client-secret", "", NEAR},
    {"jwt", "jwt", SAME},
    {"jwt-base64", "jwt", NEAR},
    {"kubernetes-secret-yaml", "yaml-base64-secret-value", NEAR},
    {"mailchimp-api-key", "mailchimp-api-key", SAME},
    {"maxmind-license-key", "", NEAR},
    {"messagebird-client-id", "", NEAR},
    {"notion-api-token", "notion-integration-token", SAME},
    {"nuget-config-password", "", NEAR},
    {"octopus-deploy-api-key", "", NEAR},
    {"okta-access-token", "okta-api-token", SAME},
    {"openai-api-key",
     "openai-api-key openai-project-key openai-service-account-key "
     "openai-admin-key openai-legacy-user-key",
     SAME},
    {"openshift-user-token", "", NEAR},
    {"perplexity-api-key", "perplexity-api-key", SAME},
    {"prefect-api-token", "", NEAR},
    {"private-key",
     "private-key-rsa private-key-ec private-key-dsa private-key-openssh "
     "private-key-pkcs8 private-key-pgp private-key-encrypted",
     SAME},
    {"privateai-api-token", "", NEAR},
    {"pulumi-api-token", "pulumi-access-token", SAME},
    {"readme-api-token", "", NEAR},
    {"scalingo-api-token", "", NEAR},
    {"sentry-org-token", "sentry-org-auth-token", SAME},
    {"sidekiq-secret", "", NEAR},
    {"sidekiq-sensitive-url", "url-credentials-http", NEAR},
    {"slack-app-token", "slack-app-token", SAME},
    {"slack-bot-token", "slack-bot-token", SAME},
    {"slack-config-access-token", "slack-config-access-token", SAME},
    {"slack-config-refresh-token", "slack-config-refresh-token", SAME},
    {"slack-legacy-bot-token", "slack-bot-token", SAME},
    {"slack-legacy-token", "slack-legacy-token", SAME},
    {"slack-legacy-workspace-token", "slack-legacy-workspace-token", SAME},
    {"slack-user-token", "slack-user-token", SAME},
    {"slack-webhook-url", "slack-webhook-url slack-workflow-webhook-url", SAME},
    {"snyk-api-token", "snyk-api-token", SAME},
    {"sonar-api-token",
     "sonarqube-user-token sonarqube-analysis-token sonarqube-token-context",
     SAME},
    {"sourcegraph-access-token", "", NEAR},
    {"square-access-token", "square-access-token square-eaaa-access-token",
     SAME},
    {"square-secret", "square-oauth-secret", SAME},
    {"stripe-access-token",
     "stripe-live-secret-key stripe-test-secret-key "
     "stripe-live-restricted-key stripe-test-restricted-key",
     SAME},
    {"sumologic-access-id", "", NEAR},
    {"sumologic-access-token", "", NEAR},
    {"vault-batch-token", "hashicorp-vault-batch-token", SAME},
    {"vault-service-token", "hashicorp-vault-service-token", SAME},
};

const struct kl_gitleaks_id *kl_gitleaks_ids_table(size_t *n)
{
	*n = sizeof(table) / sizeof(*table);
	return table;
}

const struct kl_gitleaks_id *kl_gitleaks_ids_find(const char *gitleaks_id)
{
	size_t lo = 0, hi = sizeof(table) / sizeof(*table);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(gitleaks_id, table[mid].gitleaks);

		if (!c)
			return &table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

bool kl_gitleaks_ids_has(const struct kl_gitleaks_id *e, const char *keylint_id)
{
	size_t n = strlen(keylint_id);

	for (const char *p = e->keylint; *p;) {
		size_t w = strcspn(p, " ");

		if (w == n && memcmp(p, keylint_id, n) == 0)
			return true;
		p += w;
		p += strspn(p, " ");
	}
	return false;
}
