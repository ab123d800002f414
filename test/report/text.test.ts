import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect, maskSecret } from '../../src/core/index.js';
import { languageRemedy } from '../../src/report/remedies.js';
import { formatSkipped, printable, summaryLine, textReporter } from '../../src/report/text.js';
import { findingsIn, LIVE, SANDBOX, sampleResult } from './fixtures.js';

const plain = { showSecrets: false, color: false };
// Each file's remedy is in its own language (TypeScript, shell).
const remedy = languageRemedy('config/app.ts', 'pinecall-api-key');
const shellRemedy = languageRemedy('scripts/dev.sh', 'pinecall-api-key');

test('findings are grouped by file with file:line:col, rule, confidence, masked key, env and a remedy', () => {
  assert.equal(
    textReporter(sampleResult(), plain),
    [
      'config/app.ts',
      `  config/app.ts:2:21  Pinecall API key (pinecall-api-key)  high confidence  ${maskSecret(LIVE)}  production`,
      `    → ${remedy}`,
      '',
      'scripts/dev.sh',
      `  scripts/dev.sh:1:25  Pinecall API key (pinecall-api-key)  high confidence  ${maskSecret(SANDBOX)}  sandbox`,
      `    → ${shellRemedy}`,
      '',
      '2 Pinecall keys found in 2 files (1 production, 1 sandbox) — 12 files, 33.8 KB scanned in 42 ms; 2 files skipped.',
      '',
    ].join('\n'),
  );
});

test('the remedy mentions an environment variable and rotation in the Pinecall dashboard', () => {
  assert.match(remedy, /environment variable/);
  assert.match(remedy, /rotate it in the Pinecall dashboard/);
});

test('keys are masked unless showSecrets', () => {
  const masked = textReporter(sampleResult(), plain);
  assert.ok(!masked.includes(LIVE) && !masked.includes(SANDBOX));
  const clear = textReporter(sampleResult(), { ...plain, showSecrets: true });
  assert.ok(clear.includes(LIVE) && clear.includes(SANDBOX));
});

test('colour only when asked', () => {
  assert.doesNotMatch(textReporter(sampleResult(), plain), /\x1b\[/);
  assert.match(textReporter(sampleResult(), { ...plain, color: true }), /\x1b\[31m/);
});

test('a remedy fitted to the place wins over the generic one', () => {
  const result = sampleResult();
  const fp = result.findings[0]!.fingerprint;
  const out = textReporter({ ...result, remedies: { [fp]: 'Use a GitHub Actions secret instead.' } }, plain);
  assert.match(out, /config\/app\.ts:2:21[^\n]*\n {4}→ Use a GitHub Actions secret instead\.\n/);
  assert.match(out, /scripts\/dev\.sh:1:25[^\n]*\n {4}→ Move the key/);
});

test('history findings name their commit; a clean scan says so', () => {
  const result = sampleResult();
  const commit = '0123456789abcdef0123456789abcdef01234567';
  const history = sampleResult({
    mode: 'history',
    findings: [Object.assign(result.findings[0]!, { commit, author: 'Ann', date: '2024-05-01' })],
    skipped: [],
    stats: { files: 0, bytes: 0, commits: 7, durationMs: 1500 },
  });
  const out = textReporter(history, plain);
  assert.match(out, /\n {4}commit 0123456789ab \(Ann, 2024-05-01\)\n/);
  assert.match(out, /1 Pinecall key found in 1 file \(1 production\) — 7 commits scanned in 1\.5 s\.\n$/);
  assert.equal(
    summaryLine(sampleResult({ findings: [], skipped: [] })),
    'No Pinecall keys found (12 files, 33.8 KB scanned in 42 ms).',
  );
});

test('the skipped list (for stderr) names each file and reason', () => {
  assert.equal(
    formatSkipped(sampleResult(), { color: false }),
    'skipped 2 files:\n  assets/logo.png  binary\n  data/dump.sql  too-large (20000000 bytes)\n',
  );
  assert.equal(formatSkipped(sampleResult({ skipped: [] }), { color: false }), '');
});

test('control characters in a file name are shown escaped, never raw', () => {
  const [finding] = findingsIn('evil\n\u001b[31mname.ts', `k = "${LIVE}"\n`);
  const out = textReporter(sampleResult({ findings: [finding!], skipped: [{ file: 'x\r.bin', reason: 'binary' }] }), { showSecrets: false, color: false });
  assert.ok(out.includes('evil\\x0a\\x1b[31mname.ts:1:6'), out);
  assert.ok(!out.includes('\u001b'));
  assert.equal(printable('a\tb\u007f'), 'a\\x09b\\x7f');
});

test('bidirectional and invisible characters in names, authors and server text are shown escaped', () => {
  const [finding] = detect({ text: `k = "${LIVE}"\n`, path: 'invoice\u202egpj.ts', commit: 'a'.repeat(40), author: 'ci\u200bbot\u2066', date: '2024-01-01' });
  finding!.verification = 'active';
  finding!.verificationDetail = 'org \u202eemca';
  const out = textReporter(sampleResult({ findings: [finding!], skipped: [{ file: 'x\u2028y.bin', reason: 'binary' }] }), { showSecrets: false, color: false });
  const skipped = formatSkipped(sampleResult({ skipped: [{ file: 'x\u2028y\u061c.bin', reason: 'binary', detail: 'd\ufeff' }] }), { color: false });
  for (const text of [out, skipped]) assert.doesNotMatch(text, /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\u2028\u2029\ufeff]/u);
  assert.ok(out.includes('invoice\\u202egpj.ts:1:6'), out);
  assert.ok(out.includes('ci\\u200bbot\\u2066'), out);
  assert.ok(out.includes('org \\u202eemca'), out);
  assert.ok(skipped.includes('x\\u2028y\\u061c.bin') && skipped.includes('d\\ufeff'), skipped);
  assert.equal(printable('a\u200eb\u200fc\u202ad'), 'a\\u200eb\\u200fc\\u202ad');
});
