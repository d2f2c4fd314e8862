#!/usr/bin/env bash
# Creates the reference Python venv OUTSIDE the checkout (dev only: parity fixtures, peer benchmarks).
#   bash scripts/dev-venv.sh            librosa (feature parity fixtures, bench:features)
#   bash scripts/dev-venv.sh --torch    + PyTorch CPU and transformers (wav2vec parity, bench:train)
#   bash scripts/dev-venv.sh --keras    + tensorflow-cpu / Keras 3 (bench:train)
# Prints the venv's python path. emosweep itself never needs Python.
set -euo pipefail
VENV="${EMOSWEEP_VENV:-$HOME/.cache/emosweep/venv}"
PY="${PYTHON:-python3}"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV" >&2
pip() { "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$@" >&2; }
pip numpy 'librosa==0.11.0' soundfile safetensors
for arg in "$@"; do
  case "$arg" in
    --torch) pip 'torch==2.*' 'transformers<6' ;;
    --keras) pip 'tensorflow-cpu==2.21.0' ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
echo "$VENV/bin/python"
