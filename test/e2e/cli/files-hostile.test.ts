// The built CLI on hostile trees: symlinks named as arguments, names that are not UTF-8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runCli } from '../../helpers/cli.js';
import { removeDir, tempDir, writeFile } from '../../helpers/git.js';
import { liveKey } from '../../helpers/keys.js';

test('CLI: a symlink named as a path is listed, not followed; --follow-symlinks follows it inside the root only', async () => {
  const dir = tempDir('pcscan-cli-links-');
  const outside = tempDir('pcscan-cli-outside-');
  try {
    writeFile(dir, 'real/app.env', `PINECALL_API_KEY=${liveKey()}\n`);
    writeFile(outside, 'secret.env', `PINECALL_API_KEY=${liveKey()}\n`);
    symlinkSync(join(dir, 'real/app.env'), join(dir, 'link.env'));
    symlinkSync(outside, join(dir, 'outdir'));

    const plain = await runCli(['--format', 'json', 'link.env', 'outdir'], { cwd: dir });
    assert.equal(plain.code, 0, plain.stderr);
    const report = JSON.parse(plain.stdout) as { findings: unknown[]; skipped: { file: string; reason: string }[] };
    assert.deepEqual(report.findings, []);
    assert.deepEqual(
      report.skipped.map((s) => [s.file, s.reason]),
      [
        ['link.env', 'symlink-not-followed'],
        ['outdir', 'symlink-not-followed'],
      ],
    );

    const followed = await runCli(['--format', 'json', '--follow-symlinks', 'link.env', 'outdir'], { cwd: dir });
    assert.equal(followed.code, 1, followed.stderr);
    const both = JSON.parse(followed.stdout) as { findings: { file: string }[]; skipped: { file: string; reason: string }[] };
    assert.deepEqual(both.findings.map((f) => f.file), ['link.env']);
    assert.deepEqual(both.skipped.map((s) => [s.file, s.reason]), [['outdir', 'symlink-outside-root']]);
  } finally {
    removeDir(dir);
    removeDir(outside);
  }
});

test('CLI: a file whose name is not UTF-8 is scanned and reported with the byte escaped', async () => {
  const dir = tempDir('pcscan-cli-names-');
  try {
    writeFileSync(Buffer.concat([Buffer.from(dir + '/'), Buffer.from('lat\xe9in.env', 'latin1')]), `PINECALL_API_KEY=${liveKey()}\n`);
    const r = await runCli(['.'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /lat\\xe9in\.env:1:18/);
  } finally {
    removeDir(dir);
  }
});

test('CLI: --stdin from a redirected file reads it whole, with the BOM dropped', async () => {
  const dir = tempDir('pcscan-cli-stdin-');
  try {
    const key = liveKey();
    const file = writeFile(dir, 'input.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`a\nPINECALL_API_KEY=${key}\n`)]));
    const fd = openSync(file, 'r');
    try {
      const r = spawnSync(process.execPath, [BIN, '--stdin', '--stdin-filename', 'in.env', '--format', 'json'], {
        stdio: [fd, 'pipe', 'pipe'],
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      assert.equal(r.status, 1, r.stderr);
      const f = (JSON.parse(r.stdout) as { findings: { file: string; line: number; column: number }[] }).findings;
      assert.deepEqual(f.map((x) => [x.file, x.line, x.column]), [['in.env', 2, 18]]);
    } finally {
      closeSync(fd);
    }
  } finally {
    removeDir(dir);
  }
});
