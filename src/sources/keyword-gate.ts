// The detector's keyword gate (core `hasKeyword`) on raw bytes, so sources can drop most files before
// paying for a UTF-8 decode. Every keyword is ASCII, and in UTF-8 an ASCII byte only ever stands for
// itself, so for UTF-8 (and Latin-1) input: hasKeyword(decode(bytes)) implies hasKeywordBytes(bytes).
// UTF-16 text must be decoded first.

const PINECALL = Uint8Array.from('pinecall', (c) => c.charCodeAt(0));
/** Horspool shift on the lower-cased byte: how far the needle can slide when this byte ends a window. */
const SHIFT = new Uint8Array(256).fill(PINECALL.length);
for (let i = 0; i < PINECALL.length - 1; i++) {
  const c = PINECALL[i]!;
  SHIFT[c] = PINECALL.length - 1 - i;
  SHIFT[c & ~0x20] = PINECALL.length - 1 - i;
}

/** "pinecall" in any letter case (the detector's /pinecall/i). */
function hasPinecall(b: Uint8Array): boolean {
  const last = PINECALL.length - 1;
  for (let i = last; i < b.length; i += SHIFT[b[i]!]!) {
    if ((b[i]! | 0x20) !== 0x6c /* l */) continue;
    let j = last - 1;
    let k = i - 1;
    while (j >= 0 && (b[k]! | 0x20) === PINECALL[j]) {
      j--;
      k--;
    }
    if (j < 0) return true;
  }
  return false;
}

/**
 * `pc_` or `pk_` anywhere: hop between underscores (a memchr) and look back two bytes — several times
 * faster than searching for either three-byte string, as "_" is rarer than "p" in most text.
 */
function hasKeyPrefix(b: Buffer): boolean {
  for (let i = b.indexOf(0x5f, 2); i !== -1; i = b.indexOf(0x5f, i + 1)) {
    if (b[i - 2] === 0x70 && (b[i - 1] === 0x63 || b[i - 1] === 0x6b)) return true;
  }
  return false;
}

/** Can these bytes (UTF-8 or any ASCII superset) hold a finding at all? Same answer as hasKeyword. */
export function hasKeywordBytes(b: Buffer): boolean {
  return (
    hasKeyPrefix(b) ||
    hasPinecall(b) ||
    // `Secret` first: the longer needle is searched faster and is the rarer of the two.
    (b.indexOf('Secret', 0, 'latin1') !== -1 && b.indexOf('kind:', 0, 'latin1') !== -1)
  );
}
