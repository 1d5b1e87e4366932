#!/usr/bin/env bash
# One-off: configure a fresh Vault cluster. Run from the bastion.
set -euo pipefail

export VAULT_ADDR=https://vault.acme.internal:8200
# root token from `vault operator init` on 2023-09-14 – revoke after bootstrap!!
export VAULT_TOKEN=hvs.{{rand:24:alnum}}

vault secrets enable -path=kv kv-v2 || true
vault auth enable kubernetes || true
vault write auth/kubernetes/config kubernetes_host=https://kubernetes.default.svc

for p in policies/*.hcl; do
  vault policy write "$(basename "$p" .hcl)" "$p"
done

vault kv put kv/smtp password="$(openssl rand -base64 24)"
echo "done. now run: vault token revoke \$VAULT_TOKEN"
