#!/usr/bin/env bash
# Builds (once) the Go-based services into a cache outside the clone and prints their paths.
#   infra/tools.sh temporal|minio   -> prints the binary path, building it when missing
# The Go build and module caches stay in their default places ($HOME/.cache/go-build,
# $HOME/go/pkg/mod), so later builds and other clones reuse them.
source "$(dirname "$0")/lib.sh"

go_install() { # <name> <module> <version>
  local name=$1 module=$2 version=$3
  local dir="$CACHE_DIR/tools/$name@$version"
  local bin="$dir/$name"
  if [ -x "$bin" ]; then echo "$bin"; return; fi
  command -v go >/dev/null || die "$name: the Go toolchain is needed to build $module@$version (go not found on PATH); install Go or point ${name^^}_BIN/TEMPORAL_CLI at a binary"
  mkdir -p "$dir" "$CACHE_DIR/logs"
  local log="$CACHE_DIR/logs/$name-build.log"
  info "building $name $version with go install (first time only; several minutes; log: $log)"
  local start=$SECONDS
  if ! GOBIN="$dir.tmp" GOFLAGS=-mod=mod go install "$module@$version" >"$log" 2>&1; then
    log_tail "$log"
    die "$name: go install $module@$version failed (log: $log)"
  fi
  mv "$dir.tmp/$name" "$bin" && rmdir "$dir.tmp"
  info "built $name in $((SECONDS - start)) s: $bin"
  echo "$bin"
}

case "${1:-}" in
  temporal)
    if [ -n "${TEMPORAL_CLI:-}" ]; then
      [ -x "$TEMPORAL_CLI" ] || die "temporal: TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file"
      echo "$TEMPORAL_CLI"
    else
      go_install temporal "$TEMPORAL_CLI_MODULE" "$TEMPORAL_CLI_VERSION"
    fi ;;
  minio)
    if [ -n "${MINIO_BIN:-}" ]; then
      [ -x "$MINIO_BIN" ] || die "minio: MINIO_BIN=$MINIO_BIN is not an executable file"
      echo "$MINIO_BIN"
    else
      go_install minio "$MINIO_MODULE" "$MINIO_VERSION"
    fi ;;
  *) die "usage: infra/tools.sh temporal|minio" ;;
esac
