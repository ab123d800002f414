// Fills sample templates with fresh synthetic values, so rule samples, tests and benchmarks never
// commit a key-shaped string. Randomness comes from the caller (the core does no I/O).
import { LAST_CHARS_32_BYTES, LEGACY_PREFIX } from './patterns.js';
import { base64url, makeKey, makeOpsKey } from './keygen.js';

export type RandomBytes = (n: number) => Uint8Array;

const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Each placeholder token and how to build its value. */
const TOKENS: Record<string, (rand: RandomBytes) => string> = {
  // makeKey's prefix type is derived from the rule records: a prefix they do not name does not compile.
  live: (r) => makeKey('pc_live_', r(32)),
  test: (r) => makeKey('pc_test_', r(32)),
  pk: (r) => makeKey('pk_', r(32)),
  ops: (r) => makeOpsKey(r(24)),
  hex: (r) => hexOf(r(32)),
  hex16: (r) => hexOf(r(8)),
  hex47: (r) => hexOf(r(24)).slice(0, 47),
  hex48: (r) => hexOf(r(24)),
  hex49: (r) => hexOf(r(25)).slice(0, 49),
  HEX48: (r) => hexOf(r(24)).toUpperCase().replace(/^[0-9]/, 'A'),
  b64: (r) => base64url(r(32)),
  sha1: (r) => hexOf(r(20)),
  sha512: (r) => btoa(String.fromCharCode(...r(64))),
  uuid: (r) => {
    const h = hexOf(r(16));
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  },
  jwt: (r) => `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${base64url(r(48))}.${base64url(r(32))}`,
  b64_32: (r) => base64url(r(24)),
  // Older pk_ keys of other lengths (a random base64url body of 20, 28, 32 or 36 characters).
  pk20: (r) => LEGACY_PREFIX + base64url(r(15)),
  pk28: (r) => LEGACY_PREFIX + base64url(r(21)),
  pk32: (r) => LEGACY_PREFIX + base64url(r(24)),
  pk36: (r) => LEGACY_PREFIX + base64url(r(27)),
  body42: (r) => base64url(r(32)).slice(0, 42),
  body44: (r) => base64url(r(33)).slice(0, 44),
  badlast: (r) => {
    const body = base64url(r(32)).slice(0, 42);
    const bad = 'BCDFGHJKLNOPRSTVWXZabdefhijlmnpqrtuvxyz123567-_';
    return body + bad[r(1)[0]! % bad.length]!;
  },
};

/**
 * Replaces `{token}` with a fresh value and `{token.base64}` with that value base64-encoded
 * (standard alphabet); returns the text and the values planted, in order.
 */
export function expandSampleWithValues(template: string, rand: RandomBytes): { text: string; values: string[] } {
  const values: string[] = [];
  const text = template.replace(/\{(\w+)(\.base64)?\}/g, (whole, name: string, encode?: string) => {
    const make = TOKENS[name];
    if (!make) return whole;
    const value = make(rand);
    values.push(value);
    return encode ? btoa(value) : value;
  });
  return { text, values };
}

export function expandSample(template: string, rand: RandomBytes): string {
  return expandSampleWithValues(template, rand).text;
}

export { LAST_CHARS_32_BYTES };
