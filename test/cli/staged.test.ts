import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
import { commitFiles, git, tempDir, writeFile, tempRepos } from '../helpers/git.js';
import { liveKey } from '../helpers/keys.js';

const { repo, track } = tempRepos();

describe('pinecall-scan --staged', () => {
  it('reports a staged key with path and line in the staged file, no commit fields, exit 1', async () => {
    const r = repo();
    const key = liveKey();
    writeFile(r, 'conf/.env', `A=1\nB=2\nPINECALL_API_KEY=${key}\n`);
    git(r, 'add', '-A');
    const res = await runCli(['--staged', '--format', 'json'], { cwd: r });
    assert.equal(res.code, 1, res.stderr);
    assert.ok(!res.stdout.includes(key), 'masked');
    const [f, ...rest] = JSON.parse(res.stdout).findings;
    assert.deepEqual(rest, []);
    assert.equal(f.file, 'conf/.env');
    assert.equal(f.line, 3);
    assert.equal(f.column, 18);
    for (const field of ['commit', 'author', 'date']) assert.ok(!(field in f), `no ${field}`);

    const text = await runCli(['--staged'], { cwd: r });
    assert.equal(text.code, 1);
    const shown = text.stdout + text.stderr;
    assert.match(shown, /conf\/\.env:3\b/);
    assert.ok(!shown.includes(key), 'masked');
    assert.doesNotMatch(shown, /commit [0-9a-f]{7,}/);
  });

  it('exits 0 when the key is only in the working tree, or the commit removes it', async () => {
    const r = repo();
    commitFiles(r, { 'a.env': `PINECALL_KEY=${liveKey()}\n` }, 'base');
    writeFile(r, 'a.env', '\n');
    git(r, 'add', 'a.env');
    writeFile(r, 'b.env', `PINECALL_KEY=${liveKey()}\n`);
    const res = await runCli(['--staged'], { cwd: r });
    assert.equal(res.code, 0, res.stdout + res.stderr);
  });

  it('exits 0 with nothing staged, even before the first commit', async () => {
    const r = repo();
    const res = await runCli(['--staged'], { cwd: r });
    assert.equal(res.code, 0, res.stderr);
  });

  it('fails with one line and exit 2 outside a git repository', async () => {
    const dir = tempDir();
    track(dir);
    const res = await runCli(['--staged'], { cwd: dir });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /^pinecall-scan: not a git repository: .+\n$/);
  });
});
