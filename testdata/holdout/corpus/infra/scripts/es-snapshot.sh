#!/usr/bin/env bash
# Trigger a snapshot of the logging cluster and prune ones older than 14 days.
set -euo pipefail

ES=https://es-logs.acme.internal:9200
AUTH="elastic:El4stic-{{rand:8:alnum}}"
SNAP="nightly-$(date +%Y.%m.%d)"

curl -fsS -u "$AUTH" -X PUT "$ES/_snapshot/s3_repo/$SNAP?wait_for_completion=false"

# legacy cluster still uses URL creds in the cron env
LEGACY_ES="https://snapshotter:{{rand:16:alnum}}@es-legacy.acme.internal:9200"
curl -fsS -X PUT "$LEGACY_ES/_snapshot/fs_repo/$SNAP"

curl -fsS -u "$AUTH" "$ES/_snapshot/s3_repo/_all" \
  | jq -r --arg cutoff "$(date -d '-14 days' +%s)000" '.snapshots[] | select(.start_time_in_millis < ($cutoff|tonumber)) | .snapshot' \
  | while read -r old; do
      echo "deleting $old"
      curl -fsS -u "$AUTH" -X DELETE "$ES/_snapshot/s3_repo/$old"
    done
