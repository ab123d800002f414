import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecret, sha256Hex } from '../../src/core/index.js';
import { jsonReporter } from '../../src/report/json.js';
import { LIVE, SANDBOX, findingsIn, sampleResult } from './fixtures.js';

test('the JSON report follows the contract field for field', () => {
  const report = JSON.parse(jsonReporter(sampleResult(), { showSecrets: false, color: false }));
  const liveHash = sha256Hex(LIVE);
  const sandboxHash = sha256Hex(SANDBOX);
  assert.deepEqual(report, {
    version: 1,
    findings: [
      {
        ruleId: 'pinecall-api-key',
        confidence: 'high',
        file: 'config/app.ts',
        line: 2,
        column: 21,
        endLine: 2,
        endColumn: 72,
        match: maskSecret(LIVE),
        secretHash: liveHash,
        fingerprint: `pinecall-api-key:${liveHash.slice(0, 16)}:config/app.ts`,
        env: 'production',
      },
      {
        ruleId: 'pinecall-api-key',
        confidence: 'high',
        file: 'scripts/dev.sh',
        line: 1,
        column: 25,
        endLine: 1,
        endColumn: 76,
        match: maskSecret(SANDBOX),
        secretHash: sandboxHash,
        fingerprint: `pinecall-api-key:${sandboxHash.slice(0, 16)}:scripts/dev.sh`,
        env: 'sandbox',
      },
    ],
    skipped: [
      { file: 'assets/logo.png', reason: 'binary' },
      { file: 'data/dump.sql', reason: 'too-large' },
    ],
    stats: { files: 12, bytes: 34_567, commits: 0, durationMs: 42 },
  });
});

test('keys are masked unless showSecrets', () => {
  const masked = jsonReporter(sampleResult(), { showSecrets: false, color: false });
  assert.ok(!masked.includes(LIVE) && !masked.includes(SANDBOX));
  assert.ok(masked.includes(maskSecret(LIVE)));
  const clear = JSON.parse(jsonReporter(sampleResult(), { showSecrets: true, color: false }));
  assert.deepEqual(
    clear.findings.map((f: { match: string }) => f.match),
    [LIVE, SANDBOX],
  );
});

test('history provenance and verification appear in contract order; nothing else leaks', () => {
  const [finding] = findingsIn('app.ts', `k = "${LIVE}"\n`);
  const result = sampleResult({
    mode: 'history',
    findings: [{ ...finding!, commit: 'a'.repeat(40), author: 'Ann', date: '2024-05-01T10:00:00Z', verification: 'active', verificationDetail: 'org acme' }],
  });
  const [out] = JSON.parse(jsonReporter(result, { showSecrets: false, color: false })).findings;
  assert.deepEqual(Object.keys(out), [
    'ruleId', 'confidence', 'file', 'line', 'column', 'endLine', 'endColumn',
    'commit', 'author', 'date', 'match', 'secretHash', 'fingerprint', 'env', 'verification', 'verificationDetail',
  ]);
  assert.equal(out.commit, 'a'.repeat(40));
  assert.equal(out.verification, 'active');
  assert.equal(out.verificationDetail, 'org acme');
});

test('a shallow history scan says so; a key from a Kubernetes Secret says it was base64', () => {
  const [finding] = findingsIn('k8s/secret.yaml', `kind: Secret\ndata:\n  KEY: ${btoa(LIVE)}\n`);
  assert.equal(finding?.encoding, 'base64');
  const report = JSON.parse(jsonReporter(sampleResult({ mode: 'history', shallow: true, findings: [finding!] }), { showSecrets: false, color: false }));
  assert.equal(report.shallow, true);
  assert.equal(report.findings[0].encoding, 'base64');
  assert.ok(!JSON.stringify(report).includes(LIVE));
  const deep = JSON.parse(jsonReporter(sampleResult({ findings: [] }), { showSecrets: false, color: false }));
  assert.equal('shallow' in deep, false);
});

test('an empty result is a valid report ending in a newline', () => {
  const text = jsonReporter(sampleResult({ findings: [], skipped: [] }), { showSecrets: false, color: false });
  assert.ok(text.endsWith('}\n'));
  assert.deepEqual(JSON.parse(text).findings, []);
});
