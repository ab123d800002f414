// Values that stand for a key rather than being one: documentation placeholders, references to
// environment variables or secret stores, and template markers.
import { normalizedEntropy, shannonEntropy } from './entropy.js';

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

// A word counts only where a word starts: random key bodies contain "mock" or "fake" by chance.
const PLACEHOLDER_WORDS =
  /(?<![A-Za-z0-9])(?:your|example|placeholder|change[_-]?me|replace|dummy|fake|sample|redacted|insert|todo|fixme|secret[_-]?here|key[_-]?here|goes[_-]?here|not[_-]?a[_-]?real|mock|lorem)/i;

const SEQUENCES = /012345|123456|234567|345678|456789|abcdef|bcdefg|qwerty|asdfgh/i;

/** True when the value is a documentation placeholder, a reference or a template, never a key. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length < 8) return true;
  if (v.includes('...') || v.includes('…')) return true;
  if (/x{4,}/i.test(v) || /^x{3}$|\*{3,}|#{3,}|-{4,}|_{4,}|\.{2,}/i.test(v)) return true;
  if (/^(.)\1+$/.test(v)) return true;
  if (PLACEHOLDER_WORDS.test(v)) return true;
  if (SEQUENCES.test(v)) return true;
  return REFERENCE_MARKERS.some((re) => re.test(v));
}

/** An identifier or property path (`config.pinecall.apiKey`, `getKey()`), i.e. code, not a value. */
export function isCodeReference(value: string): boolean {
  return /^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+(?:\(\))?$/.test(value) || /^[A-Za-z_$][\w$]*\(.*\)$/.test(value);
}

/**
 * A value bound to a Pinecall name counts as a secret when it is long enough, not a placeholder,
 * and random-looking: at least two character classes (or 32+ hex digits) and high entropy for its set.
 */
export function looksLikeSecretValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 16 || v.length > 512) return false;
  if (/\s/.test(v)) return false;
  if (isPlaceholder(v) || isCodeReference(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(v)).length;
  const longHex = /^[0-9a-fA-F]{32,}$/.test(v);
  if (classes < 2 && !longHex) return false;
  return shannonEntropy(v) >= 3.2 && normalizedEntropy(v) >= 0.75;
}
