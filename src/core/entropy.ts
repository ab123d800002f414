// Shannon entropy, judged against the character set a value is drawn from: 64 random hex characters
// and 43 random base64url characters are both "as random as they can be", at 4 and ~5.4 bits a character.

const asciiCounts = new Uint16Array(128);

export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  // Keys are ASCII: count in a typed array, and fall back to a map (by code point) otherwise.
  let ascii = value.length < 65536;
  for (let i = 0; ascii && i < value.length; i++) ascii = value.charCodeAt(i) < 128;
  if (ascii) {
    asciiCounts.fill(0);
    for (let i = 0; i < value.length; i++) asciiCounts[value.charCodeAt(i)]!++;
    let bits = 0;
    for (let c = 0; c < 128; c++) {
      const n = asciiCounts[c]!;
      if (n === 0) continue;
      const p = n / value.length;
      bits -= p * Math.log2(p);
    }
    return bits;
  }
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export type CharSet = 'hex' | 'base64' | 'alphanumeric' | 'other';

export function charSetOf(value: string): CharSet {
  if (/^[0-9a-f]+$/.test(value) || /^[0-9A-F]+$/.test(value)) return 'hex';
  if (/^[A-Za-z0-9]+$/.test(value)) return 'alphanumeric';
  if (/^[A-Za-z0-9_+/=-]+$/.test(value)) return 'base64';
  return 'other';
}

const CHARSET_BITS: Record<CharSet, number> = {
  hex: 4,
  alphanumeric: Math.log2(62),
  base64: 6,
  other: Math.log2(94),
};

/**
 * Entropy as a share (0..1) of the most a string of this length and character set can carry.
 * A short string cannot reach its character set's maximum, so the length caps it too.
 */
export function normalizedEntropy(value: string): number {
  if (value.length < 2) return 0;
  const ceiling = Math.min(Math.log2(value.length), CHARSET_BITS[charSetOf(value)]);
  return shannonEntropy(value) / ceiling;
}
