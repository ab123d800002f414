import { it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ownString } from '../../src/core/own-string.js';

it('ownString gives back an equal string, whatever it holds (lone surrogates, NULs, empty)', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => ownString(s) === s));
  const chunk = `${'x'.repeat(70_000)}\0a1b2c3d4e5f60718293a4b5c6d7e8f901234567\ud800`;
  assert.equal(ownString(chunk.slice(70_001)), 'a1b2c3d4e5f60718293a4b5c6d7e8f901234567\ud800');
  assert.equal(ownString(''), '');
});
