import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Seeded random choices (xoroshiro128+ from pure-rand): the same seed gives the same sequence everywhere. */
export class Rng {
  private readonly g: ReturnType<typeof xoroshiro128plus>;

  constructor(seed: number) {
    this.g = xoroshiro128plus(seed | 0);
  }

  /** uniform in [0, 1), 53 random bits */
  float(): number {
    return uniformFloat64(this.g);
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return uniformInt(this.g, lo, hi);
  }

  /** standard normal (Box–Muller) */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** Fisher–Yates, in place */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}
