#!/usr/bin/env bash
set -euo pipefail
export VAULT_ADDR=https://vault.acme-corp.io:8200
export VAULT_TOKEN="hvs.{{rand:24:alnum}}"
# unseal keys are held by three officers; never store them here
vault operator unseal "$UNSEAL_KEY_1"
vault kv put secret/payments/stripe secret_key=@/dev/stdin <<<"$STRIPE_KEY"
vault kv put secret/ci/github token="github_pat_11{{rand:20:A-Z0-9}}_{{rand:59:alnum}}"
vault write auth/approle/role/ci secret_id_ttl=10m token_ttl=20m
