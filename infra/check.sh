#!/usr/bin/env bash
# The test command: sets everything up, starts the services, runs every project's tests through
# Nx, and stops the services again (also on failure).
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
bash infra/setup.sh
trap 'bash infra/infra.sh down' EXIT
bash infra/infra.sh up
npm run -s db:migrate

# Every project's tests through Nx; services down; then, last, one line summing Vitest's counts.
log="$LOG_DIR/test.log"
mkdir -p "$LOG_DIR"
set +e
npm test 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
trap - EXIT
bash infra/infra.sh down
count() { sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '(^|[: ])Tests +[0-9]' | grep -oE "[0-9]+ $1" | awk '{s+=$1} END {print s+0}'; }
echo "tests: $(count passed) passed, $(count failed) failed, $(count skipped) skipped"
exit "$rc"
