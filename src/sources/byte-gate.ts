// The keyword gate on raw bytes: the core's `hasKeyword`, answered without decoding the file. Most
// files of a tree fail it, so they are never turned into a string at all. Every keyword is ASCII,
// and UTF-8 never uses bytes below 0x80 inside a multi-byte character, so a byte match is a text match.
import { GATE } from '../core/gate.js';

const UNDERSCORE = 0x5f;
/** ASCII case folding of one byte. */
const FOLD = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b | 0x20 : b));

/** Every stem ends with its only `_`: hop between underscores (rarer than any letter) and look back. */
function stemFinder(stems: readonly string[]): (buf: Buffer) => boolean {
  const bytes = stems.map((s) => Buffer.from(s, 'latin1'));
  return (buf) => {
    for (let i = buf.indexOf(UNDERSCORE); i !== -1; i = buf.indexOf(UNDERSCORE, i + 1)) {
      for (const stem of bytes) {
        const from = i - stem.length + 1;
        if (from < 0) continue;
        let j = 0;
        while (j < stem.length - 1 && buf[from + j] === stem[j]) j++;
        if (j === stem.length - 1) return true;
      }
    }
    return false;
  };
}

/** Horspool search ignoring ASCII case: looks at about one byte in five for an eight-letter word. */
function caselessFinder(word: string): (buf: Buffer) => boolean {
  const pattern = Buffer.from(word.toLowerCase(), 'latin1');
  const m = pattern.length;
  const shift = new Uint8Array(256).fill(Math.min(m, 255));
  for (let i = 0; i < m - 1; i++) {
    const c = pattern[i]!;
    shift[c] = m - 1 - i;
    if (c >= 0x61 && c <= 0x7a) shift[c & ~0x20] = m - 1 - i;
  }
  const last = pattern[m - 1]!;
  return (buf) => {
    const n = buf.length;
    for (let i = m - 1; i < n; i += shift[buf[i]!]!) {
      if (FOLD[buf[i]!] !== last) continue;
      let j = 1;
      while (j < m && FOLD[buf[i - j]!] === pattern[m - 1 - j]) j++;
      if (j === m) return true;
    }
    return false;
  };
}

const hasStem = stemFinder(GATE.stems);
const hasWord = GATE.words.map(caselessFinder);

/** Whether UTF-8 (or ASCII, or Latin-1) bytes pass the core's gate: `hasKeyword` of their text. */
export function bytesHaveKeyword(buf: Buffer): boolean {
  if (hasStem(buf)) return true;
  if (GATE.together.every((m) => buf.indexOf(m, 0, 'latin1') !== -1)) return true;
  return hasWord.some((has) => has(buf));
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Where the line holding `at` starts if only blanks come before `at` on it, else -1: the manifest
 * line is `kind: Secret` alone, so minified code holding `kind:` is turned down without decoding its
 * (megabyte-long) line. A line starts after LF, CR or U+2028/U+2029, as for a multiline RegExp.
 */
function blankLineStart(buf: Buffer, at: number): number {
  let i = at;
  while (i > 0 && (buf[i - 1] === 0x20 || buf[i - 1] === 0x09)) i--;
  if (i === 0 || buf[i - 1] === NEWLINE || buf[i - 1] === CR) return i;
  if (i >= 3 && buf[i - 3] === 0xe2 && buf[i - 2] === 0x80 && (buf[i - 1] === 0xa8 || buf[i - 1] === 0xa9)) return i;
  return -1;
}

/** A line holding the manifest marker that the core's `kind: Secret` test accepts. */
function hasKindLine(buf: Buffer): boolean {
  const marker = GATE.together[0]!;
  for (let i = buf.indexOf(marker, 0, 'latin1'); i !== -1; i = buf.indexOf(marker, i + 1, 'latin1')) {
    const start = blankLineStart(buf, i);
    if (start === -1) continue;
    const nl = buf.indexOf(NEWLINE, i);
    if (GATE.kindLine.test(buf.toString('utf8', start, nl === -1 ? buf.length : nl))) return true;
  }
  return false;
}

/**
 * Whether the detector can find anything in these UTF-8 bytes at `path`: the gate, then what each
 * stage of the detector needs (a whole key prefix, a word near which binders look, a Secret manifest
 * line, or a Pinecall credentials path). Text like `rpc_` or "kind: … Secret" passes the first test
 * and not this one, so it is never decoded.
 */
export function bytesMayHoldFinding(buf: Buffer, path: string): boolean {
  if (!bytesHaveKeyword(buf)) return false;
  if (GATE.pinecallFiles.test(path)) return true;
  if (GATE.prefixes.some((p) => buf.indexOf(p, 0, 'latin1') !== -1)) return true;
  if (hasWord.some((has) => has(buf))) return true;
  return hasKindLine(buf);
}
