#!/usr/bin/env bash
# Generates the Prisma client (TypeScript, `prisma-client` generator) into
# libs/store/src/generated/prisma, offline.
#
# Prisma 7's CLI downloads its native schema engine before every command, and that download
# cannot succeed here (no binaries host reachable). `prisma generate` never runs that engine:
# pointing PRISMA_SCHEMA_ENGINE_BINARY / PRISMA_QUERY_ENGINE_LIBRARY at any existing file skips
# the download. Queries go through driver adapters (adapter-pg, PGlite), migrations through the
# WASM schema engine (libs/store/scripts/migrate.ts), so no native engine is ever needed.
#
#   generate.sh              always generate
#   generate.sh --if-stale   only when the client is missing or older than the schema
#                            (the store's test/typecheck scripts call this)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$ROOT"
if [ "${1:-}" = "--if-stale" ]; then
  shift
  CLIENT=libs/store/src/generated/prisma/client.ts
  if [ -f "$CLIENT" ] && [ "$CLIENT" -nt prisma/schema.prisma ] && [ "$CLIENT" -nt node_modules/prisma/package.json ]; then
    exit 0
  fi
fi
DUMMY="$(type -P true)"  # any existing executable: it is never run
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$DUMMY}"
export PRISMA_QUERY_ENGINE_LIBRARY="${PRISMA_QUERY_ENGINE_LIBRARY:-$DUMMY}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 PRISMA_DISABLE_WARNINGS=1
exec node_modules/.bin/prisma generate --config prisma.config.ts "$@"
