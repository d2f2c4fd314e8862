# Shared settings for the infra scripts. Every value can be overridden from the environment;
# the defaults are loopback development values only.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${EMOSWEEP_DATA_DIR:-$REPO_ROOT/.data}"
CACHE_DIR="${EMOSWEEP_CACHE_DIR:-$HOME/.cache/emosweep}"
LOG_DIR="$DATA_DIR/logs"
RUN_DIR="$DATA_DIR/run"

# Pinned tool versions (see README: why these).
TEMPORAL_CLI_MODULE="github.com/temporalio/cli/cmd/temporal"
TEMPORAL_CLI_VERSION="${EMOSWEEP_TEMPORAL_CLI_VERSION:-v1.5.1}"
MINIO_MODULE="github.com/minio/minio"
MINIO_VERSION="${EMOSWEEP_MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"

PG_PORT="${EMOSWEEP_PG_PORT:-55432}"
PG_USER="${EMOSWEEP_PG_USER:-emosweep}"
PG_PASSWORD="${EMOSWEEP_PG_PASSWORD:-emosweep}"
PG_DB="${EMOSWEEP_PG_DB:-emosweep}"
TEMPORAL_PORT="${EMOSWEEP_TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${EMOSWEEP_TEMPORAL_UI_PORT:-8233}"
MINIO_PORT="${EMOSWEEP_MINIO_PORT:-9000}"
MINIO_CONSOLE_PORT="${EMOSWEEP_MINIO_CONSOLE_PORT:-9001}"
MINIO_ROOT_USER="${MINIO_ROOT_USER:-${S3_ACCESS_KEY_ID:-emosweep}}"
MINIO_ROOT_PASSWORD="${MINIO_ROOT_PASSWORD:-${S3_SECRET_ACCESS_KEY:-emosweep-dev-secret}}"
S3_BUCKET="${S3_BUCKET:-emosweep}"

info() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# True when something listens on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_until <seconds> <command...>: polls every 0.2 s.
wait_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

log_tail() { [ -f "$1" ] && tail -n 15 "$1" | sed 's/^/    /' >&2 || true; }
