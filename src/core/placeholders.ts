// Values that stand for a key rather than being one: documentation placeholders, references to
// environment variables or secret stores, and template markers.
import { looksRandom, MOSTLY_PATTERN, patternShare } from './randomness.js';

const REFERENCE_MARKERS: readonly RegExp[] = [
  /^\$/, // $PINECALL_API_KEY, ${PINECALL_KEY}, $(cat key)
  /\$\{/,
  /\{\{|\}\}/, // {{ secrets.PINECALL_API_KEY }}
  /\{%|%\}/,
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %PINECALL_KEY% (Windows)
  /^<[^>]*>$/, // <PINECALL_API_KEY>
  /^\[[^\]]*\]$/,
  /process\.env|import\.meta\.env|os\.environ|getenv|ENV\[|secrets\.|vault:|ssm:|arn:aws/i,
];

// Marker words too long to turn up in a random body by chance (7+ characters: under 1 in 10^9 for a
// 43-character base64url body): one of them anywhere marks a placeholder.
const LONG_MARKERS =
  /example|placeholder|change[_-]?me|replace[_-]?me|redacted|secret[_-]?here|key[_-]?here|goes[_-]?here|not[_-]?a[_-]?real|x{8}/i;

/**
 * A key body that is mostly placeholder: a long marker (`EXAMPLE`, eight `x`) or more than half
 * dictionary words, repeats and sequences. A random body that merely contains `xxxx`, `your` or
 * `fake` is still a key (the old substring check dropped ~4 random keys in 1,000,000).
 */
export function isMostlyPlaceholder(body: string): boolean {
  return LONG_MARKERS.test(body) || patternShare(body) > MOSTLY_PATTERN;
}

/** True when the value is a documentation placeholder, a reference or a template, never a key. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length < 8) return true;
  if (v.includes('...') || v.includes('…')) return true;
  // Characters no generated token uses in a run.
  if (/^x{3}$|\*{3,}|#{3,}|\.{2,}/i.test(v)) return true;
  if (isMostlyPlaceholder(v)) return true;
  return REFERENCE_MARKERS.some((re) => re.test(v));
}

/** An identifier or property path (`config.pinecall.apiKey`, `getKey()`), i.e. code, not a value. */
export function isCodeReference(value: string): boolean {
  return /^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+(?:\(\))?$/.test(value) || /^[A-Za-z_$][\w$]*\(.*\)$/.test(value);
}

/**
 * A value bound to a Pinecall name counts as a secret when it is long enough, not a placeholder or
 * code, and looks generated (randomness.ts: character classes, words, entropy for the length).
 */
export function looksLikeSecretValue(value: string, minLength = 16): boolean {
  const v = value.trim();
  if (v.length < minLength || v.length > 512) return false;
  if (/\s/.test(v)) return false;
  if (isPlaceholder(v) || isCodeReference(v)) return false;
  return looksRandom(v, minLength);
}
