/**
 * npm run bench:features [-- --json] [-- --seconds 60] [-- --runs 5] [-- --no-wav2vec] [-- --no-librosa]
 *
 * Real-time factor (processing time / audio duration) of every representation on synthesised
 * audio (60 s at 16 kHz by default), with the study's parameters. When the reference venv exists
 * (~/.cache/emosweep/venv/bin/python with librosa; EMOSWEEP_VENV overrides the venv folder), the
 * same signal goes through librosa in the same run, timed the same way (one warm-up, then the best
 * of --runs runs: the minimum is the least noisy estimate on a shared machine, as Python's timeit
 * advises), and the table shows librosa's time / emosweep's time (goal: >= 2). The feature
 * extractors run single-threaded on both sides (BLAS threads pinned to 1 for librosa's einsum).
 * wav2vec's reference, when the venv also has torch + transformers (dev-venv.sh --torch), is
 * transformers' Wav2Vec2FeatureEncoder on the same signal (PyTorch's default threads, like
 * TensorFlow's for tfjs-node).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@emosweep/backend';
import { extractFeatures, STUDY_PARAMS, Wav2Vec2FeatureEncoder, type Representation } from '../src/index.js';
import { randomWav2VecFile } from '../test/wav2vec-weights.js';

const SR = 16000;
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const seconds = option('seconds', 60);
const runs = option('runs', 5);

/** Speech-like test audio: a gliding harmonic voice with syllable-rate envelope, noise and pauses. */
function synthesise(n: number): Float32Array {
  const y = new Float32Array(n);
  let phase = 0;
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff - 0.5;
  };
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const f0 = 140 + 40 * Math.sin(2 * Math.PI * 0.3 * t) + 15 * Math.sin(2 * Math.PI * 5 * t);
    phase += (2 * Math.PI * f0) / SR;
    const env = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t)) * (Math.sin(2 * Math.PI * 0.1 * t) > -0.8 ? 1 : 0);
    let v = 0;
    for (let h = 1; h <= 8; h++) v += Math.sin(h * phase) / h;
    y[i] = 0.2 * env * v + 0.02 * noise();
  }
  return y;
}

async function timeIt(fn: () => Promise<unknown> | unknown, n: number): Promise<number> {
  await fn(); // warm-up: plans, filterbanks, JIT
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  return Math.min(...ts);
}

const LIBROSA_SCRIPT = `
import json, sys, time
import numpy as np, librosa
y = np.fromfile(sys.argv[1], dtype='<f4')
runs = int(sys.argv[2])
sr = 16000
def best(f, n=runs):
    f()
    ts = []
    for _ in range(n):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return min(ts) * 1000
spec = lambda: np.abs(librosa.stft(y, n_fft=1024, hop_length=256, win_length=1024, center=False)) ** 2
mel = lambda: librosa.feature.melspectrogram(y=y, sr=sr, n_mels=80, hop_length=512, win_length=1024)
mfcc = lambda: librosa.feature.mfcc(y=y, sr=sr, n_mfcc=15, n_fft=1024, hop_length=256, win_length=1024)
chroma = lambda: librosa.feature.chroma_stft(y=y, sr=sr)
pooled = lambda: np.concatenate([mfcc().mean(axis=1), chroma().mean(axis=1), mel().mean(axis=1)])
ms = {'spectrogram': best(spec), 'melspec': best(mel), 'mfcc': best(mfcc), 'chroma': best(chroma), 'pooled': best(pooled)}
w2v = None
if sys.argv[3] == '1':
    try:
        import torch
        from transformers import Wav2Vec2Config
        from transformers.models.wav2vec2.modeling_wav2vec2 import Wav2Vec2FeatureEncoder
        enc = Wav2Vec2FeatureEncoder(Wav2Vec2Config()).eval()
        x = torch.from_numpy((y - y.mean()) / np.sqrt(y.var() + 1e-7))[None, :]
        def run():
            with torch.no_grad():
                enc(x)
        ms['wav2vec'] = best(run, int(sys.argv[4]))
        w2v = 'transformers ' + __import__('transformers').__version__ + ' / torch ' + torch.__version__
    except ImportError:
        pass
print(json.dumps({'librosa': librosa.__version__, 'numpy': np.__version__, 'wav2vec_reference': w2v, 'ms': ms}))
`;

function librosaTimes(y: Float32Array, dir: string): { version: string; w2v: string | null; ms: Partial<Record<Representation, number>> } | { skipped: string } {
  if (flag('no-librosa')) return { skipped: '--no-librosa' };
  const venv = process.env.EMOSWEEP_VENV ?? join(homedir(), '.cache', 'emosweep', 'venv');
  const python = join(venv, 'bin', 'python');
  if (!existsSync(python)) return { skipped: `no reference venv at ${venv} (bash scripts/dev-venv.sh)` };
  const sig = join(dir, 'signal.f32');
  writeFileSync(sig, Buffer.from(y.buffer, y.byteOffset, y.byteLength));
  const w2vRuns = Math.min(runs, 2);
  const r = spawnSync(python, ['-c', LIBROSA_SCRIPT, sig, String(runs), flag('no-wav2vec') ? '0' : '1', String(w2vRuns)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (r.status !== 0) return { skipped: `librosa run failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return { version: out.librosa, w2v: out.wav2vec_reference, ms: out.ms };
}

async function main() {
  const y = synthesise(Math.round(seconds * SR));
  const dir = mkdtempSync(join(tmpdir(), 'emosweep-bench-'));
  try {
    const reprs: Representation[] = ['spectrogram', 'melspec', 'mfcc', 'chroma', 'pooled'];
    const ms: Partial<Record<Representation, number>> = {};
    for (const r of reprs) ms[r] = await timeIt(() => extractFeatures(r, y, STUDY_PARAMS[r]), runs);
    let backend: string | undefined;
    if (!flag('no-wav2vec')) {
      backend = await initBackend();
      const weights = join(dir, 'model.safetensors');
      writeFileSync(weights, randomWav2VecFile(1));
      const encoder = await Wav2Vec2FeatureEncoder.load(weights);
      ms.wav2vec = await timeIt(() => extractFeatures('wav2vec', y, {}, { encoder }), Math.min(runs, 2));
      encoder.dispose();
    }
    const ref = librosaTimes(y, dir);
    const rows = (Object.keys(ms) as Representation[]).map((r) => {
      const lib = 'ms' in ref ? ref.ms[r] : undefined;
      return {
        representation: r,
        ms: round(ms[r]!, 1),
        rtf: round(ms[r]! / 1000 / seconds, 5),
        x_realtime: round((seconds * 1000) / ms[r]!, 0),
        reference: lib === undefined ? null : r === 'wav2vec' ? 'transformers' : 'librosa',
        reference_ms: lib === undefined ? null : round(lib, 1),
        speedup: lib === undefined ? null : round(lib / ms[r]!, 2),
      };
    });
    const result = {
      audio_seconds: seconds,
      runs,
      node: process.version,
      tfjs_backend: backend ?? null,
      librosa: 'version' in ref ? ref.version : null,
      librosa_skipped: 'skipped' in ref ? ref.skipped : null,
      wav2vec_reference: 'w2v' in ref ? ref.w2v : null,
      goal: 'speedup (reference ms / emosweep ms) >= 2 against librosa',
      rows,
    };
    if (flag('json')) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    console.log(`emosweep features on ${seconds} s of synthesised 16 kHz audio (best of ${runs} runs after a warm-up; study parameters)`);
    if (backend) console.log(`wav2vec: TensorFlow.js backend '${backend}', random weights`);
    console.log(result.librosa ? `librosa ${result.librosa} on the same signal in the same run` : `librosa: skipped (${result.librosa_skipped})`);
    if (result.wav2vec_reference) console.log(`wav2vec reference: ${result.wav2vec_reference}`);
    const header = ['representation', 'emosweep ms', 'RTF', '× real time', 'reference', 'reference ms', 'speed-up'];
    const lines = rows.map((r) => [
      r.representation,
      r.ms.toFixed(1),
      r.rtf.toExponential(2),
      String(r.x_realtime),
      r.reference ?? '—',
      r.reference_ms?.toFixed(1) ?? '—',
      r.speedup === null ? '—' : `${r.speedup.toFixed(2)}×`,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const fmt = (cells: string[]) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
    console.log(fmt(header));
    console.log('|' + widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':')).join('|') + '|');
    for (const l of lines) console.log(fmt(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
