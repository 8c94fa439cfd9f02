// Small deterministic PRNG helpers for the corpus generator.
// mulberry32 (shared with training, src/score/train/random.ts): good enough for sampling
// templates, fully reproducible.

import { mulberry32, type Rng } from '../../src/score/train/random.js';

export { mulberry32, type Rng };

/** FNV-1a 32-bit hash of a string (UTF-16 code units), used to derive seeds. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // final avalanche so close strings give distant seeds
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A PRNG seeded from a global seed plus any number of string keys. */
export function rngFor(globalSeed: number, ...keys: string[]): Rng {
  return mulberry32(hash32(`${globalSeed}\u0000${keys.join('\u0000')}`));
}

/** Integer in [min, max] inclusive. */
export function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, xs: readonly T[]): T {
  if (xs.length === 0) throw new Error('pick from empty list');
  return xs[Math.floor(rng() * xs.length)] as T;
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}
