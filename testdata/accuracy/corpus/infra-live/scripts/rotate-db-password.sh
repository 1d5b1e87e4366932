#!/usr/bin/env bash
set -euo pipefail
NEW_PASSWORD="$(openssl rand -base64 24)"
OLD_PASSWORD='Galaxy{{rand:3:digits}}^{{rand:5:alnum}}'
psql "postgresql://postgres:${OLD_PASSWORD}@db-01.acme-corp.io:5432/postgres" \
  -c "ALTER USER acme_app WITH PASSWORD '${NEW_PASSWORD}'"
aws secretsmanager put-secret-value --secret-id prod/db --secret-string "$NEW_PASSWORD"
curl -X POST -H "DD-API-KEY: {{rand:32:hex}}" https://api.datadoghq.eu/api/v1/events -d '{"title":"db password rotated"}'
