#!/usr/bin/env bash
# Fresh machine to running platform: install, create .env with random secrets, build, start on SQLite with
# demo data. The admin panel is then at http://localhost:1337/admin (ADMIN_EMAIL / ADMIN_PASSWORD from .env).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

if [ ! -f .env ]; then
  node scripts/make-env.js
  echo "[quickstart] wrote .env with fresh random secrets"
fi

mkdir -p public/uploads .tmp
npm run build
exec npx strapi start
