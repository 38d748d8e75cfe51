#!/usr/bin/env bash
# Restores a dump made by scripts/backup-db.sh into an EMPTY database (create it first: createdb <name>), using
# the DATABASE_* variables of the instance that will serve it. The app needs nothing else: boot it on that
# database with the same PII_* keys (encrypted columns are unreadable without them) and APP_KEYS/JWT_SECRET
# (sessions and tokens stay valid). Usage: scripts/restore-db.sh <dump-file>
set -euo pipefail
dump=${1:?usage: restore-db.sh <dump-file>}
if [[ -n "${DATABASE_URL:-}" ]]; then
  target=(--dbname="$DATABASE_URL")
else
  export PGHOST=${DATABASE_HOST:-127.0.0.1} PGPORT=${DATABASE_PORT:-5432} PGUSER=${DATABASE_USERNAME:-postgres}
  [[ -n "${DATABASE_PASSWORD:-}" ]] && export PGPASSWORD=$DATABASE_PASSWORD
  target=(--dbname="${DATABASE_NAME:-care_platform}")
fi
# One transaction: a failed restore leaves the database empty, never half-restored. Extensions (btree_gist)
# are part of the dump.
pg_restore --no-owner --no-acl --single-transaction --exit-on-error "${target[@]}" "$dump"
echo "restored $dump"
