#!/usr/bin/env python3
"""Writes librosa reference fixtures for libs/features' parity tests.

Run with the dev venv (librosa 0.11.0):
    PY=$(bash scripts/dev-venv.sh) && $PY libs/features/scripts/make-fixtures.py

Output (committed): libs/features/test/fixtures/librosa.json (index) + librosa.bin (float32 LE).
Every matrix is stored in emosweep's orientation (frames x dims, row-major), i.e. librosa's
(dims x frames) transposed; filterbanks keep librosa's (bands x bins) orientation.

The signals are float32, as `librosa.load` returns them, and librosa is called on them as a user
would: the references carry librosa's own float32 rounding (its STFT output is complex64,
its mel/chroma products and DCT run in float32). With --float64 the script also runs every case
on float64 copies of the same samples and prints how far librosa's float32 path is from its
float64 path (diagnostic only, nothing stored).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import librosa

SR = 16000
HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "test", "fixtures")


def make_signals() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(20240611)
    sig: dict[str, np.ndarray] = {}
    # Exponential sweep 110 Hz -> 4 kHz, odd length (12003) to exercise the framing arithmetic.
    n = 12003
    t = np.arange(n) / SR
    f0, f1, dur = 110.0, 4000.0, n / SR
    k = np.log(f1 / f0) / dur
    sig["chirp"] = 0.5 * np.sin(2 * np.pi * f0 * (np.exp(k * t) - 1) / k)
    # White noise, 0.5 s.
    sig["noise"] = 0.1 * rng.standard_normal(8000)
    # Harmonic tone, 0.75 s: f0 = G3 detuned by +0.27 semitone so tuning estimation is non-trivial.
    t = np.arange(12000) / SR
    f0 = 196.0 * 2 ** (0.27 / 12)
    sig["harmonic"] = sum((0.3 / h) * np.sin(2 * np.pi * h * f0 * t + h) for h in range(1, 7))
    # 0.3 s of digital silence, then 0.45 s of 440 Hz with a 10 ms fade-in.
    tone = 0.4 * np.sin(2 * np.pi * 440.0 * np.arange(7200) / SR)
    tone[:160] *= np.linspace(0, 1, 160)
    sig["silence_tone"] = np.concatenate([np.zeros(4800), tone])
    # Shorter than n_fft=2048: centred STFT pads it whole (the "tail <= head" path).
    sig["short"] = 0.2 * rng.standard_normal(700)
    return {k: v.astype(np.float32) for k, v in sig.items()}


MAIN = ["chirp", "noise", "harmonic", "silence_tone"]

STUDY_SPEC = dict(n_fft=1024, hop_length=256, win_length=1024, center=False)
STUDY_MEL = dict(n_mels=80, hop_length=512, win_length=1024)
STUDY_MFCC = dict(n_mfcc=15, n_fft=1024, hop_length=256, win_length=1024)


def jsonable(params: dict) -> dict:
    """librosa uses np.inf for infinity norms; JSON has no infinity: emosweep spells it 'inf'."""
    return {k: ("inf" if v == np.inf else v) for k, v in params.items()}


def pyparams(params: dict) -> dict:
    return {k: (np.inf if v == "inf" else v) for k, v in params.items()}


def f_spectrogram(y, p):
    p = dict(p)
    power = p.pop("power", 2.0)
    return np.abs(librosa.stft(y, **p)) ** power


def f_melspec(y, p):
    return librosa.feature.melspectrogram(y=y, sr=SR, **pyparams(p))


def f_mfcc(y, p):
    return librosa.feature.mfcc(y=y, sr=SR, **pyparams(p))


def f_chroma(y, p):
    return librosa.feature.chroma_stft(y=y, sr=SR, **pyparams(p))


def f_melspec_db(y, p):
    db = dict(p["db"])
    if db.get("ref") == "max":
        db["ref"] = np.max
    return librosa.power_to_db(f_melspec(y, p["mel"]), **db)


def f_pooled(y, p):
    # V0's vector: time-means of MFCC, chroma and mel-spectrogram (power), concatenated.
    return np.concatenate(
        [
            f_mfcc(y, p["mfcc"]).mean(axis=-1),
            f_chroma(y, p["chroma"]).mean(axis=-1),
            f_melspec(y, p["melspec"]).mean(axis=-1),
        ]
    )[None, :]


def f_estimate_tuning(y, p):
    return np.array([[librosa.estimate_tuning(y=y, sr=SR, **p)]])


def f_chroma_tuning(y, p):
    # The tuning chroma_stft estimates internally: on the *power* spectrogram.
    p = dict(p)
    n_chroma = p.pop("n_chroma", 12)
    S = np.abs(librosa.stft(y, **p)) ** 2
    return np.array([[librosa.estimate_tuning(S=S, sr=SR, bins_per_octave=n_chroma)]])


def f_mel_filterbank(_y, p):
    return librosa.filters.mel(sr=SR, **pyparams(p))


def f_chroma_filterbank(_y, p):
    return librosa.filters.chroma(sr=SR, **p)


FUNCS = {
    "spectrogram": (f_spectrogram, True),
    "melspectrogram": (f_melspec, True),
    "mfcc": (f_mfcc, True),
    "chroma_stft": (f_chroma, True),
    "melspectrogram_db": (f_melspec_db, True),
    "pooled": (f_pooled, False),
    "estimate_tuning": (f_estimate_tuning, False),
    "chroma_tuning": (f_chroma_tuning, False),
    "mel_filterbank": (f_mel_filterbank, False),
    "chroma_filterbank": (f_chroma_filterbank, False),
}

# (fn, label, params, signals)
CASES = [
    ("spectrogram", "study", dict(STUDY_SPEC, power=2.0), MAIN),
    ("spectrogram", "librosa-defaults-magnitude", dict(power=1.0), ["harmonic"]),
    ("spectrogram", "n400-win320-hamming-reflect", dict(n_fft=400, hop_length=160, win_length=320, window="hamming", pad_mode="reflect"), ["chirp"]),
    ("spectrogram", "hop-over-half-reflect-blackman", dict(n_fft=1024, hop_length=600, window="blackman", pad_mode="reflect"), ["chirp"]),
    ("spectrogram", "edge-boxcar-power1.5", dict(n_fft=512, hop_length=256, window="boxcar", pad_mode="edge", power=1.5), ["silence_tone"]),
    ("spectrogram", "short-signal-centred", dict(n_fft=2048, hop_length=512), ["short"]),
    ("spectrogram", "odd-n255-bartlett-symmetric", dict(n_fft=255, hop_length=100, window="bartlett", pad_mode="symmetric"), ["noise"]),
    ("spectrogram", "triang-reflect-short", dict(n_fft=256, hop_length=64, window="triang", pad_mode="reflect"), ["short"]),
    ("melspectrogram", "study", STUDY_MEL, MAIN),
    ("melspectrogram", "librosa-defaults", {}, ["noise"]),
    ("melspectrogram", "htk-nonorm-fmin-fmax-power1", dict(n_fft=512, hop_length=128, n_mels=40, fmin=50.0, fmax=7000.0, htk=True, norm=None, power=1.0), ["chirp"]),
    ("melspectrogram", "n400-norm1", dict(n_fft=400, hop_length=160, n_mels=64, fmin=20.0, norm=1), ["harmonic"]),
    ("mfcc", "study", STUDY_MFCC, MAIN),
    ("mfcc", "librosa-defaults", {}, ["chirp"]),
    ("mfcc", "dct3-nonorm-lifter-htk", dict(n_mfcc=13, n_fft=512, hop_length=160, n_mels=40, htk=True, lifter=22, dct_type=3, norm=None), ["harmonic"]),
    ("mfcc", "dct1-ortho-melnorm-none", dict(n_mfcc=12, dct_type=1, n_mels=26, n_fft=1024, hop_length=256, mel_norm=None), ["noise"]),
    ("mfcc", "dct2-nonorm", dict(n_mfcc=20, norm=None), ["silence_tone"]),
    ("chroma_stft", "librosa-defaults", {}, MAIN),
    ("chroma_stft", "n1024-tuning0", dict(n_fft=1024, hop_length=256, tuning=0.0), ["harmonic"]),
    ("chroma_stft", "24bins-norm2-no-basec-no-octwidth", dict(n_chroma=24, norm=2, base_c=False, octwidth=None, ctroct=4.0), ["chirp"]),
    ("chroma_stft", "n1024-nonorm", dict(n_fft=1024, hop_length=256, norm=None), ["silence_tone"]),
    ("melspectrogram_db", "study-mel-ref1-top80", dict(mel=STUDY_MEL, db=dict(ref=1.0, amin=1e-10, top_db=80.0)), ["harmonic"]),
    ("melspectrogram_db", "refmax-amin1e-5-notop", dict(mel={}, db=dict(ref="max", amin=1e-5, top_db=None)), ["silence_tone"]),
    ("pooled", "study", dict(mfcc=STUDY_MFCC, chroma={}, melspec=STUDY_MEL), MAIN),
    ("estimate_tuning", "librosa-defaults", {}, MAIN),
    ("chroma_tuning", "librosa-defaults", {}, MAIN),
    # The study's own filterbanks (2048/80, 1024/128) are exercised through melspectrogram and mfcc
    # above; storing them whole would double the fixtures' size.
    ("mel_filterbank", "n512-40-htk-nonorm", dict(n_fft=512, n_mels=40, fmin=50.0, fmax=7000.0, htk=True, norm=None), [None]),
    ("mel_filterbank", "n400-64-norm1", dict(n_fft=400, n_mels=64, fmin=20.0, norm=1), [None]),
    ("mel_filterbank", "n1024-32-norminf", dict(n_fft=1024, n_mels=32, norm="inf"), [None]),
    ("chroma_filterbank", "n2048-tuning0", dict(n_fft=2048, tuning=0.0), [None]),
    ("chroma_filterbank", "n1024-24-detuned", dict(n_fft=1024, tuning=-0.23, n_chroma=24, base_c=False, octwidth=None), [None]),
    ("chroma_filterbank", "n401-tuning0.1", dict(n_fft=401, tuning=0.1, ctroct=4.0, octwidth=1.5), [None]),
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--float64", action="store_true", help="also report librosa float32-vs-float64 differences")
    args = ap.parse_args()
    os.makedirs(OUT_DIR, exist_ok=True)
    signals = make_signals()
    blobs: list[np.ndarray] = []
    offset = 0

    def put(a: np.ndarray) -> int:
        nonlocal offset
        a = np.ascontiguousarray(a, dtype="<f4").ravel()
        blobs.append(a)
        start = offset
        offset += a.size
        return start

    index = {
        "generator": "libs/features/scripts/make-fixtures.py",
        "librosa": librosa.__version__,
        "numpy": np.__version__,
        "sr": SR,
        "layout": "float32 little-endian; offsets and lengths in elements; matrices row-major frames x dims",
        "signals": {},
        "cases": [],
    }
    for name, y in signals.items():
        index["signals"][name] = {"offset": put(y), "length": int(y.size)}

    for fn, label, params, sigs in CASES:
        f, transpose = FUNCS[fn]
        for s in sigs:
            y = signals[s] if s else None
            out = np.asarray(f(y, params))
            mat = out.T if transpose else out
            if mat.ndim == 1:
                mat = mat[None, :]
            case = {
                "id": f"{fn}/{label}" + (f"/{s}" if s else ""),
                "fn": fn,
                "signal": s,
                "params": params if fn in ("pooled", "melspectrogram_db") else jsonable(params),
                "shape": list(mat.shape),
                "offset": put(mat),
            }
            index["cases"].append(case)
            if args.float64 and y is not None:
                ref64 = np.asarray(f(y.astype(np.float64), params))
                ref64 = ref64.T if transpose else ref64
                ref64 = ref64.reshape(mat.shape)
                d = np.abs(mat.astype(np.float64) - ref64)
                scale = np.abs(ref64)
                rel = d / np.maximum(scale, 1e-30)
                print(f"{case['id']:60s} max abs {d.max():.3e}  max rel {rel[scale > 0].max() if (scale > 0).any() else 0:.3e}")

    data = np.concatenate(blobs).astype("<f4")
    with open(os.path.join(OUT_DIR, "librosa.bin"), "wb") as fh:
        fh.write(data.tobytes())
    with open(os.path.join(OUT_DIR, "librosa.json"), "w") as fh:
        json.dump(index, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"{len(index['cases'])} cases, {data.size * 4 / 1024:.0f} KiB of float32 -> {os.path.normpath(OUT_DIR)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
