/**
 * `npm run bench:train` — V1 training and inference throughput, every available tfjs backend and
 * LSTM path against Keras and PyTorch on the same model, in one run, one contender after another
 * (never concurrently), interleaved over rounds.
 *
 *   npm run bench:train                    human-readable report
 *   npm run -s bench:train -- --json       one JSON object on stdout (progress on stderr)
 *
 * Options: --rounds N (3) --seconds S per measurement (4) --quick (1 round, 2 s)
 *          --backends tensorflow,wasm,cpu (default tensorflow,wasm) --paths fused,reference
 *          --configs v1_mfcc,v1_mel --no-peers --slow-rounds N (rounds for the slow reference
 *          paths, default 1)
 *
 * Contenders: on `tensorflow`, FusedLSTM on the oneDNN addon with the lean step (FlatAdam, fused
 * softmax cross-entropy, host one-hot), FusedLSTM on each kernel (oneDNN, TensorFlow's BlockLSTM)
 * with trainFold's own step (`trainStep`), the tfjs-layers reference LSTM; on `wasm`, the reference;
 * PyTorch with all cores and with one thread (its OpenMP collapses on shared cores), Keras. Ratios
 * use the fastest tfjs contender and the fastest variant of each peer; the machine's matmul rate is
 * the best 2048² matmul seen in the run (tfjs re-measures it every round).
 *
 * Peers run from the dev venv (bash scripts/dev-venv.sh --torch --keras; EMOSWEEP_VENV to override).
 * Every figure is printed with the 1-minute load average at the time it was taken: other processes
 * on the machine distort them (OpenMP runtimes most of all), so compare figures from quiet rounds.
 */
import os from 'node:os';
import {
  backendInfo, countKernels, dnnlThreads, dnnlUnavailable, initBackend, setDnnlThreads, tf, useBackend, type BackendName,
} from '@emosweep/backend';
import type { LstmImpl } from '@emosweep/models';
import { Peer, type PeerName } from './peers.js';
import { BENCH_CASES } from './train.bench.js';
import { buildV1, v1InferFlopsPerSample, v1Steps, v1TrainFlopsPerSample, type V1Shape, type V1Steps } from './v1-step.js';

// ---- options -----------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const JSON_OUT = flag('json');
const QUICK = flag('quick');
const ROUNDS = Number(opt('rounds', QUICK ? '1' : '3'));
const SECONDS = Number(opt('seconds', QUICK ? '2' : '4'));
const SLOW_ROUNDS = Number(opt('slow-rounds', '1'));
const BACKENDS = opt('backends', 'tensorflow,wasm').split(',') as BackendName[];
const PATHS = opt('paths', 'fused,reference').split(',') as LstmImpl[];
const PEERS: PeerName[] = flag('no-peers') ? [] : ['torch', 'keras'];

// The shapes of the training library's own benchmark (train.bench.ts).
const shape = (c: (typeof BENCH_CASES)[string], label: string) => ({ label, seq: c.seqLen, dims: c.dims, batch: c.batch, classes: c.classes, units: c.units });
const CONFIGS: Record<string, V1Shape & { label: string }> = {
  v1_mfcc: shape(BENCH_CASES.mfcc, 'V1 / MFCC'),
  v1_mel: shape(BENCH_CASES.mel, 'V1 / mel'),
};
const CONFIG_NAMES = opt('configs', Object.keys(CONFIGS).join(',')).split(',').filter((c) => c in CONFIGS);

const say = (msg: string) => (JSON_OUT ? process.stderr : process.stdout).write(msg + '\n');
const load1 = () => Number(os.loadavg()[0].toFixed(2));
const fmt = (n: number | undefined, d = 0) => (n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(d));

// ---- contenders ------------------------------------------------------------------------------------
interface Sample {
  samplesPerSec: number;
  load: number;
}
interface ContenderResult {
  name: string;
  kind: 'tfjs' | PeerName;
  backend?: BackendName;
  path?: LstmImpl;
  /** FusedLSTM's kernel (fused path). */
  kernel?: 'onednn' | 'tensorflow';
  /** The training step's ops: as trainFold today, or the lean variant (v1-step.ts). */
  step?: 'trainFold' | 'lean';
  /** PyTorch: intra-op threads (undefined = its default, all cores); oneDNN kernel: OpenMP threads. */
  threads?: number;
  version?: string;
  unavailable?: string;
  train: Sample[];
  infer: Sample[];
  kernelsPerBatch?: number;
  inferKernelsPerBatch?: number;
  note?: string;
  loss?: number;
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const tfjsState = new Map<string, { steps: V1Steps; model: tf.LayersModel }>();
let activeBackend: BackendName | undefined;

async function switchTo(b: BackendName): Promise<string | undefined> {
  if (activeBackend === b) return undefined;
  const problem = await useBackend(b);
  if (!problem) activeBackend = b;
  return problem;
}

async function timeLoop(step: () => void | Promise<void>, sync: () => Promise<unknown>, seconds: number, minSteps: number, warmup: number) {
  for (let i = 0; i < warmup; i++) await step();
  await sync();
  let n = 0;
  const t0 = performance.now();
  while (n < minSteps || performance.now() - t0 < seconds * 1000) {
    await step();
    n++;
  }
  await sync();
  return { n, secs: (performance.now() - t0) / 1000 };
}

async function measureTfjs(r: ContenderResult, cfgName: string, slow: boolean): Promise<void> {
  const cfg = CONFIGS[cfgName];
  const problem = await switchTo(r.backend!);
  if (problem) {
    r.unavailable = problem;
    return;
  }
  const key = `${r.name}:${cfgName}`;
  let st = tfjsState.get(key);
  if (!st) {
    const built = buildV1(r.path!, cfg, 1, r.kernel);
    st = { model: built.model, steps: v1Steps(built.model, cfg, r.step) };
    tfjsState.set(key, st);
    // Warm-up (graph of kernels, TensorFlow's per-op caches), then count kernels of one step.
    st.steps.train();
    await st.steps.finish();
    r.kernelsPerBatch = (await countKernels(async () => (st!.steps.train(), await st!.steps.finish()))).kernels;
    r.inferKernelsPerBatch = (await countKernels(() => st!.steps.infer())).kernels;
  }
  const defaultThreads = dnnlThreads();
  if (r.kernel === 'onednn' && r.threads && defaultThreads) setDnnlThreads(r.threads);
  try {
    await timeTfjs(r, st, cfg, slow);
  } finally {
    if (defaultThreads) setDnnlThreads(defaultThreads);
  }
}

async function timeTfjs(r: ContenderResult, st: { steps: V1Steps }, cfg: V1Shape, slow: boolean): Promise<void> {
  const seconds = slow ? Math.min(SECONDS, 2) : SECONDS;
  const minSteps = slow ? 2 : 3;
  let t = await timeLoop(() => st!.steps.train(), () => st!.steps.finish(), seconds, minSteps, slow ? 0 : 2);
  r.train.push({ samplesPerSec: (t.n * cfg.batch) / t.secs, load: load1() });
  r.loss = await st.steps.finish();
  t = await timeLoop(() => st!.steps.infer(), async () => undefined, seconds, minSteps, slow ? 1 : 2);
  r.infer.push({ samplesPerSec: (t.n * cfg.batch) / t.secs, load: load1() });
}

async function measurePeer(peer: Peer, r: ContenderResult, cfgName: string): Promise<void> {
  if (peer.unavailable) {
    r.unavailable = peer.unavailable;
    return;
  }
  const cfg = CONFIGS[cfgName];
  const base = {
    seq: cfg.seq, dims: cfg.dims, batch: cfg.batch, classes: cfg.classes, units: cfg.units, hidden: cfg.units,
    seconds: SECONDS, minSteps: 3, warmup: 3, threads: r.threads,
  };
  const tr = await peer.ask({ op: 'train', ...base });
  if (tr.error) {
    r.unavailable = tr.error;
    return;
  }
  r.train.push({ samplesPerSec: tr.samplesPerSec!, load: load1() });
  r.loss = tr.loss;
  r.version = tr.version;
  const inf = await peer.ask({ op: 'infer', ...base });
  if (!inf.error) r.infer.push({ samplesPerSec: inf.samplesPerSec!, load: load1() });
}

async function tfjsMatmulGflops(n = 2048, seconds = 2): Promise<number | undefined> {
  if (await switchTo('tensorflow')) return undefined;
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const step = () => tf.tidy(() => void tf.matMul(a, b).dataSync());
  const t = await timeLoop(step, async () => undefined, seconds, 3, 1);
  tf.dispose([a, b]);
  return (2 * n ** 3 * t.n) / t.secs / 1e9;
}

// ---- main ----------------------------------------------------------------------------------------------
async function main() {
  const startedLoad = os.loadavg().map((v) => Number(v.toFixed(2)));
  await initBackend();
  const cpu = os.cpus();
  say(`emosweep bench:train — ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, load average ${startedLoad.join(' ')} at start`);

  // Which backends run here.
  const backendProblems: Record<string, string> = {};
  const backendDetails: Record<string, unknown> = {};
  for (const b of BACKENDS) {
    const problem = await switchTo(b);
    if (problem) backendProblems[b] = problem;
    else backendDetails[b] = backendInfo();
  }
  for (const [b, p] of Object.entries(backendProblems)) say(`  backend ${b}: unavailable (${p})`);
  for (const [b, i] of Object.entries(backendDetails)) say(`  backend ${b}: ${JSON.stringify(i)}`);

  const peers = new Map<PeerName, Peer>(PEERS.map((p) => [p, new Peer(p)]));
  for (const p of peers.values()) {
    await p.start();
    say(`  peer ${p.name}: ${p.unavailable ? `unavailable (${p.unavailable})` : p.version}`);
  }

  // The machine's matmul rate (2048² float32), measured by each runtime in this run.
  const matmul: Record<string, number | string> = {};
  const tfm = backendProblems.tensorflow ? undefined : await tfjsMatmulGflops();
  if (tfm !== undefined) matmul.tfjsTensorflow = Number(tfm.toFixed(1));
  for (const p of peers.values()) {
    const r = await p.ask({ op: 'matmul', n: 2048, seconds: 2, minSteps: 3, warmup: 1 });
    matmul[p.name] = r.gflops !== undefined ? Number(r.gflops.toFixed(1)) : `unavailable: ${r.error}`;
  }
  say(`  matmul 2048² GFLOP/s: ${JSON.stringify(matmul)} (load ${load1()})`);
  // Re-measured by tfjs at each round: the peak is the best seen in the run (load lowers it).
  const tfjsMatmul: number[] = tfm !== undefined ? [tfm] : [];

  // Contenders per config.
  const onednn = !backendProblems.tensorflow && !dnnlUnavailable();
  if (!backendProblems.tensorflow && !onednn) say(`  oneDNN LSTM kernel: unavailable (${dnnlUnavailable()}); the fused path uses TensorFlow's BlockLSTM kernels`);
  const results: Record<string, ContenderResult[]> = {};
  for (const c of CONFIG_NAMES) {
    const list: ContenderResult[] = [];
    for (const b of BACKENDS) {
      for (const p of PATHS) {
        const base = { kind: 'tfjs' as const, backend: b, path: p, train: [], infer: [], unavailable: backendProblems[b] };
        if (p === 'reference') {
          list.push({ ...base, name: `tfjs ${b} reference`, step: 'trainFold', train: [], infer: [] });
          continue;
        }
        if (b !== 'tensorflow') continue; // the fused layer runs only on tensorflow
        // Fused: the fastest kernel with the lean step, then each kernel with trainFold's step.
        const kernels: Array<'onednn' | 'tensorflow'> = onednn ? ['onednn', 'tensorflow'] : ['tensorflow'];
        list.push({ ...base, name: `tfjs ${b} fused/${kernels[0]} lean`, kernel: kernels[0], step: 'lean', train: [], infer: [] });
        // oneDNN on all cores: fastest on an idle dedicated machine, collapses on shared cores (OpenMP).
        const cores = os.cpus().length;
        if (onednn && cores > 1 && cores !== dnnlThreads()) {
          list.push({ ...base, name: `tfjs ${b} fused/onednn×${cores} lean`, kernel: 'onednn', step: 'lean', threads: cores, train: [], infer: [] });
        }
        for (const k of kernels) list.push({ ...base, name: `tfjs ${b} fused/${k}`, kernel: k, step: 'trainFold', train: [], infer: [] });
      }
    }
    for (const p of peers.keys()) {
      const all = p === 'torch' ? os.cpus().length : undefined;
      list.push({ name: p === 'torch' ? `PyTorch (${all} threads)` : 'Keras', kind: p, threads: all, train: [], infer: [] });
      // PyTorch's OpenMP collapses when the cores are shared; its single-thread figure is fairer then.
      if (p === 'torch' && os.cpus().length > 1) list.push({ name: 'PyTorch (1 thread)', kind: p, threads: 1, train: [], infer: [] });
    }
    results[c] = list;
  }

  for (let round = 1; round <= ROUNDS; round++) {
    if (round > 1 && tfm !== undefined) {
      const g = await tfjsMatmulGflops();
      if (g !== undefined) {
        tfjsMatmul.push(g);
        say(`  round ${round} matmul 2048² (tfjs tensorflow): ${fmt(g, 1)} GFLOP/s (load ${load1()})`);
      }
    }
    for (const c of CONFIG_NAMES) {
      for (const r of results[c]) {
        if (r.unavailable) continue;
        const slow = r.kind === 'tfjs' && r.path === 'reference';
        if (slow && round > SLOW_ROUNDS) continue;
        if (r.kind === 'tfjs') await measureTfjs(r, c, slow);
        else await measurePeer(peers.get(r.kind)!, r, c);
        if (r.unavailable) say(`  ${c} ${r.name}: unavailable (${r.unavailable})`);
        else {
          const tr = r.train[r.train.length - 1], inf = r.infer[r.infer.length - 1];
          say(
            `  round ${round} ${c.padEnd(8)} ${r.name.padEnd(36)} train ${fmt(tr?.samplesPerSec, 1).padStart(7)} /s` +
              `  infer ${fmt(inf?.samplesPerSec, 0).padStart(6)} /s  (load ${tr?.load})`,
          );
        }
      }
    }
  }
  for (const p of peers.values()) p.stop();
  if (tfjsMatmul.length) matmul.tfjsTensorflow = Number(Math.max(...tfjsMatmul).toFixed(1));
  const peak = Math.max(...Object.values(matmul).filter((v): v is number => typeof v === 'number'));

  // Summary.
  const out: Record<string, unknown> = {};
  for (const c of CONFIG_NAMES) {
    const cfg = CONFIGS[c];
    const list = results[c];
    const med = (r: ContenderResult | undefined, k: 'train' | 'infer') => (r && !r.unavailable ? median(r[k].map((s) => s.samplesPerSec)) : NaN);
    const tfjs = list.filter((r) => r.kind === 'tfjs' && !r.unavailable && r.train.length);
    const best = tfjs.sort((a, b) => med(b, 'train') - med(a, 'train'))[0];
    // The fastest variant of each peer (PyTorch: all cores or one thread).
    const peer = (k: PeerName) =>
      list.filter((r) => r.kind === k).sort((a, b) => (med(b, 'train') || -1) - (med(a, 'train') || -1))[0];
    const peerFig = (k: PeerName, what: 'train' | 'infer'): number | string => {
      const r = peer(k);
      if (!r) return 'unavailable: not run (--no-peers)';
      if (r.unavailable) return `unavailable: ${r.unavailable}`;
      return Number(med(r, what).toFixed(1));
    };
    const ratio = (k: PeerName): number | string => {
      const f = peerFig(k, 'train');
      return typeof f === 'number' && best ? Number((med(best, 'train') / f).toFixed(3)) : typeof f === 'string' ? f : 'unavailable: no tfjs figure';
    };
    const flops = v1TrainFlopsPerSample(cfg);
    const trainSps = best ? med(best, 'train') : NaN;
    const allLoads = list.flatMap((r) => [...r.train, ...r.infer].map((s) => s.load));
    out[c] = {
      backend: best?.backend ?? 'none',
      path: best?.path ?? 'none',
      kernel: best?.kernel ?? (best?.path === 'reference' ? 'tfjs-layers' : undefined),
      step: best?.step,
      onednnThreads: best?.kernel === 'onednn' ? (best.threads ?? dnnlThreads()) : undefined,
      trainSamplesPerSec: Number(fmt(trainSps, 1)),
      inferSamplesPerSec: Number(fmt(best ? med(best, 'infer') : NaN, 1)),
      kerasTrainSamplesPerSec: peerFig('keras', 'train'),
      torchTrainSamplesPerSec: peerFig('torch', 'train'),
      kerasInferSamplesPerSec: peerFig('keras', 'infer'),
      torchInferSamplesPerSec: peerFig('torch', 'infer'),
      ratioKeras: ratio('keras'),
      ratioTorch: ratio('torch'),
      kernelsPerBatch: best?.kernelsPerBatch ?? null,
      inferKernelsPerBatch: best?.inferKernelsPerBatch ?? null,
      shape: { batch: cfg.batch, seq: cfg.seq, dims: cfg.dims, units: cfg.units, classes: cfg.classes },
      trainMflopPerSample: Number((flops / 1e6).toFixed(1)),
      inferMflopPerSample: Number((v1InferFlopsPerSample(cfg) / 1e6).toFixed(1)),
      matmulPeakGflops: Number(fmt(peak, 1)),
      fractionOfMatmulPeak: Number(((trainSps * flops) / (peak * 1e9)).toFixed(3)),
      loadAvgRange: allLoads.length ? [Math.min(...allLoads), Math.max(...allLoads)] : [],
      contenders: list.map((r) => ({
        name: r.name,
        backend: r.backend,
        path: r.path,
        kernel: r.kernel,
        step: r.step,
        threads: r.threads,
        version: r.version,
        unavailable: r.unavailable,
        trainSamplesPerSec: r.unavailable ? null : Number(fmt(med(r, 'train'), 1)),
        inferSamplesPerSec: r.unavailable ? null : Number(fmt(med(r, 'infer'), 1)),
        trainRounds: r.train.map((s) => ({ samplesPerSec: Number(s.samplesPerSec.toFixed(1)), load: s.load })),
        inferRounds: r.infer.map((s) => ({ samplesPerSec: Number(s.samplesPerSec.toFixed(1)), load: s.load })),
        fractionOfMatmulPeak: r.unavailable ? null : Number(((med(r, 'train') * flops) / (peak * 1e9)).toFixed(3)),
        kernelsPerBatch: r.kernelsPerBatch,
        inferKernelsPerBatch: r.inferKernelsPerBatch,
        lastLoss: r.loss,
        note: r.note,
      })),
    };
  }
  const summary = {
    machine: { cpus: cpu.length, model: cpu[0]?.model, loadAvgStart: startedLoad, loadAvgEnd: os.loadavg().map((v) => Number(v.toFixed(2))) },
    backends: { ...backendDetails, ...Object.fromEntries(Object.entries(backendProblems).map(([b, p]) => [b, `unavailable: ${p}`])) },
    matmulGflops: matmul,
    rounds: ROUNDS,
    secondsPerMeasurement: SECONDS,
    ...out,
  };

  if (JSON_OUT) {
    process.stdout.write(JSON.stringify(summary) + '\n');
    return;
  }
  say('');
  for (const c of CONFIG_NAMES) {
    const s = out[c] as Record<string, unknown> & { contenders: Array<Record<string, unknown>>; shape: V1Shape };
    say(
      `${CONFIGS[c].label}: batch ${s.shape.batch} × ${s.shape.seq} frames × ${s.shape.dims}, LSTM(${s.shape.units}) → ${s.shape.units} ReLU → ${s.shape.classes}; ` +
        `${s.trainMflopPerSample} MFLOP/sample training; medians over rounds`,
    );
    say(`  ${'contender'.padEnd(36)} ${'train/s'.padStart(8)} ${'infer/s'.padStart(8)} ${'%peak'.padStart(6)} ${'kernels/batch'.padStart(14)}  load (train rounds)`);
    for (const r of s.contenders) {
      if (r.unavailable) {
        say(`  ${String(r.name).padEnd(36)} unavailable: ${r.unavailable}`);
        continue;
      }
      const loads = (r.trainRounds as Sample[]).map((x) => x.load).join(' ');
      say(
        `  ${String(r.name).padEnd(36)} ${fmt(r.trainSamplesPerSec as number, 1).padStart(8)} ${fmt(r.inferSamplesPerSec as number, 0).padStart(8)} ` +
          `${fmt(100 * (r.fractionOfMatmulPeak as number), 1).padStart(6)} ${String(r.kernelsPerBatch ?? '—').padStart(14)}  ${loads}`,
      );
      if (r.note) say(`    note: ${r.note}`);
    }
    say(
      `  fastest tfjs: ${s.backend} ${s.path}${s.kernel ? `/${s.kernel}` : ''} ${s.step ?? ''} — ×${typeof s.ratioTorch === 'number' ? s.ratioTorch : '?'} PyTorch, ×${typeof s.ratioKeras === 'number' ? s.ratioKeras : '?'} Keras ` +
        `(training); ${fmt(100 * (s.fractionOfMatmulPeak as number), 1)} % of the measured matmul peak (${s.matmulPeakGflops} GFLOP/s)`,
    );
    say('');
  }
  say(`load average at end: ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    process.stderr.write(`bench:train failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
