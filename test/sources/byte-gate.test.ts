import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GATE, hasKeyword } from '../../src/core/index.js';
import { bytesHaveKeyword } from '../../src/sources/byte-gate.js';

// Pieces that make the gate's answer interesting: every keyword, in pieces, in odd cases, and noise.
const pieces = [
  ...GATE.stems,
  ...GATE.words,
  ...GATE.together,
  ...GATE.words.map((w) => w.toUpperCase()),
  'PineCall', 'pInEcAlL', 'pinecal', 'inecall', 'p', 'c', 'k', '_', 'pc', 'pk', 'kind', 'Secre', 'secret', 'Kind:',
  '\u00e9', '\u00ff', '\u0000', '\n', ' ',
];
const bytesOf = fc
  .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 6 }), fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b).toString('latin1'))), { maxLength: 12 })
  .map((parts) => Buffer.from(parts.join(''), 'latin1'));

test('the byte-level gate answers exactly as the core keyword gate on the same bytes', () => {
  fc.assert(
    fc.property(bytesOf, (buf) => {
      assert.equal(bytesHaveKeyword(buf), hasKeyword(buf.toString('latin1')), JSON.stringify(buf.toString('latin1')));
    }),
    { seed: 20261202, numRuns: 20_000 },
  );
});

test('the gate keywords are derived from the rules', () => {
  assert.deepEqual([...GATE.stems].sort(), ['pc_', 'pk_']);
  assert.deepEqual(GATE.words, ['pinecall']);
  assert.ok(bytesHaveKeyword(Buffer.from('x'.repeat(5000) + 'PINECALL')));
  assert.ok(bytesHaveKeyword(Buffer.from('kind: Secret')));
  assert.ok(!bytesHaveKeyword(Buffer.from('kind: ConfigMap, pinecal, p_c_k, pk-, PC_')));
});
