import { mulberry32 } from '../src/rng.js';
import type { Sample } from '../src/types.js';

export const LABELS4 = ['neutral', 'happy', 'sad', 'angry'];

/**
 * A tiny separable corpus: frames are Gaussian (σ = 1) around a class centroid (`sep` along
 * axis `label mod dims`, plus an offset and scale per dimension so normalisation matters).
 * `groups` sessions × 2 speakers; `perClass` utterances per class per speaker.
 */
export function synthetic(opts: {
  dims: number;
  classes?: number;
  groups?: number;
  perClass?: number;
  minFrames?: number;
  maxFrames?: number;
  sep?: number;
  seed?: number;
}): Sample[] {
  const { dims, classes = 4, groups = 3, perClass = 3, minFrames = 4, maxFrames = 12, sep = 2.5, seed = 1 } = opts;
  const rng = mulberry32(seed);
  const gauss = () => {
    const u = Math.max(rng(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  };
  const samples: Sample[] = [];
  for (let g = 1; g <= groups; g++) {
    for (const sx of ['F', 'M']) {
      const speaker = `Ses0${g}${sx}`;
      for (let c = 0; c < classes; c++) {
        for (let k = 0; k < perClass; k++) {
          const frames = minFrames + Math.floor(rng() * (maxFrames - minFrames + 1));
          const data = new Float32Array(frames * dims);
          for (let t = 0; t < frames; t++) {
            for (let j = 0; j < dims; j++) {
              const centre = j === c % dims ? sep * (c < dims ? 1 : -1) : 0;
              data[t * dims + j] = 10 + 3 * j + (1 + j) * (centre + gauss());
            }
          }
          samples.push({ id: `${speaker}_${c}_${k}`, features: { frames, dims, data }, label: c, group: `Session${g}`, speaker });
        }
      }
    }
  }
  return samples;
}
