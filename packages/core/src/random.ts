/** A seeded source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * Mulberry32: a tiny, fast 32-bit PRNG. Same seed, same sequence on every platform, which is what
 * deterministic demo data and reproducible tests need (not cryptography).
 *
 * @example const random = mulberry32(42); random(); // 0.6011037519201636
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
