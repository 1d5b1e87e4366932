#!/usr/bin/env bash
set -euo pipefail

TAG="${1:?usage: deploy.sh TAG}"
: "${AWS_PROFILE:=prod}"

export DIGITALOCEAN_ACCESS_TOKEN="dop_v1_{{rand:64:hex}}"
export HEROKU_API_KEY="HRKU-AA{{rand:58:A-Za-z0-9_-}}"
export FLY_API_TOKEN="fo1_{{rand:43:A-Za-z0-9_-}}"
export CLOUDFLARE_API_KEY="{{rand:37:hex}}"
export CLOUDFLARE_EMAIL="ops@acme-corp.io"
export DOCKER_PASSWORD="$(aws ssm get-parameter --name /ci/docker --with-decryption --query Parameter.Value --output text)"

echo "$DOCKER_PASSWORD" | docker login -u acmebot --password-stdin
docker push "ghcr.io/acme-corp/api:${TAG}"

curl -fsS -X POST "https://api.buildkite.com/v2/organizations/acme/pipelines/deploy/builds" \
  -H "Authorization: Bearer bkua_{{rand:40:hex}}" \
  -d "{\"commit\":\"${TAG}\",\"branch\":\"main\"}"

curl -fsS -u "admin:{{rand:18:alnum}}" https://grafana.acme-corp.io/api/annotations -d "{\"text\":\"deploy ${TAG}\"}"
curl -fsS -u "${JENKINS_USER}:${JENKINS_TOKEN}" https://jenkins.acme-corp.io/job/smoke/build
