import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '../../src/core/index.js';
import { DEFAULT_STDIN_FILENAME, scanStdin } from '../../src/sources/stdin.js';
import { liveKey } from '../helpers/keys.js';

test('standard input is one fragment named by --stdin-filename', async () => {
  const key = liveKey();
  const outcome = await scanStdin(async () => `line one\nexport PINECALL_API_KEY=${key}\n`, 'deploy.sh', (f) => detect(f));
  assert.equal(outcome.findings.length, 1);
  const f = outcome.findings[0]!;
  assert.deepEqual([f.file, f.line, f.column], ['deploy.sh', 2, 25]);
  assert.deepEqual(outcome.stats, { files: 1, bytes: 9 + 24 + 51 + 1, commits: 0 });
});

test('the default name is <stdin>; a BOM does not shift columns', async () => {
  const key = liveKey();
  const outcome = await scanStdin(async () => `\ufeffk = "${key}"`, '', (f) => detect(f));
  assert.deepEqual(
    outcome.findings.map((f) => [f.file, f.line, f.column]),
    [[DEFAULT_STDIN_FILENAME, 1, 6]],
  );
});

test('empty input is clean', async () => {
  const outcome = await scanStdin(async () => '', '<stdin>', (f) => detect(f));
  assert.deepEqual(outcome.findings, []);
});
