// Plants random keys (seeded) in .env-style text and checks the detector finds every one: the
// no-key-dropped check (issue 13 item 2) behind test/core/no-key-dropped.test.ts and test/fuzz/keys.fuzz.ts.
import { base64url, detect, makeKey, makeOpsKey, type RuleId } from '../../src/core/index.js';
import { seededBytes } from './seeded.js';

export interface FuzzKind {
  name: string;
  /** The rules that may report it (an older pk_ key of 43 characters can be in the legacy shape). */
  ruleIds: readonly RuleId[];
  /** A key (or value) and the line that binds it. */
  make: (rand: (n: number) => Uint8Array) => { key: string; line: string };
}

export const FUZZ_KINDS: readonly FuzzKind[] = [
  { name: 'pc_live_', ruleIds: ['pinecall-api-key'], make: (r) => line('APP_KEY', makeKey('pc_live_', r(32))) },
  { name: 'pc_test_', ruleIds: ['pinecall-api-key'], make: (r) => line('APP_KEY', makeKey('pc_test_', r(32))) },
  { name: 'pk_ (43)', ruleIds: ['pinecall-legacy-key'], make: (r) => line('PINECALL_API_KEY', makeKey('pk_', r(32))) },
  { name: 'pc_ops_', ruleIds: ['pinecall-ops-key'], make: (r) => line('OPS', makeOpsKey(r(24))) },
  {
    // Older pk_ keys of unknown length: 20..64 random base64url characters, bound to a Pinecall name.
    name: 'pk_ (20..64)',
    ruleIds: ['pinecall-context-secret', 'pinecall-legacy-key'],
    make: (r) => line('PINECALL_API_KEY', 'pk_' + base64url(r(48)).slice(0, 20 + (r(1)[0]! % 45))),
  },
];

function line(name: string, key: string): { key: string; line: string } {
  return { key, line: `${name}=${key}` };
}

export interface FuzzResult {
  checked: number;
  /** Masked (first 12 characters) keys the detector did not report. */
  missed: string[];
}

/** Checks `count` keys of one kind, `perText` per scanned text (one detect call). */
export function fuzzKind(kind: FuzzKind, count: number, seed: number, perText = 1000): FuzzResult {
  const rand = seededBytes(seed);
  const missed: string[] = [];
  for (let done = 0; done < count; done += perText) {
    const batch = Array.from({ length: Math.min(perText, count - done) }, () => kind.make(rand));
    const text = batch.map((b) => b.line).join('\n');
    const found = new Set(
      detect({ text, path: '.env' })
        .filter((f) => kind.ruleIds.includes(f.ruleId))
        .map((f) => f.secret),
    );
    for (const { key } of batch) if (!found.has(key)) missed.push(key.slice(0, 12) + '…');
  }
  return { checked: count, missed };
}

/**
 * A pc_live_ key whose body holds `word` at a random offset (the last character stays one of the 16
 * a 32-byte body can end with, so the key is well formed).
 */
export function keyWithWord(word: string, rand: (n: number) => Uint8Array, prefix: 'pc_live_' | 'pc_test_' | 'pk_' = 'pc_live_'): string {
  const body = makeKey(prefix, rand(32)).slice(prefix.length);
  const offset = rand(1)[0]! % (body.length - word.length);
  return prefix + body.slice(0, offset) + word + body.slice(offset + word.length);
}
