import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect, hasKeyword, maskSecret, sha256Hex } from '../../src/core/index.js';
import { legacyKey, liveKey, opsKey, testKey } from '../helpers/keys.js';

test('reports a production key with exact position, masked match, hash and fingerprint', () => {
  const key = liveKey();
  const [f, ...rest] = detect({ text: `line one\nconst k = "${key}";\n`, path: 'src/app.ts' });
  assert.equal(rest.length, 0);
  assert.ok(f);
  assert.equal(f.ruleId, 'pinecall-api-key');
  assert.equal(f.env, 'production');
  assert.deepEqual([f.line, f.column, f.endLine, f.endColumn], [2, 12, 2, 12 + key.length]);
  assert.equal(f.match, `pc_live_${key.slice(8, 10)}…(51)`);
  assert.equal(f.secretHash, sha256Hex(key));
  assert.equal(f.fingerprint, `pinecall-api-key:${sha256Hex(key).slice(0, 16)}:src/app.ts`);
});

test('pc_test_ keys are sandbox keys', () => {
  const [f] = detect({ text: testKey(), path: 'a' });
  assert.equal(f?.env, 'sandbox');
});

test('the key never leaves through JSON or spreads', () => {
  const key = liveKey();
  const [f] = detect({ text: key, path: 'a' });
  assert.ok(f);
  assert.equal(f.secret, key);
  assert.ok(!JSON.stringify(f).includes(key));
  assert.ok(!JSON.stringify({ ...f }).includes(key));
});

test('masking keeps prefix, two body characters and the length', () => {
  const ops = opsKey();
  assert.equal(maskSecret(ops), `pc_ops_${ops.slice(7, 9)}…(55)`);
  const pk = legacyKey();
  assert.equal(maskSecret(pk), `pk_${pk.slice(3, 5)}…(46)`);
  assert.equal(maskSecret('abcdefghijklmnopqrstuvwxyz012345'), 'ab…(32)');
});

test('CRLF lines and a key on a last line without newline', () => {
  const key = testKey();
  const [f] = detect({ text: `a\r\nb\r\nPINECALL_KEY=${key}`, path: '.env' });
  assert.deepEqual([f?.line, f?.column], [3, 14]);
});

test('startLine and lineMap place diff fragments at their file lines', () => {
  const key = liveKey();
  assert.equal(detect({ text: `x\n${key}`, path: 'a', startLine: 10 })[0]?.line, 11);
  assert.equal(detect({ text: `x\n${key}`, path: 'a', lineMap: [4, 90] })[0]?.line, 90);
});

test('provenance of git fragments is carried over', () => {
  const [f] = detect({ text: liveKey(), path: 'a', commit: 'c'.repeat(40), author: 'A', date: '2026-01-01T00:00:00Z' });
  assert.deepEqual([f?.commit, f?.author, f?.date], ['c'.repeat(40), 'A', '2026-01-01T00:00:00Z']);
});

test('inline allow marker, allow callback and disabled rules drop findings', () => {
  const key = liveKey();
  const text = `a = "${key}" // pinecall-scan:allow\nb = "${key}"`;
  assert.deepEqual(detect({ text, path: 'a' }).map((f) => f.line), [2]);
  assert.equal(detect({ text, path: 'a' }, { inlineAllow: false }).length, 2);
  assert.equal(detect({ text, path: 'a' }, { allow: (_s, h) => h === sha256Hex(key) }).length, 0);
  assert.equal(detect({ text, path: 'a' }, { disabledRules: ['pinecall-api-key'] }).length, 0);
});

test('a legacy key is high confidence near Pinecall, medium elsewhere', () => {
  const key = legacyKey();
  assert.equal(detect({ text: `PINECALL_API_KEY=${key}`, path: '.env' })[0]?.confidence, 'high');
  assert.equal(detect({ text: `x = "${key}"`, path: 'a.py' })[0]?.confidence, 'medium');
});

test('a key found twice by different rules is reported once, by its shape rule', () => {
  const key = liveKey();
  const found = detect({ text: `PINECALL_API_KEY="${key}"`, path: '.env' });
  assert.deepEqual(found.map((f) => f.ruleId), ['pinecall-api-key']);
});

test('unquoted right-hand sides in program source are expressions, in .env files values', () => {
  const value = 'Zq8' + 'x1Lm9Pq2Rs7Tu4Vw6Yz0Ab3Cd5Ef8Gh';
  assert.equal(detect({ text: `PINECALL_VAULT_KEY = ${value}`, path: 'config.ts' }).length, 0);
  assert.equal(detect({ text: `PINECALL_VAULT_KEY=${value}`, path: '.env.local' }).length, 1);
});

test('a key base64-encoded in a Kubernetes Secret is found at its line', () => {
  const key = liveKey();
  const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  token: ${btoa(key)}\n`;
  const [f] = detect({ text, path: 'k8s/secret.yaml' });
  assert.equal(f?.line, 6);
  assert.equal(f?.column, 10);
  assert.equal(f?.encoding, 'base64');
  assert.equal(f?.secret, key);
  // The same data in a ConfigMap is not decoded.
  assert.equal(detect({ text: text.replace('Secret', 'ConfigMap'), path: 'k8s/cm.yaml' }).length, 0);
});

test('the keyword gate passes text that may hold keys and rejects the rest', () => {
  assert.equal(hasKeyword('const a = 1;'), false);
  assert.equal(hasKeyword('PINECALL_KEY=1'), true);
  assert.equal(hasKeyword('x pc_live_'), true);
});
