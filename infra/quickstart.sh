#!/usr/bin/env bash
# The main job on a fresh machine: set-up, then a local sweep on the embedded default
# (synthetic corpus, Temporal dev server started on demand, worker in-process) ending with the
# results table.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
EMOSWEEP_SKIP_CHROMIUM=1 bash infra/setup.sh
exec npx emosweep sweep run examples/quickstart.yaml "$@"
