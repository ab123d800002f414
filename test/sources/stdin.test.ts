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

test('input above the chunking threshold is scanned in chunks with the same findings as whole', async () => {
  const lines: string[] = [];
  for (let i = 0; lines.join('').length < 600_000; i++) {
    lines.push(i % 5 === 0 ? `${'é'.repeat(35_000)} PINECALL_API_KEY=${liveKey()} tail\n` : `line ${i} export PINECALL_API_KEY=${liveKey()}\n`);
  }
  const bytes = Buffer.from('\ufeff' + lines.join(''));
  const where = (o: Awaited<ReturnType<typeof scanStdin>>) => o.findings.map((f) => [f.line, f.column, f.endColumn, f.start, f.end, f.secret]);
  const whole = await scanStdin(async () => bytes, 'big.txt', (f) => detect(f));
  const chunked = await scanStdin(async () => bytes, 'big.txt', (f) => detect(f), { hugeInputBytes: 100_000, chunkBytes: 64 * 1024 });
  assert.ok(whole.findings.length > 20);
  assert.deepEqual(where(chunked), where(whole));
  assert.deepEqual(chunked.stats, whole.stats);
});
