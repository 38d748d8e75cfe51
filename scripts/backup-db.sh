#!/usr/bin/env bash
# Backs up the platform's PostgreSQL database to one file in pg_dump's custom format (compressed, restorable
# table by table, portable across minor versions). Reads the same DATABASE_* variables as the app
# (DATABASE_URL wins). Usage: scripts/backup-db.sh <output-file>
# Uploads are not in the database: back up the S3 bucket (versioning or replication) or public/uploads alongside.
set -euo pipefail
out=${1:?usage: backup-db.sh <output-file>}
if [[ -n "${DATABASE_URL:-}" ]]; then
  target=("$DATABASE_URL")
else
  export PGHOST=${DATABASE_HOST:-127.0.0.1} PGPORT=${DATABASE_PORT:-5432} PGUSER=${DATABASE_USERNAME:-postgres}
  [[ -n "${DATABASE_PASSWORD:-}" ]] && export PGPASSWORD=$DATABASE_PASSWORD
  target=("${DATABASE_NAME:-care_platform}")
fi
# --no-owner/--no-acl: the dump restores under whatever role the target database uses.
pg_dump --format=custom --no-owner --no-acl --file="$out" "${target[@]}"
echo "backup written to $out ($(du -h "$out" | cut -f1))"
