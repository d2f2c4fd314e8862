#!/usr/bin/env bash
# infra.sh up|down|status — PostgreSQL, Temporal dev server and MinIO on 127.0.0.1,
# data under $EMOSWEEP_DATA_DIR (default .data/ in the checkout). Idempotent.
source "$(dirname "$0")/lib.sh"
HERE="$(cd "$(dirname "$0")" && pwd)"

PG_BIN_DIR="${EMOSWEEP_PG_BIN_DIR:-}"
find_pg_bin() {
  if [ -z "$PG_BIN_DIR" ]; then
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    PG_BIN_DIR="$d"
  fi
  [ -n "$PG_BIN_DIR" ] && [ -x "$PG_BIN_DIR/postgres" ]
}

ensure_pg_installed() {
  find_pg_bin && return
  if is_root && command -v apt-get >/dev/null; then
    info "postgres: installing Debian's postgresql package"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
      || die "postgres: apt-get install postgresql failed"
    find_pg_bin || die "postgres: installed, but no server binary under /usr/lib/postgresql/*/bin"
  else
    die "postgres: no PostgreSQL server found under /usr/lib/postgresql/*/bin. Install Debian's package (sudo apt-get install postgresql) or set EMOSWEEP_PG_BIN_DIR"
  fi
}

# Runs a PostgreSQL tool as the cluster owner (the postgres system user when we are root).
as_pg() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

PG_DIR="$DATA_DIR/postgres"
PG_LOG="$LOG_DIR/postgres.log"
pg_healthy() { "$PG_BIN_DIR/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

pg_up() {
  ensure_pg_installed
  mkdir -p "$PG_DIR" "$LOG_DIR"
  if is_root; then chown postgres "$PG_DIR" "$LOG_DIR"; touch "$PG_LOG"; chown postgres "$PG_LOG"; fi
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    info "postgres: initdb in $PG_DIR/data"
    local pwfile; pwfile=$(mktemp); printf '%s\n' "$PG_PASSWORD" >"$pwfile"; is_root && chown postgres "$pwfile"
    as_pg "$PG_BIN_DIR/initdb" -D "$PG_DIR/data" -U "$PG_USER" --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >>"$PG_LOG" 2>&1 \
      || { rm -f "$pwfile"; log_tail "$PG_LOG"; die "postgres: initdb failed (log: $PG_LOG)"; }
    rm -f "$pwfile"
  fi
  if as_pg "$PG_BIN_DIR/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
    pg_healthy || die "postgres: the server in $PG_DIR/data runs but does not answer on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
  else
    port_open "$PG_PORT" && die "postgres: port 127.0.0.1:$PG_PORT is taken by another process (set EMOSWEEP_PG_PORT)"
    as_pg "$PG_BIN_DIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_LOG" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_DIR -c max_connections=200 -c fsync=${EMOSWEEP_PG_FSYNC:-on}" start >/dev/null \
      || { log_tail "$PG_LOG"; die "postgres: did not start on 127.0.0.1:$PG_PORT (log: $PG_LOG)"; }
    wait_until 30 pg_healthy || { log_tail "$PG_LOG"; die "postgres: not ready on 127.0.0.1:$PG_PORT after 30 s (log: $PG_LOG)"; }
  fi
  # The application database (CREATE DATABASE must be its own statement).
  if ! PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1; then
    PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "CREATE DATABASE \"$PG_DB\"" \
      || die "postgres: could not create database $PG_DB"
  fi
  info "postgres  ready  postgresql://$PG_USER:***@127.0.0.1:$PG_PORT/$PG_DB  (data: $PG_DIR, log: $PG_LOG)"
}

pg_down() {
  find_pg_bin || return 0
  [ -f "$PG_DIR/data/postmaster.pid" ] || return 0
  as_pg "$PG_BIN_DIR/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  info "postgres  stopped"
}

# A background daemon with a pid file and a log, started with setsid so it outlives this shell.
start_daemon() { # <name> <log> <cmd...>
  local name=$1 log=$2; shift 2
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  setsid "$@" >>"$log" 2>&1 < /dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

stop_daemon() { # <name>
  local pidf="$RUN_DIR/$1.pid"
  pid_alive "$pidf" || { rm -f "$pidf"; return 0; }
  local pid; pid=$(cat "$pidf")
  kill -TERM "$pid" 2>/dev/null || true
  wait_until 20 bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidf"
  info "$1  stopped"
}

TEMPORAL_LOG="$LOG_DIR/temporal.log"
temporal_healthy() { "$TEMPORAL_BIN" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" 2>/dev/null | grep -q SERVING; }

temporal_up() {
  TEMPORAL_BIN=$("$HERE/tools.sh" temporal)
  mkdir -p "$DATA_DIR/temporal"
  if pid_alive "$RUN_DIR/temporal.pid"; then
    temporal_healthy || die "temporal: running (pid $(cat "$RUN_DIR/temporal.pid")) but not SERVING on 127.0.0.1:$TEMPORAL_PORT (log: $TEMPORAL_LOG)"
  else
    port_open "$TEMPORAL_PORT" && die "temporal: port 127.0.0.1:$TEMPORAL_PORT is taken by another process (set EMOSWEEP_TEMPORAL_PORT)"
    port_open "$TEMPORAL_UI_PORT" && die "temporal: UI port 127.0.0.1:$TEMPORAL_UI_PORT is taken by another process (set EMOSWEEP_TEMPORAL_UI_PORT)"
    # Latency flags: the dev server's one history shard polls transfer tasks at 20/s by default,
    # which adds ~50 ms to every activity dispatch; WAL keeps SQLite writes cheap but durable.
    start_daemon temporal "$TEMPORAL_LOG" "$TEMPORAL_BIN" server start-dev \
      --db-filename "$DATA_DIR/temporal/temporal.db" --ip 127.0.0.1 --port "$TEMPORAL_PORT" \
      --ui-ip 127.0.0.1 --ui-port "$TEMPORAL_UI_PORT" --log-level warn \
      --dynamic-config-value history.transferProcessorMaxPollRPS=10000 \
      --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal
    wait_until 60 temporal_healthy || { log_tail "$TEMPORAL_LOG"; die "temporal: not SERVING on 127.0.0.1:$TEMPORAL_PORT after 60 s (log: $TEMPORAL_LOG)"; }
  fi
  info "temporal  ready  127.0.0.1:$TEMPORAL_PORT  ui http://127.0.0.1:$TEMPORAL_UI_PORT  (db: $DATA_DIR/temporal/temporal.db, log: $TEMPORAL_LOG)"
}

MINIO_LOG="$LOG_DIR/minio.log"
minio_healthy() { curl -fsS -m 2 "http://127.0.0.1:$MINIO_PORT/minio/health/live" >/dev/null 2>&1; }
s3_curl() { curl -sS -m 10 --aws-sigv4 "aws:amz:us-east-1:s3" --user "$MINIO_ROOT_USER:$MINIO_ROOT_PASSWORD" "$@"; }

minio_up() {
  local bin; bin=$("$HERE/tools.sh" minio)
  mkdir -p "$DATA_DIR/minio"
  if pid_alive "$RUN_DIR/minio.pid"; then
    minio_healthy || die "minio: running (pid $(cat "$RUN_DIR/minio.pid")) but not healthy on 127.0.0.1:$MINIO_PORT (log: $MINIO_LOG)"
  else
    port_open "$MINIO_PORT" && die "minio: port 127.0.0.1:$MINIO_PORT is taken by another process (set EMOSWEEP_MINIO_PORT)"
    port_open "$MINIO_CONSOLE_PORT" && die "minio: console port 127.0.0.1:$MINIO_CONSOLE_PORT is taken by another process (set EMOSWEEP_MINIO_CONSOLE_PORT)"
    MINIO_ROOT_USER="$MINIO_ROOT_USER" MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD" MINIO_BROWSER_REDIRECT=off \
      start_daemon minio "$MINIO_LOG" "$bin" server "$DATA_DIR/minio" --quiet \
      --address "127.0.0.1:$MINIO_PORT" --console-address "127.0.0.1:$MINIO_CONSOLE_PORT"
    wait_until 60 minio_healthy || { log_tail "$MINIO_LOG"; die "minio: not healthy on 127.0.0.1:$MINIO_PORT after 60 s (log: $MINIO_LOG)"; }
  fi
  # Bucket (PUT is idempotent for the owner: 200 on create, 409 BucketAlreadyOwnedByYou otherwise).
  local code; code=$(s3_curl -o /dev/null -w '%{http_code}' -X PUT "http://127.0.0.1:$MINIO_PORT/$S3_BUCKET")
  case "$code" in 200|409) ;; *) die "minio: could not create bucket $S3_BUCKET (HTTP $code)";; esac
  info "minio     ready  http://127.0.0.1:$MINIO_PORT bucket $S3_BUCKET  console http://127.0.0.1:$MINIO_CONSOLE_PORT  (data: $DATA_DIR/minio, log: $MINIO_LOG)"
}

status_line() { # <name> <healthy?> <address>
  if [ "$2" = yes ]; then printf '%-9s healthy  %s\n' "$1" "$3"; else printf '%-9s down     %s\n' "$1" "$3"; fi
}

status() {
  local rc=0 h
  if find_pg_bin && pg_healthy; then h=yes; else h=no; rc=1; fi
  status_line postgres $h "127.0.0.1:$PG_PORT/$PG_DB"
  TEMPORAL_BIN="${TEMPORAL_CLI:-$CACHE_DIR/tools/temporal@$TEMPORAL_CLI_VERSION/temporal}"
  if [ -x "$TEMPORAL_BIN" ] && temporal_healthy; then h=yes; else h=no; rc=1; fi
  status_line temporal $h "127.0.0.1:$TEMPORAL_PORT (ui :$TEMPORAL_UI_PORT)"
  if minio_healthy; then h=yes; else h=no; rc=1; fi
  status_line minio $h "http://127.0.0.1:$MINIO_PORT (bucket $S3_BUCKET)"
  return $rc
}

case "${1:-}" in
  up)
    start=$SECONDS
    services="${2:-postgres temporal minio}"
    for s in $services; do
      case $s in postgres) pg_up ;; temporal) temporal_up ;; minio) minio_up ;; *) die "unknown service $s" ;; esac
    done
    info "infra up in $((SECONDS - start)) s" ;;
  down)
    services="${2:-minio temporal postgres}"
    for s in $services; do
      case $s in postgres) pg_down ;; temporal) stop_daemon temporal ;; minio) stop_daemon minio ;; *) die "unknown service $s" ;; esac
    done ;;
  status) status ;;
  *) die "usage: infra/infra.sh up|down [postgres temporal minio] | status" ;;
esac
