// The output masker: found secrets and anything key-shaped are masked wherever they stand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createOutputMasker, makeKey, makeOpsKey, maskKeyShaped, maskSecret, stripKeyFragments } from '../../src/core/index.js';
import { hexSecret, liveKey } from '../helpers/keys.js';
import { fuzzRuns, FUZZ_SEED } from '../helpers/fuzz.js';
import { keyBodyLeaks } from '../helpers/leaks.js';

const SEED = FUZZ_SEED;
const anyKey = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => makeKey('pc_live_', b)),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => makeKey('pc_test_', b)),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => makeKey('pk_', b)),
  fc.uint8Array({ minLength: 24, maxLength: 24 }).map((b) => makeOpsKey(b)),
);
// Text around the key, with key characters so the key is joined to other name characters.
const around = fc.string({ unit: fc.constantFrom(...'ab_-Z9./@ :\n…é'.split('')), maxLength: 20 });

test('a key joined to other name characters is masked, wherever it starts', () => {
  const mask = createOutputMasker([]);
  fc.assert(
    fc.property(anyKey, around, around, (key, before, after) => {
      const out = mask(`${before}${key}${after}`);
      assert.deepEqual(keyBodyLeaks(out, [key]), [], out);
    }),
    { seed: SEED, numRuns: fuzzRuns(500) },
  );
});

test('found secrets are masked as exact substrings, however many there are', () => {
  const secrets = Array.from({ length: 2000 }, () => hexSecret());
  const mask = createOutputMasker(secrets);
  const text = secrets.map((s, i) => `x${i}${s}y`).join(' ');
  const out = mask(text);
  assert.deepEqual(keyBodyLeaks(out, secrets), []);
  assert.ok(out.includes(`x0${maskSecret(secrets[0]!)}y`));
});

test('ordinary words with pk_ and masked keys stay as they are', () => {
  const mask = createOutputMasker([]);
  for (const text of ['pk_id', 'orders_pk_customer_idx', 'drop constraint users_pk_email_unique', 'pc_live_…', 'pc_test_xxx']) {
    assert.equal(mask(text), text);
  }
  const key = liveKey();
  const once = mask(`file ${key}_bak.env`);
  assert.equal(mask(once), once);
  assert.equal(once, `file ${maskSecret(`${key}_bak`)}.env`);
});

test('maskKeyShaped masks a cut key once 12 characters of its body are there', () => {
  const key = makeKey('pk_', Uint8Array.from({ length: 32 }, (_, i) => i * 7));
  assert.equal(maskKeyShaped(`x ${key.slice(0, 3 + 11)} y`), `x ${key.slice(0, 3 + 11)} y`);
  assert.equal(maskKeyShaped(`x ${key.slice(0, 3 + 12)} y`), `x ${maskSecret(key.slice(0, 3 + 12))} y`);
  const live = liveKey();
  assert.equal(maskKeyShaped(live.slice(0, 8 + 7)), live.slice(0, 8 + 7));
  assert.equal(maskKeyShaped(live.slice(0, 8 + 8)), maskSecret(live.slice(0, 8 + 8)));
});

test('stripKeyFragments removes every piece of 8+ characters of the key', () => {
  fc.assert(
    fc.property(anyKey, fc.nat(40), fc.integer({ min: 8, max: 40 }), around, (key, from, length, noise) => {
      const piece = key.slice(from, from + length);
      fc.pre(piece.length >= 8);
      const out = stripKeyFragments(`${noise}${piece}${noise}`, key);
      for (let i = 0; i + 8 <= out.length; i++) assert.ok(!key.includes(out.slice(i, i + 8)), out);
    }),
    { seed: SEED, numRuns: fuzzRuns(300) },
  );
});
