import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GATE, detect, hasKeyword, makeKey, makeOpsKey } from '../../src/core/index.js';
import { bytesHaveKeyword, bytesMayHoldFinding } from '../../src/sources/byte-gate.js';

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

test('bytes the sharper gate refuses hold nothing the detector would find', () => {
  const key = fc.uint8Array({ minLength: 32, maxLength: 32 }).chain((b) =>
    fc.constantFrom(makeKey('pc_live_', b), makeKey('pc_test_', b), makeKey('pk_', b), makeOpsKey(b.subarray(0, 24))),
  );
  const piece = fc.oneof(
    key,
    key.map((k) => Buffer.from(`PINECALL_API_KEY=${k}`).toString('base64')),
    // A whole Secret manifest: the key only in base64, no keyword in clear but the manifest's own.
    key.map((k) => `\napiVersion: v1\nkind: Secret\ndata:\n  API_KEY: ${Buffer.from(k).toString('base64')}\n`),
    fc.constantFrom(
      ...GATE.stems, ...GATE.prefixes, ...GATE.together, 'kind: Secret', 'kind: "Secret"', '\ndata:\n  PINECALL_API_KEY: ',
      'PINECALL_API_KEY=', 'pinecall', 'api_key = "', 'token: ', '"', "'", '\n', '\r', ' ', 'rpc_', 'https://api.pinecall.io/v1?token=',
      '\u2028', 'é',
    ),
    fc.uint8Array({ minLength: 16, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
    fc.string({ maxLength: 8 }),
  );
  const path = fc.constantFrom('.pinecall/credentials', 'config/.pinecall/dev', 'app.env', 'src/app.ts', 'deploy/secret.yaml');
  let found = 0;
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 10 }), path, (parts, file) => {
      const buf = Buffer.from(parts.join(''));
      const findings = detect({ text: buf.toString('utf8'), path: file });
      if (findings.length > 0) found++;
      if (!bytesMayHoldFinding(buf, file)) assert.deepEqual(findings, [], JSON.stringify([file, parts]));
    }),
    { seed: 20261203, numRuns: 10_000 },
  );
  // The property is only worth something if the detector found keys in many of the inputs.
  assert.ok(found > 1000, `only ${found} inputs held findings`);
});
