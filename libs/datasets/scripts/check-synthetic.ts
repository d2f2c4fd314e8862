/**
 * Sanity check of the synthetic corpus recipe: generates a corpus, computes a few prosodic features per
 * utterance (pitch, loudness, speaking rate proxies, spectral balance) and reports the leave-one-session-out
 * unweighted accuracy of a nearest-class-mean classifier on them. The task should be learnable (well above
 * the 25 % chance level) and not trivial (well below 100 %).
 *
 *   npx tsx libs/datasets/scripts/check-synthetic.ts [outDir] [perSpeaker] [seed]
 */
import os from 'node:os';
import path from 'node:path';
import { loadAudio } from '@emosweep/audio';
import { generateSyntheticCorpus, importIemocap } from '../src/index.js';

const out = process.argv[2] ?? path.join(os.tmpdir(), 'emosweep-synthetic-check');
const perSpeaker = Number(process.argv[3] ?? 12);
const seed = Number(process.argv[4] ?? 1);

function features(x: Float32Array, rate: number): number[] {
  const frame = 640; // 40 ms
  const hop = 320;
  const energies: number[] = [];
  const f0s: number[] = [];
  let zc = 0;
  let hf = 0;
  let lf = 0;
  for (let s = 0; s + frame <= x.length; s += hop) {
    let e = 0;
    for (let i = s; i < s + frame; i++) e += x[i] * x[i];
    e /= frame;
    energies.push(10 * Math.log10(e + 1e-10));
    if (e < 1e-4) continue;
    // autocorrelation pitch, 60–400 Hz
    let best = 0;
    let bestLag = 0;
    for (let lag = Math.floor(rate / 400); lag <= Math.floor(rate / 60); lag++) {
      let c = 0;
      for (let i = s; i < s + frame - lag; i++) c += x[i] * x[i + lag];
      if (c > best) {
        best = c;
        bestLag = lag;
      }
    }
    if (best / (e * frame) > 0.4) f0s.push(Math.log(rate / bestLag));
    for (let i = s + 1; i < s + frame; i++) {
      if (x[i] * x[i - 1] < 0) zc++;
      const d = x[i] - x[i - 1];
      hf += d * d;
      lf += x[i] * x[i];
    }
  }
  const mean = (a: number[]) => a.reduce((p, v) => p + v, 0) / Math.max(1, a.length);
  const std = (a: number[]) => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));
  const voiced = energies.filter((v) => v > -40);
  return [mean(f0s), std(f0s), mean(voiced), std(voiced), voiced.length / energies.length, zc / x.length, Math.log(hf / (lf + 1e-12)), x.length / rate];
}

const t = performance.now();
const r = await generateSyntheticCorpus(out, { perSpeaker, seed });
console.log(`generated ${r.utterances} utterances in ${((performance.now() - t) / 1000).toFixed(1)} s under ${r.root}`);
const d = await importIemocap(r.root);
const rows: { f: number[]; y: number; g: string }[] = [];
for (const u of d.utterances) rows.push({ f: features(await loadAudio(u.path), 16000), y: d.labels.indexOf(u.label), g: u.group });

const groups = [...new Set(rows.map((r) => r.g))];
const confusion = d.labels.map(() => d.labels.map(() => 0));
for (const held of groups) {
  const train = rows.filter((r) => r.g !== held);
  const dims = train[0].f.length;
  const mu = Array.from({ length: dims }, (_, j) => train.reduce((p, r) => p + r.f[j], 0) / train.length);
  const sd = Array.from({ length: dims }, (_, j) => Math.sqrt(train.reduce((p, r) => p + (r.f[j] - mu[j]) ** 2, 0) / train.length) || 1);
  const z = (f: number[]) => f.map((v, j) => (v - mu[j]) / sd[j]);
  const centroids = d.labels.map((_, c) => {
    const members = train.filter((r) => r.y === c).map((r) => z(r.f));
    return Array.from({ length: dims }, (_, j) => members.reduce((p, m) => p + m[j], 0) / members.length);
  });
  for (const r of rows.filter((r) => r.g === held)) {
    const zf = z(r.f);
    const dist = centroids.map((c) => c.reduce((p, v, j) => p + (v - zf[j]) ** 2, 0));
    confusion[r.y][dist.indexOf(Math.min(...dist))]++;
  }
}
const recalls = confusion.map((row, c) => row[c] / row.reduce((p, v) => p + v, 0));
console.log('confusion (rows = true):', d.labels.join(' '));
confusion.forEach((row, c) => console.log(`  ${d.labels[c].padEnd(8)} ${row.map((v) => String(v).padStart(4)).join('')}`));
console.log(`nearest-class-mean leave-one-session-out UA: ${((100 * recalls.reduce((p, v) => p + v, 0)) / recalls.length).toFixed(1)} %`);
