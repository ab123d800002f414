// A seeded byte source, so sample runs are reproducible: a failure names its seed.

export function seededBytes(seed: number): (n: number) => Uint8Array {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  return (n) => Uint8Array.from({ length: n }, () => next() & 0xff);
}
