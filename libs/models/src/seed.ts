/**
 * Derives a 32-bit seed from a base seed and a path of labels (FNV-1a over the text, then a
 * murmur3 finaliser). Used for weight initialisers, dropout masks and the trainer's PRNG streams,
 * so every random draw in a run is a pure function of the run's seed.
 */
export function deriveSeed(base: number, ...parts: Array<string | number>): number {
  const text = [String(base >>> 0), ...parts.map(String)].join('\u0001');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a tiny, fast, seeded 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seeded random orthogonal matrix [rows, cols] (row-major), as Keras's `Orthogonal(gain=1)`:
 * QR (here modified Gram–Schmidt in float64, R with a positive diagonal) of a standard normal
 * matrix; orthonormal rows when rows ≤ cols, else orthonormal columns. Computed in JS because
 * tfjs's orthogonal initialiser (tf.linalg.qr as eager ops) takes ≈ 10 s for 128 × 512 on the
 * `cpu` backend.
 */
export function orthogonalMatrix(rows: number, cols: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const n = Math.max(rows, cols); // vector length
  const k = Math.min(rows, cols); // number of orthonormal vectors
  const q = Array.from({ length: k }, () => Float64Array.from({ length: n }, gauss));
  for (let i = 0; i < k; i++) {
    const v = q[i];
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < i; j++) {
        const u = q[j];
        let dot = 0;
        for (let t = 0; t < n; t++) dot += v[t] * u[t];
        for (let t = 0; t < n; t++) v[t] -= dot * u[t];
      }
    }
    let norm = 0;
    for (let t = 0; t < n; t++) norm += v[t] * v[t];
    norm = Math.sqrt(norm);
    for (let t = 0; t < n; t++) v[t] /= norm;
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = rows <= cols ? q[r][c] : q[c][r];
  return out;
}
