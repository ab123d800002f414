import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '../../src/core/index.js';
import type { Finding } from '../../src/core/types.js';
import { scanStaged } from '../../src/sources/git-staged.js';
import { commitFiles, git, tempDir, writeFile, tempRepos } from '../helpers/git.js';
import { liveKey } from '../helpers/keys.js';

const detectFn = (f: Parameters<typeof detect>[0]): Finding[] => detect(f);
const where = (findings: Finding[]) => findings.map((f) => [f.file, f.line, f.column]);

const { repo, track } = tempRepos();

describe('scanStaged', () => {
  it('works before the first commit (no HEAD) and carries no commit', async () => {
    const r = repo();
    writeFile(r, 'app/.env', `A=1\nPINECALL_KEY=${liveKey()}\n`);
    git(r, 'add', '-A');
    const out = await scanStaged(r, {}, detectFn);
    assert.deepEqual(where(out.findings), [['app/.env', 2, 14]]);
    assert.equal(out.findings[0]!.commit, undefined);
    assert.equal(out.findings[0]!.author, undefined);
    assert.equal(out.stats.files, 1);
  });

  it('scans the index, not the working tree: only the staged hunk counts', async () => {
    const r = repo();
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    commitFiles(r, { 'cfg.env': lines.join('\n') + '\n' }, 'base');
    const stagedKey = liveKey();
    const unstagedKey = liveKey();
    // Stage a version with the key on line 3 …
    const staged = [...lines];
    staged.splice(2, 0, `PINECALL_KEY=${stagedKey}`);
    writeFile(r, 'cfg.env', staged.join('\n') + '\n');
    git(r, 'add', 'cfg.env');
    // … then change the working tree further: a second key far below, and lines above the first.
    const worktree = ['new top', 'another', ...staged];
    worktree.splice(30, 0, `PINECALL_KEY=${unstagedKey}`);
    writeFile(r, 'cfg.env', worktree.join('\n') + '\n');
    writeFile(r, 'untracked.env', `PINECALL_KEY=${liveKey()}\n`);
    const out = await scanStaged(r, {}, detectFn);
    assert.deepEqual(where(out.findings), [['cfg.env', 3, 14]]);
    assert.equal(out.findings[0]!.secret, stagedKey);
  });

  it('counts only the hunk applied to the index (git add -p)', async () => {
    const r = repo();
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
    commitFiles(r, { 'a.env': lines.join('\n') + '\n' }, 'base');
    const top = liveKey();
    const bottom = liveKey();
    const edited = [...lines];
    edited[1] = `PINECALL_KEY=${top}`;
    edited[37] = `PINECALL_KEY=${bottom}`;
    writeFile(r, 'a.env', edited.join('\n') + '\n');
    // Keep only the second hunk of the diff, as `git add -p` answering n, y would.
    const patch = git(r, 'diff', '-U1', 'a.env');
    const [head, , second] = patch.split(/^(?=@@)/m);
    const partial = tempDir();
    track(partial);
    writeFile(partial, 'p.patch', head! + second!);
    git(r, 'apply', '--cached', `${partial}/p.patch`);
    const out = await scanStaged(r, {}, detectFn);
    assert.deepEqual(where(out.findings), [['a.env', 38, 14]]);
    assert.equal(out.findings[0]!.secret, bottom);
  });

  it('passes a commit that removes a key, and a pure rename of a file holding one', async () => {
    const r = repo();
    commitFiles(r, { 'k.env': `PINECALL_KEY=${liveKey()}\nA=1\n`, 'keep.env': `PINECALL_KEY=${liveKey()}\nB=2\n` }, 'base');
    writeFile(r, 'k.env', 'A=1\n');
    git(r, 'add', 'k.env');
    git(r, 'mv', 'keep.env', 'moved.env');
    const out = await scanStaged(r, {}, detectFn);
    assert.deepEqual(out.findings, []);
  });

  it('reports a key added to a renamed file at its new path, and skips binary files', async () => {
    const r = repo();
    const body = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    commitFiles(r, { 'old.env': `${body}\n` }, 'base');
    git(r, 'mv', 'old.env', 'new name.env');
    writeFile(r, 'new name.env', `${body}\nPINECALL_KEY=${liveKey()}\n`);
    writeFile(r, 'data.bin', Buffer.concat([Buffer.from([0, 1, 0]), Buffer.from(`PINECALL_KEY=${liveKey()}`)]));
    git(r, 'add', '-A');
    const out = await scanStaged(r, {}, detectFn);
    assert.deepEqual(where(out.findings), [['new name.env', 21, 14]]);
    assert.deepEqual(out.skipped, [{ file: 'data.bin', reason: 'binary' }]);
  });

  it('fails with a one-line error outside a git repository', async () => {
    const dir = tempDir();
    track(dir);
    await assert.rejects(scanStaged(dir, {}, detectFn), /^EnvironmentError: not a git repository/);
  });
});

describe('scanStaged: archives', () => {
  it('opens a staged archive and reports keys the HEAD version did not hold', async () => {
    const { makeZip } = await import('../helpers/archives.js');
    const r = repo();
    const old = liveKey();
    const fresh = liveKey();
    const env = (...keys: string[]) => keys.map((k, i) => `PINECALL_API_KEY_${i}=${k}`).join('\n') + '\n';
    commitFiles(r, { 'dist/app.zip': makeZip([{ name: 'config/.env', data: env(old) }]) }, 'zip with an old key');
    writeFile(r, 'dist/app.zip', makeZip([{ name: 'config/.env', data: env(old, fresh) }]));
    git(r, 'add', '-A');
    const out = await scanStaged(r, {}, detectFn);
    assert.deepEqual(out.findings.map((f) => [f.file, f.line, f.secret === fresh, f.archive]), [['dist/app.zip!/config/.env', 2, true, 'dist/app.zip']]);
    assert.deepEqual(out.skipped, []);
    const closed = await scanStaged(r, { maxArchiveDepth: 0 }, detectFn);
    assert.deepEqual(closed.findings, []);
    assert.deepEqual(closed.skipped, [{ file: 'dist/app.zip', reason: 'binary' }]);
  });
});
