#!/usr/bin/env bash
# The test command: sets everything up, starts the services, runs every project's tests through
# Nx, and stops the services again (also on failure).
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
bash infra/setup.sh
trap 'bash infra/infra.sh down' EXIT
bash infra/infra.sh up
npm run -s db:migrate
npm test
