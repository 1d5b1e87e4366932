#!/usr/bin/env bash
# Nightly export of yesterday's entries to the finance SFTP drop.
set -euo pipefail

DAY="${1:-$(date -d yesterday +%F)}"
export PGHOST=ledger-replica.internal.finch.io
export PGUSER=ledger_ro
export PGPASSWORD='Recon{{rand:2:digits}}-{{rand:6:alnum}}!'
export PGDATABASE=ledger

OUT="/tmp/entries-${DAY}.csv"
psql -v ON_ERROR_STOP=1 -c "\copy (SELECT * FROM entries WHERE booked_on = '${DAY}') TO '${OUT}' CSV HEADER"
echo "exported $(wc -l < "$OUT") rows for ${DAY}"

SFTP_PASS="${SFTP_PASS:?set SFTP_PASS}"
sshpass -p "$SFTP_PASS" sftp -oBatchMode=no finance@sftp.finch.io <<< "put ${OUT} /inbound/"
