// No real key silently dropped (issue 13 item 2): a random body is a placeholder only when it is
// mostly placeholder. The 1,000,000-key run is test/fuzz/keys.fuzz.ts (npm run fuzz:keys).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64url, detect } from '../../src/core/index.js';
import { FUZZ_KINDS, fuzzKind, keyWithWord } from '../helpers/key-fuzz.js';
import { seededBytes } from '../helpers/seeded.js';

// Words the old placeholder check rejected anywhere in a body; a random key contains one of them by chance.
const EMBEDDED = ['xxxx', 'XXXX', 'xXxX', 'your', 'YOUR', 'fake', 'Fake', 'sample', 'dummy', 'mock', 'todo', 'lorem', 'insert', 'replace', 'test', '123456', 'abcdef', 'qwerty'];

test('a key body with a placeholder word at a random offset is found, for every shape', () => {
  const rand = seededBytes(1301);
  for (const word of EMBEDDED) {
    for (const prefix of ['pc_live_', 'pc_test_', 'pk_'] as const) {
      const keys = Array.from({ length: 50 }, () => keyWithWord(word, rand, prefix));
      const text = keys.map((k) => `PINECALL_API_KEY=${k}`).join('\n');
      const found = new Set(detect({ text, path: '.env' }).map((f) => f.secret));
      const missed = keys.filter((k) => !found.has(k));
      assert.deepEqual(missed.map((k) => k.slice(0, 10)), [], `${prefix} body with "${word}"`);
    }
  }
});

test('an older pk_ key with a placeholder word inside its random body is found', () => {
  const rand = seededBytes(1302);
  for (const word of EMBEDDED) {
    for (let i = 0; i < 20; i++) {
      const body = base64url(rand(24));
      const at = rand(1)[0]! % (body.length - word.length);
      const key = 'pk_' + body.slice(0, at) + word + body.slice(at + word.length);
      const [f] = detect({ text: `PINECALL_API_KEY=${key}`, path: '.env' });
      assert.equal(f?.secret, key, `pk_ body with "${word}"`);
    }
  }
});

test('mostly-placeholder bodies stay quiet', () => {
  const fill = (s: string, n: number): string => s.repeat(Math.ceil(n / s.length)).slice(0, n);
  for (const body of [
    fill('x', 43),
    fill('X', 42) + 'A',
    fill('your_api_key_here_', 42) + 'A',
    fill('fake_key_', 42) + 'A',
    fill('sample', 42) + 'A',
    'Ab3dE9fGh2kLmN0pQr5tUv7w' + fill('EXAMPLE', 18) + 'A',
  ]) {
    for (const prefix of ['pc_live_', 'pk_']) {
      assert.deepEqual(detect({ text: `PINECALL_API_KEY=${prefix}${body}`, path: '.env' }), [], prefix + body);
    }
  }
});

test('100,000 random keys of every shape: none missed', () => {
  const perKind = Math.ceil(100_000 / FUZZ_KINDS.length);
  FUZZ_KINDS.forEach((kind, i) => {
    const { checked, missed } = fuzzKind(kind, perKind, 20261202 + i);
    assert.equal(checked, perKind);
    assert.deepEqual(missed.slice(0, 5), [], `${kind.name}: ${missed.length} of ${checked} missed`);
  });
});
