/** A source of numbers in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a small seeded generator with 32 bits of state. Training uses it where it samples
 * (the bootstrap of the threshold rule), so the same data always gives the same model; the
 * corpus generator uses it to draw template slots.
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
