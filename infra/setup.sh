#!/usr/bin/env bash
# One-time (idempotent) set-up of everything emosweep needs on this machine:
# Debian packages, npm dependencies, the Go-built services (Temporal CLI, MinIO) in a cache outside
# the clone, the native TensorFlow.js binding, and the generated Prisma client.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
start=$SECONDS

# Debian packages the project uses: postgresql (database), espeak-ng (synthetic speech corpus),
# chromium (browser tests), curl (health checks), python3-pip/python3-venv (pip fetches the
# TensorFlow wheel), build-essential (the tfjs-node binding is compiled here), libdnnl-dev (oneDNN,
# for the fused LSTM kernel).
APT_PACKAGES=(postgresql espeak-ng curl python3-pip python3-venv build-essential libdnnl-dev)
[ "${EMOSWEEP_SKIP_CHROMIUM:-}" = 1 ] || APT_PACKAGES+=(chromium)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if is_root && command -v apt-get >/dev/null; then
    info "setup: apt-get install ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "setup: apt-get install ${missing[*]} failed"
  else
    info "setup: missing Debian packages: ${missing[*]} (install them with: sudo apt-get install ${missing[*]})"
  fi
fi

# npm dependencies, exactly as locked. ignore-scripts (in .npmrc) keeps installs from downloading
# binaries; the native pieces are built below.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  info "setup: npm ci"
  npm ci --no-fund --no-audit --loglevel=error >/dev/null || die "setup: npm ci failed"
fi

# Go-built services, reused from the cache on later runs.
"$REPO_ROOT/infra/tools.sh" temporal >/dev/null
"$REPO_ROOT/infra/tools.sh" minio >/dev/null

# Native TensorFlow.js backend (falls back to wasm with a message when it cannot be built).
# In CI a failed native build is an error (the tests must exercise the native path).
if [ "${CI:-}" = true ]; then bash "$REPO_ROOT/infra/native-tfjs.sh" --strict; else bash "$REPO_ROOT/infra/native-tfjs.sh"; fi

# Prisma client (generated offline).
bash "$REPO_ROOT/libs/store/scripts/generate.sh"

# The web console's static build, served by the API at `/`.
npm run -s build -w @emosweep/console >/dev/null || die "setup: the console build failed (npm run build -w @emosweep/console)"

info "setup: done in $((SECONDS - start)) s"
