#!/usr/bin/env bash
# The whole suite: type-checking, unit tests, integration tests on SQLite, then on PostgreSQL, then the admin
# panel and the H5 apps built and driven in Debian's Chromium.
# Under CI=true an unreachable PostgreSQL fails the run (tests/helpers/global-setup.js); it is never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

phase() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }
declare -A took
timed() { local name=$1; shift; local t0=$SECONDS; "$@"; took[$name]=$((SECONDS - t0)); }

export STRAPI_TELEMETRY_DISABLED=true
mkdir -p public/uploads .tmp

phase "lint and formatting";        timed lint bash -c 'npm run --silent lint && npm run --silent format:check'
phase "build booking plugin";       timed plugin npm run --silent build:plugin
phase "API contract: docs/openapi.json, docs/errors.md and the SDK types regenerated and compared; redocly lint"
timed contract npm run --silent openapi:check
phase "generated types up to date"; timed types bash -c 'npx strapi ts:generate-types >/dev/null && git diff --exit-code --stat -- types/generated || { echo "types/generated is stale: run npm run ts:types and commit it"; exit 1; }'
phase "type-check";                 timed typecheck npm run --silent typecheck
phase "unit tests";                 timed unit npx jest --selectProjects unit --silent
phase "integration tests: SQLite";  timed sqlite env DATABASE_CLIENT=sqlite NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects integration --maxWorkers=2
phase "integration tests: PostgreSQL"; timed postgres env DATABASE_CLIENT=postgres SKIP_COMPILE=true NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects integration --maxWorkers=2

phase "admin panel build";          timed adminbuild npx strapi build
phase "H5 build";                   timed h5build npm run --silent build:h5
phase "admin and H5 e2e: Chromium"; timed e2e env DATABASE_CLIENT=sqlite SKIP_COMPILE=true NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects e2e

phase "durations (s)"
for k in lint plugin contract types typecheck unit sqlite postgres adminbuild h5build e2e; do printf '%-10s %4ss\n' "$k" "${took[$k]}"; done
