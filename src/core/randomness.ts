// Does a value look generated or written by hand? Three measured properties:
//  - character classes: a generated token mixes lower case, upper case and digits (or is long hex);
//  - pattern share: how much of it is dictionary words, runs of one character and sequences
//    (`test_shouldneverappear123456` is all of it, a random body rarely a tenth);
//  - entropy for the length: Shannon entropy against what a random string of the same length and
//    character set carries on average (a 20-character string cannot reach 6 bits a character).
import { charSetOf, shannonEntropy, type CharSet } from './entropy.js';
import { DICTIONARY, LONGEST_WORD } from './words.js';

export interface Randomness {
  length: number;
  /** How many of lower case, upper case and digits occur. */
  classes: number;
  entropy: number;
  /** Mean entropy of a uniformly random string of this length over this character set. */
  expectedEntropy: number;
  /** Share (0..1) of the letters and digits that are dictionary words, repeats or sequences. */
  patternShare: number;
}

const SYMBOLS: Record<CharSet, number> = { hex: 16, alphanumeric: 62, base64: 64, other: 94 };

const expectedCache = new Map<number, number>();

/**
 * Mean Shannon entropy of n characters drawn uniformly from k symbols: each symbol's count is
 * Binomial(n, 1/k), so E[H] = -k Σ_c P(count = c)·(c/n)·log2(c/n). Exact, O(n), cached.
 */
export function expectedEntropy(n: number, k: number): number {
  if (n < 2) return 0;
  const cacheKey = n * 1024 + k;
  const cached = expectedCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const p = 1 / k;
  // P(count = c), computed in log space so n up to 512 does not underflow.
  let logTerm = n * Math.log(1 - p); // c = 0
  let sum = 0;
  for (let c = 1; c <= n; c++) {
    logTerm += Math.log((n - c + 1) / c) + Math.log(p / (1 - p));
    const share = c / n;
    sum += Math.exp(logTerm) * share * Math.log2(share);
  }
  const value = -k * sum;
  expectedCache.set(cacheKey, value);
  return value;
}

const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlnum = (c: number): boolean => isLetter(c) || isDigit(c);
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

// The dictionary as a trie over a..z: child of node n by letter l at trie[n * 26 + l] (0 = none).
// Built on first use, not at load: most scans (a clean pre-commit hook run) never judge a value.
let trie: { children: Int32Array; wordEnd: Uint8Array } | undefined;
function dictionaryTrie(): { children: Int32Array; wordEnd: Uint8Array } {
  if (trie) return trie;
  const children: number[] = [];
  const wordEnd: boolean[] = [];
  const addNode = (): number => {
    for (let l = 0; l < 26; l++) children.push(0);
    wordEnd.push(false);
    return wordEnd.length - 1;
  };
  addNode();
  for (const word of DICTIONARY) {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const slot = node * 26 + word.charCodeAt(i) - 97;
      if (children[slot] === 0) children[slot] = addNode();
      node = children[slot]!;
    }
    wordEnd[node] = true;
  }
  trie = { children: Int32Array.from(children), wordEnd: Uint8Array.from(wordEnd, (b) => (b ? 1 : 0)) };
  return trie;
}

let bestScratch = new Int32Array(66);
let fromScratch = new Int32Array(66);

/** Marks letters covered by the best segmentation of the letter runs into dictionary words. */
function markWords(value: string, covered: Uint8Array): void {
  const n = value.length;
  const { children: TRIE, wordEnd: WORD_END } = dictionaryTrie();
  // best[i]: most characters of value[0..i) covered by words; from[i]: start of the word ending at i, or -1.
  if (bestScratch.length <= n) {
    bestScratch = new Int32Array(2 * n + 2);
    fromScratch = new Int32Array(2 * n + 2);
  }
  const best = bestScratch.subarray(0, n + 1).fill(0);
  const from = fromScratch.subarray(0, n + 1).fill(-1);
  for (let i = 0; i <= n; i++) {
    if (i > 0 && best[i - 1]! > best[i]!) {
      best[i] = best[i - 1]!;
      from[i] = -1;
    }
    if (i === n) break;
    // Words are letters only, so a walk stops at the first non-letter.
    let node = 0;
    for (let k = i; k < n && k - i < LONGEST_WORD; k++) {
      const ch = value.charCodeAt(k);
      if (!isLetter(ch)) break;
      node = TRIE[node * 26 + lower(ch) - 97]!;
      if (node === 0) break;
      const len = k - i + 1;
      if (len >= 3 && WORD_END[node] === 1 && best[i]! + len > best[k + 1]!) {
        best[k + 1] = best[i]! + len;
        from[k + 1] = i;
      }
    }
  }
  for (let e = n; e > 0; ) {
    const s = from[e]!;
    if (s >= 0) {
      covered.fill(1, s, e);
      e = s;
    } else e--;
  }
}

/** Marks runs of 4+ of one character and of 4+ steps up or down the alphabet or digits (abcd, 4321). */
function markRepeatsAndSequences(value: string, covered: Uint8Array): void {
  const n = value.length;
  let same = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i <= n; i++) {
    const prev = lower(value.charCodeAt(i - 1));
    const c = i < n ? lower(value.charCodeAt(i)) : -1;
    const alnumPair = c !== -1 && isAlnum(prev) && isAlnum(c) && isDigit(prev) === isDigit(c);
    if (c === prev) same++;
    else {
      if (same >= 4) covered.fill(1, i - same, i);
      same = 1;
    }
    if (alnumPair && c === prev + 1) up++;
    else {
      if (up >= 4) covered.fill(1, i - up, i);
      up = 1;
    }
    if (alnumPair && c === prev - 1) down++;
    else {
      if (down >= 4) covered.fill(1, i - down, i);
      down = 1;
    }
  }
}

let scratch = new Uint8Array(64);

/** Share of the letters and digits of `value` that are dictionary words, repeats or sequences. */
export function patternShare(value: string): number {
  if (scratch.length < value.length) scratch = new Uint8Array(value.length * 2);
  const covered = scratch.subarray(0, value.length);
  covered.fill(0);
  markWords(value, covered);
  markRepeatsAndSequences(value, covered);
  let alnum = 0;
  let hits = 0;
  for (let i = 0; i < value.length; i++) {
    if (!isAlnum(value.charCodeAt(i))) continue;
    alnum++;
    hits += covered[i]!;
  }
  return alnum === 0 ? 1 : hits / alnum;
}

export function measureRandomness(value: string): Randomness {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(value)).length;
  return {
    length: value.length,
    classes,
    entropy: shannonEntropy(value),
    expectedEntropy: expectedEntropy(value.length, SYMBOLS[charSetOf(value)]),
    patternShare: patternShare(value),
  };
}

/** A value is mostly placeholder when more than half of it is words, repeats and sequences. */
export const MOSTLY_PATTERN = 0.5;
/**
 * Entropy at least this share of a random string's mean for the length. The lowest share seen over
 * 10^6 random hex strings of 16 characters is ~0.64 and it rises with length; written values made of
 * few symbols (`abababab…`, `aaaabbbbcccc…`) sit far below.
 */
export const MIN_ENTROPY_SHARE = 0.6;

/**
 * Looks generated: 16+ characters, two character classes (or 32+ hex digits), entropy normal for its
 * length, and at most half words, repeats and sequences.
 */
export function looksRandom(value: string, minLength = 16): boolean {
  if (value.length < minLength) return false;
  const m = measureRandomness(value);
  if (m.classes < 2 && !/^[0-9a-fA-F]{32,}$/.test(value)) return false;
  if (m.entropy < m.expectedEntropy * MIN_ENTROPY_SHARE) return false;
  return m.patternShare <= MOSTLY_PATTERN;
}
