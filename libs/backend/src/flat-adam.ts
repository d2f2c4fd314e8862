import * as tf from '@tensorflow/tfjs';

type NamedTensor = { name: string; tensor: tf.Tensor };
type NamedVariableMap = Record<string, tf.Variable>;

/**
 * Adam that updates ALL variables as one flat vector: ≈ 25 kernels per step whatever the number of
 * variables, where tfjs's AdamOptimizer runs ≈ 14 per variable (≈ 100 for V1's 7 weights). Per-op
 * cost (≈ 20–50 µs a kernel on tfjs-node, more on wasm) is what small models pay for.
 *
 * Same update as tf.train.adam (bias-corrected moments, ε added to √v̂), folded into two host
 * scalars per step: θ −= α_t · m / (√v + ε_t), α_t = lr·√(1−β2^t)/(1−β1^t), ε_t = ε·√(1−β2^t).
 * Drop-in: `flatAdam(lr, β1, β2, ε)` instead of `tf.train.adam(…)`; `instanceof
 * tf.AdamOptimizer` holds, and getWeights()/setWeights() use AdamOptimizer's format (iterations,
 * then the first moments of every variable, then the second moments, in minimize's variable
 * order), so optimizer-state checkpoints move between the two.
 */
export class FlatAdamOptimizer extends tf.AdamOptimizer {
  static override get className(): string {
    return 'Adam'; // same serialised form as tf.train.adam
  }

  private layout?: { names: string[]; shapes: number[][]; sizes: number[] };
  private m?: tf.Variable;
  private v?: tf.Variable;
  /** Moments given to setWeights before the first step (flattened on that step). */
  private pending?: { m: tf.Tensor[]; v: tf.Tensor[] };
  /** Per-variable views handed out by getWeights (disposed on the next call). */
  private views: tf.Tensor[] = [];

  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon);
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: Array<[string, tf.Tensor]> = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const present = entries.filter(([, g]) => g != null);
    const registry = tf.engine().registeredVariables;
    if (!this.layout) this.initLayout(present.map(([n]) => n), registry);
    const { names, shapes, sizes } = this.layout!;
    if (present.length !== names.length || present.some(([n], i) => n !== names[i])) {
      throw new Error(`FlatAdamOptimizer: gradients for [${present.map(([n]) => n)}], but the optimizer was built for [${names}]`);
    }
    const t = this.iterations + 1;
    const c2 = Math.sqrt(1 - this.beta2 ** t);
    const alpha = (this.learningRate * c2) / (1 - this.beta1 ** t);
    const eps = this.epsilon * c2;
    tf.tidy(() => {
      const g = present.length === 1 ? flat(present[0][1]) : tf.concat(present.map(([, x]) => flat(x)));
      const m = tf.add(tf.mul(this.m!, this.beta1), tf.mul(g, 1 - this.beta1));
      const v = tf.add(tf.mul(this.v!, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
      this.m!.assign(m);
      this.v!.assign(v);
      const step = tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(v), eps));
      const parts = names.length === 1 ? [step] : tf.split(step, sizes);
      names.forEach((name, i) => {
        const variable = registry[name];
        const delta = shapes[i].length === 1 ? parts[i] : tf.reshape(parts[i], shapes[i]);
        variable.assign(tf.sub(variable, delta));
      });
    });
    this.incrementIterations();
  }

  private initLayout(names: string[], registry: NamedVariableMap): void {
    const shapes = names.map((n) => {
      const variable = registry[n];
      if (!variable) throw new Error(`FlatAdamOptimizer: no variable named ${n}`);
      return [...variable.shape];
    });
    const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
    const total = sizes.reduce((a, b) => a + b, 0);
    this.layout = { names, shapes, sizes };
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      if (p.m.length !== names.length || p.m.some((t, i) => t.size !== sizes[i])) {
        tf.dispose([...p.m, ...p.v]);
        throw new Error(`FlatAdamOptimizer: restored moments do not match the ${names.length} variables being trained`);
      }
      this.m = tf.tidy(() => tf.concat(p.m.map(flat)).variable(false));
      this.v = tf.tidy(() => tf.concat(p.v.map(flat)).variable(false));
      tf.dispose([...p.m, ...p.v]);
    } else {
      // In tidy: the zeros tensor a variable is made from is a tensor of its own (shares the data).
      this.m = tf.tidy(() => tf.zeros([total]).variable(false));
      this.v = tf.tidy(() => tf.zeros([total]).variable(false));
    }
  }

  override async getWeights(): Promise<NamedTensor[]> {
    tf.dispose(this.views);
    this.views = [];
    const iter = await this.saveIterations();
    if (!this.layout) {
      if (!this.pending) return [iter];
      const p = this.pending;
      return [iter, ...p.m.map((t, i) => ({ name: `m${i}`, tensor: t })), ...p.v.map((t, i) => ({ name: `v${i}`, tensor: t }))];
    }
    const { names, shapes, sizes } = this.layout;
    const unflatten = (x: tf.Variable, which: 'm' | 'v') =>
      tf.tidy(() => (names.length === 1 ? [x.clone()] : tf.split(x, sizes)).map((p, i) => tf.keep(tf.reshape(p, shapes[i])))).map((tensor, i) => ({
        name: `${names[i]}/${which}`,
        tensor,
      }));
    const out = [...unflatten(this.m!, 'm'), ...unflatten(this.v!, 'v')];
    this.views = out.map((o) => o.tensor);
    return [iter, ...out];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    tf.dispose([this.m, this.v].filter((x): x is tf.Variable => !!x));
    this.m = this.v = undefined;
    this.layout = undefined;
    if (this.pending) tf.dispose([...this.pending.m, ...this.pending.v]);
    this.pending = undefined;
    if (rest.length) {
      const n = rest.length / 2;
      this.pending = { m: rest.slice(0, n).map((w) => tf.clone(w.tensor)), v: rest.slice(n).map((w) => tf.clone(w.tensor)) };
    }
  }

  override dispose(): void {
    super.dispose();
    tf.dispose([this.m, this.v].filter((x): x is tf.Variable => !!x));
    tf.dispose(this.views);
    if (this.pending) tf.dispose([...this.pending.m, ...this.pending.v]);
  }
}

function flat(x: tf.Tensor): tf.Tensor {
  return x.rank === 1 ? x : tf.reshape(x, [-1]);
}

/** `tf.train.adam` with one flat update for all variables (see FlatAdamOptimizer). */
export function flatAdam(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number): FlatAdamOptimizer {
  return new FlatAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
