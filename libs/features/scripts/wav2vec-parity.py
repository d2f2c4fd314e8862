#!/usr/bin/env python3
"""Checks emosweep's wav2vec feature encoder against transformers' Wav2Vec2FeatureEncoder.

Heavy (PyTorch + transformers, ≈ 6 GB venv), dev only:
    PY=$(bash scripts/dev-venv.sh --torch) && $PY libs/features/scripts/wav2vec-parity.py

It builds the wav2vec2-base encoder (transformers' Wav2Vec2Config defaults: 7 convs of 512 channels,
group norm, no conv bias, GELU) with random weights, saves them as a Hugging Face style
model.safetensors (names `wav2vec2.feature_extractor.conv_layers.N...`), normalises a synthetic
3 s signal with Wav2Vec2FeatureExtractor (do_normalize=True), runs both implementations on the
same weights and signal, and requires max|ours - theirs| <= 1e-4 * max|theirs| (float32 convolutions
over 512·3 terms err relative to the terms, so an elementwise bound is ill-conditioned near 0).
Exit status 0 on success, 1 on a parity failure.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
from safetensors.torch import save_file
from transformers import Wav2Vec2Config, Wav2Vec2FeatureExtractor
from transformers.models.wav2vec2.modeling_wav2vec2 import Wav2Vec2FeatureEncoder

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
TOL = 1e-4


def main() -> int:
    torch.manual_seed(0)
    config = Wav2Vec2Config()  # wav2vec2-base layout
    encoder = Wav2Vec2FeatureEncoder(config).eval()
    with torch.no_grad():
        # He-scaled kernels keep activations O(1) through the 7 layers (PyTorch's default Conv1d
        # init shrinks them ~3× per layer, which would make the comparison too easy)
        for layer in encoder.conv_layers:
            w = layer.conv.weight
            w.normal_(0.0, (2.0 / (w.shape[1] * w.shape[2])) ** 0.5)
        # move the GroupNorm affine away from (1, 0) so that it is exercised
        gn = encoder.conv_layers[0].layer_norm
        gn.weight.uniform_(0.5, 1.5)
        gn.bias.uniform_(-0.2, 0.2)

    sr = 16000
    t = np.arange(3 * sr) / sr
    rng = np.random.default_rng(1)
    y = (0.1 + 0.3 * np.sin(2 * np.pi * 180 * t) * (1 + np.sin(2 * np.pi * 3 * t)) + 0.02 * rng.standard_normal(t.size)).astype(np.float32)
    fe = Wav2Vec2FeatureExtractor(do_normalize=True, sampling_rate=sr, feature_size=1, padding_value=0.0, return_attention_mask=False)
    x = fe(y, sampling_rate=sr, return_tensors="pt").input_values  # (1, T) normalised
    with torch.no_grad():
        ref = encoder(x)[0].transpose(0, 1).contiguous().numpy()  # (frames, 512)

    with tempfile.TemporaryDirectory(prefix="emosweep-w2v-parity-") as d:
        weights = os.path.join(d, "model.safetensors")
        save_file({f"wav2vec2.feature_extractor.{k}": v.contiguous() for k, v in encoder.state_dict().items()}, weights, metadata={"format": "pt"})
        sig = os.path.join(d, "signal.f32")
        y.astype("<f4").tofile(sig)
        out = os.path.join(d, "ours.f32")
        r = subprocess.run(
            ["npx", "tsx", "libs/features/scripts/wav2vec-encode.ts", weights, sig, out],
            cwd=REPO, capture_output=True, text=True,
        )
        if r.returncode != 0:
            print(r.stdout, r.stderr, file=sys.stderr)
            return 1
        info = json.loads(r.stdout.strip().splitlines()[-1])
        ours = np.fromfile(out, dtype="<f4").reshape(info["frames"], info["dims"])

    if ours.shape != ref.shape:
        print(f"shape mismatch: emosweep {ours.shape}, transformers {ref.shape}")
        return 1
    err = np.abs(ours.astype(np.float64) - ref)
    scaled = err.max() / np.abs(ref).max()
    print(json.dumps({
        "transformers_frames": ref.shape[0], "tfjs_backend": info["backend"],
        "max_abs_error": float(err.max()), "max_abs_ref": float(np.abs(ref).max()),
        "scaled_error": float(scaled), "tolerance": TOL, "ok": bool(scaled <= TOL),
    }, indent=2))
    return 0 if scaled <= TOL else 1


if __name__ == "__main__":
    sys.exit(main())
