// The history source's gate is the files source's byte gate (src/sources/byte-gate.ts): these cases hold it to the detector's answer too.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hasKeyword } from '../../src/core/index.js';
import { bytesHaveKeyword as hasKeywordBytes } from '../../src/sources/byte-gate.js';

/** Text with keywords (in random letter case) and near-misses spliced in among arbitrary characters. */
const pieces = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('pc_', 'pk_', 'p_', 'c_', 'pinecal', 'inecall', 'kind:', 'Secret', 'secret', 'kind :', '_', 'é', 'ſ', '\u212a'),
  fc.constant('pinecall').chain((w) =>
    fc.array(fc.boolean(), { minLength: w.length, maxLength: w.length }).map((up) => [...w].map((c, i) => (up[i] ? c.toUpperCase() : c)).join('')),
  ),
);
const texts = fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join(''));

describe('hasKeywordBytes', () => {
  it('gives the detector gate’s answer on the UTF-8 bytes of any text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        assert.equal(hasKeywordBytes(Buffer.from(text, 'utf8')), hasKeyword(text), JSON.stringify(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds each keyword at the very start and end of a buffer', () => {
    for (const word of ['pc_', 'pk_', 'PineCall', 'pinecalL']) {
      assert.equal(hasKeywordBytes(Buffer.from(word)), true, word);
      assert.equal(hasKeywordBytes(Buffer.from(`${'x'.repeat(100)}${word}`)), true, word);
    }
    assert.equal(hasKeywordBytes(Buffer.from('kind: Secret')), true);
    assert.equal(hasKeywordBytes(Buffer.from('kind: ConfigMap\nsecret: x\n_pc pk pinecal')), false);
    assert.equal(hasKeywordBytes(Buffer.alloc(0)), false);
  });
});
