#!/usr/bin/env bash
# Installs the native TensorFlow.js backend (tfjs-node's `tensorflow` backend) without any download
# other than one pinned PyPI wheel:
#   1. fetch tensorflow-cpu==$TF_VERSION (cp311 manylinux wheel) with `pip download --no-deps`,
#      check its sha256 against the pinned value, keep it in $EMOSWEEP_CACHE_DIR/wheels (outside
#      the clone, reused by every later run and clone);
#   2. extract libtensorflow_cc.so.2, libtensorflow_framework.so.2 and the C API headers into
#      node_modules/@tensorflow/tfjs-node/deps/{lib,include} (libtensorflow.so* are links to
#      libtensorflow_cc.so.2, which exports the whole C and eager C API the binding uses);
#   3. build tfjs-node's binding from source against Node's local headers (--nodedir=/usr) with
#      node-pre-gyp/node-gyp, no download (tfjs-node's own install script is never run);
#   4. check that the binding loads and computes on the `tensorflow` backend;
#   5. (optional, when Debian's libdnnl-dev is installed) build the small oneDNN LSTM addon
#      (libs/backend/native/dnnl-lstm) into node_modules/.emosweep/dnnl-lstm: FusedLSTM's fastest
#      CPU kernel. Without it FusedLSTM runs TensorFlow's BlockLSTM kernels.
# Idempotent: does nothing when the built binding loads and was built from the pinned wheel (and
# the addon, where libdnnl-dev is present, is built from the current sources and loads).
#
#   bash infra/native-tfjs.sh            on failure: explains, says the wasm backend will be used, exit 0
#   bash infra/native-tfjs.sh --strict   on failure: exit 1 (CI, CPU worker image)
#   bash infra/native-tfjs.sh --force    rebuild even when the binding already loads
#   bash infra/native-tfjs.sh --check    only report whether the native backend loads (exit 0/1)
#
# Needs (Debian 12): python3 + python3-pip (pip download), g++ and make (build-essential),
# Node's headers in /usr/include/node (the nodesource `nodejs` package ships them; with Debian's own
# `nodejs` they are in `libnode-dev`). node-gyp is the copy bundled with npm (no separate package).
# Optional: libdnnl-dev (oneDNN 2.6; at run time only its libdnnl2) for the oneDNN LSTM kernel.
set -uo pipefail

TF_VERSION=2.21.0
WHEEL=tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl
WHEEL_SHA256=2b847d217b02ee7731ed91431daf3250daa0196c3c94614d23be27232e6e5b6c
# tfjs-node's install script skips its libtensorflow download when this file exists.
TFJS_MARKER=libtensorflow.so.2.9.1

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${EMOSWEEP_CACHE_DIR:-$HOME/.cache/emosweep}"
WHEEL_DIR="$CACHE_DIR/wheels"
NODEDIR="${EMOSWEEP_NODEDIR:-/usr}"
PYTHON="${PYTHON:-python3}"
STRICT=0 FORCE=0 CHECK_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --strict) STRICT=1 ;;
    --force) FORCE=1 ;;
    --check) CHECK_ONLY=1 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "native-tfjs: unknown option $arg" >&2; exit 2 ;;
  esac
done

START=$SECONDS
info() { printf 'native-tfjs: %s\n' "$*" >&2; }
fail() { # <step> <message...>
  local step=$1; shift
  info "FAILED at step '$step': $*"
  info "the native 'tensorflow' backend is NOT installed; emosweep will use the 'wasm' backend (slower, same results)"
  [ "$STRICT" = 1 ] && exit 1
  exit 0
}

cd "$REPO_ROOT" || exit 1
TFJS_DIR="$(node -p "require('path').dirname(require.resolve('@tensorflow/tfjs-node/package.json'))" 2>/dev/null)" \
  || fail locate "@tensorflow/tfjs-node is not installed in $REPO_ROOT/node_modules (run npm ci first)"
DEPS="$TFJS_DIR/deps"
STAMP="$DEPS/.emosweep-wheel"

# Prints the TensorFlow version when the binding loads and runs a matmul on the tensorflow backend.
probe() {
  TF_CPP_MIN_LOG_LEVEL=2 node -e "
    const tf = require('@tensorflow/tfjs-node');
    if (tf.getBackend() !== 'tensorflow') throw new Error('backend is ' + tf.getBackend());
    const y = tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync();
    if (y[0] !== 3) throw new Error('wrong matmul result ' + y[0]);
    console.log(tf.backend().binding.TF_Version);
  " 2>"${TMPDIR:-/tmp}/native-tfjs-probe.$$.err" || { tail -n 5 "${TMPDIR:-/tmp}/native-tfjs-probe.$$.err"; rm -f "${TMPDIR:-/tmp}/native-tfjs-probe.$$.err"; return 1; }
  rm -f "${TMPDIR:-/tmp}/native-tfjs-probe.$$.err"
}

if [ "$CHECK_ONLY" = 1 ]; then
  if v=$(probe); then info "tensorflow backend loads (TensorFlow $v)"; exit 0; fi
  info "tensorflow backend does not load: $(printf '%s' "$v" | grep -m1 -E 'Error|error' || printf '%s' "$v" | tail -n1)"; exit 1
fi

# --- step 5 (optional): the oneDNN LSTM addon ------------------------------------------------------
DNNL_SRC="$REPO_ROOT/libs/backend/native/dnnl-lstm"
DNNL_DIR="$(dirname "$TFJS_DIR")/../.emosweep/dnnl-lstm"
dnnl_probe() {
  node -e "
    const a = require('$DNNL_DIR/build/Release/dnnl_lstm.node');
    const k = new a.Kernel(2, 2, 2, 2), z = (n) => new Float32Array(n), out = z(4);
    k.infer(Float32Array.of(1, 1, 1, 1, 1, 1, 1, 1), z(16), z(16), Float32Array.from({length: 8}, () => 1), null, out);
    // zero weights, bias 1: every gate sees 1; two steps give h = 0.54535 (computed by hand).
    if (!(Math.abs(out[0] - 0.5453461) < 1e-4)) throw new Error('wrong LSTM result ' + out[0]);
    console.log(a.dnnlVersion);
  " 2>&1
}
install_dnnl() {
  local stamp="$DNNL_DIR/.emosweep-sources" want have v
  want="$(cat "$DNNL_SRC/binding.gyp" "$DNNL_SRC/dnnl_lstm.cc" | sha256sum | cut -d' ' -f1)"
  if [ "$FORCE" = 0 ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && v=$(dnnl_probe); then
    info "oneDNN LSTM addon already built (oneDNN $v)"; return 0
  fi
  if [ ! -f /usr/include/oneapi/dnnl/dnnl.hpp ]; then
    info "oneDNN LSTM addon skipped: libdnnl-dev is not installed (apt-get install libdnnl-dev); FusedLSTM will use TensorFlow's BlockLSTM kernels (slower)"
    return 0
  fi
  local log="$CACHE_DIR/logs/dnnl-lstm-build.log" t0=$SECONDS
  mkdir -p "$CACHE_DIR/logs"
  info "building the oneDNN LSTM addon (log: $log)"
  rm -rf "$DNNL_DIR" && mkdir -p "$DNNL_DIR" && cp "$DNNL_SRC/binding.gyp" "$DNNL_SRC/dnnl_lstm.cc" "$DNNL_DIR/" \
    && (cd "$DNNL_DIR" && node "$NPM_NODE_GYP" rebuild --nodedir="$NODEDIR" --jobs="$(nproc 2>/dev/null || echo 2)") >"$log" 2>&1 \
    && v=$(dnnl_probe) && echo "$want" >"$stamp" && { info "built the oneDNN $v LSTM addon in $((SECONDS - t0)) s"; return 0; }
  tail -n 15 "$log" | sed 's/^/    /' >&2
  info "FAILED at step 'oneDNN addon': could not build or load it (log: $log); FusedLSTM will use TensorFlow's BlockLSTM kernels (slower)"
  [ "$STRICT" = 1 ] && exit 1
  return 0
}
find_node_gyp() {
  NPM_NODE_GYP="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  [ -f "$NPM_NODE_GYP" ] || NPM_NODE_GYP="$(node -p "require.resolve('node-gyp/bin/node-gyp.js')" 2>/dev/null)"
}

if [ "$FORCE" = 0 ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$WHEEL_SHA256" ] && v=$(probe); then
  info "already installed: tfjs-node binding on TensorFlow $v ($TFJS_DIR)"
  find_node_gyp
  install_dnnl
  info "nothing else to do ($((SECONDS - START)) s)"
  exit 0
fi

# --- step 1: prerequisites --------------------------------------------------------------------
step=prerequisites
"$PYTHON" -m pip --version >/dev/null 2>&1 || fail $step "'$PYTHON -m pip' is not available (Debian: apt-get install python3-pip)"
command -v g++ >/dev/null && command -v make >/dev/null || fail $step "g++ and make are needed to build the binding (Debian: apt-get install build-essential)"
[ -f "$NODEDIR/include/node/node_api.h" ] && [ -f "$NODEDIR/include/node/common.gypi" ] \
  || fail $step "Node's headers are not in $NODEDIR/include/node (Debian: apt-get install libnode-dev, or the nodesource nodejs package; or set EMOSWEEP_NODEDIR)"
NODE_PRE_GYP="$(node -p "require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp', {paths: ['$TFJS_DIR']})" 2>/dev/null)" \
  || fail $step "@mapbox/node-pre-gyp (a dependency of tfjs-node) is missing from node_modules"
find_node_gyp
[ -f "$NPM_NODE_GYP" ] || fail $step "node-gyp not found (neither bundled with npm nor in node_modules)"
export npm_config_node_gyp="$NPM_NODE_GYP"

# --- step 2: the pinned wheel -----------------------------------------------------------------
step="fetch wheel"
mkdir -p "$WHEEL_DIR" || fail "$step" "cannot create $WHEEL_DIR"
wheel_ok() { [ -f "$WHEEL_DIR/$WHEEL" ] && [ "$(sha256sum "$WHEEL_DIR/$WHEEL" | cut -d' ' -f1)" = "$WHEEL_SHA256" ]; }
if wheel_ok; then
  info "wheel cached: $WHEEL_DIR/$WHEEL"
else
  info "downloading tensorflow-cpu==$TF_VERSION ($WHEEL, ≈ 274 MB) with pip"
  tmp="$(mktemp -d "$WHEEL_DIR/.download.XXXXXX")"
  if ! "$PYTHON" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
      --platform manylinux_2_27_x86_64 --python-version 3.11 --implementation cp --abi cp311 \
      "tensorflow-cpu==$TF_VERSION" -d "$tmp" >&2; then
    rm -rf "$tmp"; fail "$step" "pip download tensorflow-cpu==$TF_VERSION failed (is PyPI reachable?)"
  fi
  [ -f "$tmp/$WHEEL" ] || { ls "$tmp" >&2; rm -rf "$tmp"; fail "$step" "pip did not produce $WHEEL"; }
  got="$(sha256sum "$tmp/$WHEEL" | cut -d' ' -f1)"
  [ "$got" = "$WHEEL_SHA256" ] || { rm -rf "$tmp"; fail "$step" "sha256 mismatch for $WHEEL: got $got, pinned $WHEEL_SHA256"; }
  mv -f "$tmp/$WHEEL" "$WHEEL_DIR/$WHEEL" && rm -rf "$tmp"
  info "wheel verified (sha256 $WHEEL_SHA256) and cached in $WHEEL_DIR"
fi

# --- step 3: libraries and headers into tfjs-node/deps ------------------------------------------
step="extract TensorFlow library"
info "extracting the TensorFlow C library and headers into $DEPS"
rm -rf "$DEPS.tmp" && mkdir -p "$DEPS.tmp/lib" "$DEPS.tmp/include" || fail "$step" "cannot write $DEPS.tmp"
"$PYTHON" - "$WHEEL_DIR/$WHEEL" "$DEPS.tmp" <<'PY' || fail "$step" "could not extract from the wheel"
import os, shutil, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
libs = {'tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'}
# The C and eager C API headers and what they include (tsl status, ctstring).
inc = ('tensorflow/include/tensorflow/c/', 'tensorflow/include/xla/tsl/c/',
       'tensorflow/include/tensorflow/core/platform/ctstring', 'tensorflow/include/tsl/platform/ctstring')
n = 0
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        name = info.filename
        if name.endswith('/'):
            continue
        if name in libs:
            dest = os.path.join(out, 'lib', os.path.basename(name))
        elif name.startswith(inc):
            dest = os.path.join(out, 'include', name[len('tensorflow/include/'):])
        else:
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(info) as src, open(dest, 'wb') as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        n += 1
missing = [l for l in libs if not os.path.exists(os.path.join(out, 'lib', os.path.basename(l)))]
if missing or not os.path.exists(os.path.join(out, 'include/tensorflow/c/eager/c_api.h')):
    sys.exit(f'missing from the wheel: {missing or "tensorflow/c/eager/c_api.h"}')
print(f'native-tfjs: extracted {n} files', file=sys.stderr)
PY
(
  cd "$DEPS.tmp/lib" &&
  ln -sf libtensorflow_cc.so.2 libtensorflow.so &&            # -ltensorflow
  ln -sf libtensorflow_cc.so.2 libtensorflow.so.2 &&
  ln -sf libtensorflow_cc.so.2 "$TFJS_MARKER" &&               # tfjs-node: "library present"
  ln -sf libtensorflow_framework.so.2 libtensorflow_framework.so   # -ltensorflow_framework
) || fail "$step" "could not create the library links"
rm -rf "$DEPS" && mv "$DEPS.tmp" "$DEPS" || fail "$step" "could not move $DEPS.tmp to $DEPS"

# --- step 4: build the binding ------------------------------------------------------------------
step="build binding"
log="$CACHE_DIR/logs/tfjs-node-build.log"
mkdir -p "$(dirname "$log")"
info "building the tfjs-node binding from source against $NODEDIR/include/node (log: $log)"
if ! (cd "$TFJS_DIR" && node "$NODE_PRE_GYP" rebuild --build-from-source --nodedir="$NODEDIR" \
        --jobs="$(nproc 2>/dev/null || echo 2)") >"$log" 2>&1; then
  tail -n 20 "$log" | sed 's/^/    /' >&2
  fail "$step" "node-pre-gyp rebuild failed (log: $log)"
fi

# --- step 5: check --------------------------------------------------------------------------------
step="load binding"
if ! v=$(probe); then
  printf '%s\n' "$v" | tail -n 5 | sed 's/^/    /' >&2
  fail "$step" "the built binding does not load or compute"
fi
echo "$WHEEL_SHA256" >"$STAMP"
info "installed: tfjs-node binding on TensorFlow $v in $((SECONDS - START)) s"
install_dnnl
info "done in $((SECONDS - START)) s"
