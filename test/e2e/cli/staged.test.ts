import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../helpers/cli.js';
import { commitFiles, git, tempDir, writeFile, tempRepos } from '../../helpers/git.js';
import { liveKey } from '../../helpers/keys.js';

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

describe('--staged words fit the moment', () => {
  it('by hand: the usual text report, no "commit blocked"; from a hook (--hook or git’s GIT_INDEX_FILE): the refusal', async () => {
    const r = repo();
    commitFiles(r, { 'README.md': 'x\n' });
    writeFile(r, 'src/app.ts', `export const k = "${liveKey()}";\n`);
    git(r, 'add', '-A');
    // Not inside a git hook (npm test is not run from one): no GIT_INDEX_FILE.
    const env = {};
    const byHand = await runCli(['--staged', '--format', 'text'], { cwd: r, env });
    assert.equal(byHand.code, 1);
    assert.doesNotMatch(byHand.stdout, /commit blocked/);
    assert.match(byHand.stdout, /src\/app\.ts:1:\d+ {2}Pinecall API key \(pinecall-api-key\)/);
    assert.match(byHand.stdout, /1 Pinecall key found in 1 file/);
    const flagged = await runCli(['--staged', '--hook'], { cwd: r, env });
    assert.match(flagged.stdout, /^pinecall-scan: commit blocked/);
    const inHook = await runCli(['--staged'], { cwd: r, env: { GIT_INDEX_FILE: `${r}/.git/index` } });
    assert.match(inHook.stdout, /^pinecall-scan: commit blocked/);
    const misuse = await runCli(['--hook', '.'], { cwd: r });
    assert.equal(misuse.code, 2);
    assert.match(misuse.stderr, /--hook needs --staged/);
  });
});
