// Deterministic randomness for the benchmark corpora: the same seed builds the same tree, repository
// or codebase on every machine, so figures are comparable between runs.

/** mulberry32: a uniform float in [0, 1) per call. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** xorshift32: a uniform float in [0, 1) per call. */
export function xorshift(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** The usual draws over one generator. */
export function draws(rnd) {
  return {
    int: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(rnd() * xs.length)],
    chance: (p) => rnd() < p,
    bytes: (n) => Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256)),
  };
}
