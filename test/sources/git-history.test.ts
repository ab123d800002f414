import { describe, it } from 'node:test';
import { exitCodeFor } from '../../src/cli/errors.js';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { detect } from '../../src/core/index.js';
import type { Finding } from '../../src/core/types.js';
import { scanHistory } from '../../src/sources/git-history.js';
import { commitFiles, git, tempDir, writeFile, tempRepos } from '../helpers/git.js';
import { liveKey, testKey } from '../helpers/keys.js';

const detectFn = (f: Parameters<typeof detect>[0]): Finding[] => detect(f);

const { repo, track } = tempRepos();

const byCommit = (findings: Finding[]) => findings.map((f) => [f.commit, f.file, f.line, f.column]);

describe('scanHistory', () => {
  it('attributes a key to the commit that added it, even after it was removed', async () => {
    const r = repo();
    const key = liveKey();
    commitFiles(r, { 'README.md': 'hello\n' }, 'init');
    const added = commitFiles(r, { 'config.env': `A=1\nPINECALL_KEY=${key}\n` }, 'add key');
    commitFiles(r, { 'config.env': 'A=1\nPINECALL_KEY=\n' }, 'remove key');
    const out = await scanHistory(r, {}, detectFn);
    assert.deepEqual(byCommit(out.findings), [[added, 'config.env', 2, 14]]);
    const f = out.findings[0]!;
    assert.equal(f.author, 'Test Author <author@example.com>');
    assert.match(f.date!, /^\d{4}-\d\d-\d\dT/);
    assert.equal(f.secret, key);
    assert.equal(out.stats.commits, 3);
    assert.equal(out.shallow, undefined);
  });

  it('reports every line holding the key in the introducing commit, and not again when kept or moved', async () => {
    const r = repo();
    const key = testKey();
    const first = commitFiles(r, { 'a.js': `const k = "${key}";\nconst again = "${key}";\n` }, 'two lines');
    commitFiles(r, { 'a.js': `// moved down\n\nconst k = "${key}";\nconst again = "${key}";\n` }, 'edit around');
    commitFiles(r, { 'a.js': `const again = "${key}";\n// x\nconst k = "${key}";\n` }, 'reorder');
    const out = await scanHistory(r, {}, detectFn);
    assert.deepEqual(byCommit(out.findings), [
      [first, 'a.js', 1, 12],
      [first, 'a.js', 2, 16],
    ]);
  });

  it('carries a key through a rename (also with edits), but a copy into another file is new', async () => {
    const r = repo();
    const key = liveKey();
    const body = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const first = commitFiles(r, { 'old.env': `PINECALL_KEY=${key}\n${body}\n` }, 'add');
    mkdirSync(join(r, 'dir'));
    git(r, 'mv', 'old.env', 'dir/new.env');
    git(r, 'commit', '-q', '-m', 'pure rename');
    git(r, 'mv', 'dir/new.env', 'dir/newer.env');
    writeFile(r, 'dir/newer.env', `${body}\nPINECALL_KEY=${key}\n`);
    git(r, 'add', '-A');
    git(r, 'commit', '-q', '-m', 'rename and move the line');
    const copy = commitFiles(r, { 'copy.env': `PINECALL_KEY=${key}\n` }, 'copy');
    const out = await scanHistory(r, {}, detectFn);
    assert.deepEqual(byCommit(out.findings), [
      [first, 'old.env', 1, 14],
      [copy, 'copy.env', 1, 14],
    ]);
  });

  it('finds keys on unmerged branches, orphan branches, detached HEADs and tags', async () => {
    const r = repo();
    const keys = [liveKey(), liveKey(), liveKey(), liveKey()];
    commitFiles(r, { 'base.txt': 'base\n' }, 'base');
    git(r, 'checkout', '-q', '-b', 'feature');
    const onBranch = commitFiles(r, { 'f.env': `PINECALL_KEY=${keys[0]}\n` }, 'branch');
    git(r, 'checkout', '-q', '--orphan', 'orphan');
    git(r, 'rm', '-rqf', '.');
    const onOrphan = commitFiles(r, { 'o.env': `PINECALL_KEY=${keys[1]}\n` }, 'orphan');
    git(r, 'checkout', '-q', '-f', 'main');
    git(r, 'checkout', '-q', '--detach');
    const detached = commitFiles(r, { 'd.env': `PINECALL_KEY=${keys[2]}\n` }, 'detached');
    git(r, 'checkout', '-q', '-f', 'main');
    git(r, 'checkout', '-q', '--detach');
    const tagged = commitFiles(r, { 't.env': `PINECALL_KEY=${keys[3]}\n` }, 'tagged');
    git(r, 'tag', 'v1');
    git(r, 'checkout', '-q', '--detach', detached);
    const out = await scanHistory(r, {}, detectFn);
    const commits = out.findings.map((f) => f.commit).sort();
    assert.deepEqual(commits, [onBranch, onOrphan, detached, tagged].sort());
  });

  it('finds a key written while resolving a merge conflict, and a merged key only once', async () => {
    const r = repo();
    const merged = liveKey();
    const resolved = liveKey();
    commitFiles(r, { 'f.env': 'A=1\nB=2\n' }, 'base');
    git(r, 'checkout', '-q', '-b', 'side');
    const sideCommit = commitFiles(r, { 'f.env': `A=1\nB=side\n`, 's.env': `PINECALL_KEY=${merged}\n` }, 'side');
    git(r, 'checkout', '-q', 'main');
    commitFiles(r, { 'f.env': 'A=1\nB=main\n' }, 'main');
    assert.throws(() => git(r, 'merge', '-q', 'side'));
    const mergeCommit = commitFiles(r, { 'f.env': `A=1\nPINECALL_KEY=${resolved}\n` }, 'merge');
    assert.equal(git(r, 'rev-list', '--parents', '-n1', 'HEAD').trim().split(' ').length, 3);
    const out = await scanHistory(r, {}, detectFn);
    assert.deepEqual(byCommit(out.findings).sort(), [
      [mergeCommit, 'f.env', 2, 14],
      [sideCommit, 's.env', 1, 14],
    ].sort());
  });

  it('scans only the commits of --range', async () => {
    const r = repo();
    commitFiles(r, { 'a.env': `PINECALL_KEY=${liveKey()}\n` }, 'old');
    const base = git(r, 'rev-parse', 'HEAD').trim();
    const inRange = commitFiles(r, { 'b.env': `PINECALL_KEY=${liveKey()}\n` }, 'new');
    const out = await scanHistory(r, { range: `${base}..HEAD` }, detectFn);
    assert.deepEqual(out.findings.map((f) => f.commit), [inRange]);
    assert.equal(out.stats.commits, 1);
    await assert.rejects(scanHistory(r, { range: 'nope..HEAD' }, detectFn), (err: Error) => {
      assert.equal(err.name, 'EnvironmentError');
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
    await assert.rejects(scanHistory(r, { range: '--all' }, detectFn), /revision range/);
  });

  it('with --range, does not report a key that was in a file before the range when the range edits the file', async () => {
    const r = repo();
    const old = liveKey();
    const lines = Array.from({ length: 10 }, (_, i) => `A${i}=${i}`);
    commitFiles(r, { 'cfg.env': `PINECALL_KEY=${old}\n${lines.join('\n')}\n` }, 'old key');
    const base = git(r, 'rev-parse', 'HEAD').trim();
    commitFiles(r, { 'other.txt': 'x\n' }, 'unrelated');
    const fresh = liveKey();
    const edit = commitFiles(r, { 'cfg.env': `PINECALL_KEY=${old}\n${lines.join('\n')}\nNEW_KEY=1\nPINECALL_TOKEN=${fresh}\n` }, 'edit');
    git(r, 'mv', 'cfg.env', 'moved.env');
    git(r, 'commit', '-q', '-m', 'move');
    const out = await scanHistory(r, { range: `${base}..HEAD` }, detectFn);
    assert.deepEqual(out.findings.map((f) => [f.commit, f.file, f.line, f.secret]), [[edit, 'cfg.env', 13, fresh]]);
  });

  it('handles a huge single-line file, CRLF, non-UTF-8 bytes and unusual paths', async () => {
    const r = repo();
    const keys = [liveKey(), liveKey(), liveKey(), liveKey()];
    const huge = 'x'.repeat(3 * 1024 * 1024) + ` PINECALL_KEY=${keys[0]} ` + 'y'.repeat(1024);
    const latin1 = Buffer.concat([
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), // "café" in Latin-1, invalid UTF-8
      Buffer.from(`PINECALL_KEY=${keys[2]}\n`),
    ]);
    const c = commitFiles(
      r,
      {
        'min.js': huge,
        'win.env': `A=1\r\nPINECALL_KEY=${keys[1]}\r\nB=2\r\n`,
        'latin1.txt': latin1,
        'dir with space/naïve ключ.env': `PINECALL_KEY=${keys[3]}\n`,
      },
      'edge cases',
    );
    const out = await scanHistory(r, {}, detectFn);
    const got = Object.fromEntries(out.findings.map((f) => [f.file, [f.line, f.column, f.endColumn, f.commit]]));
    assert.deepEqual(got, {
      'min.js': [1, 3 * 1024 * 1024 + 15, 3 * 1024 * 1024 + 15 + 51, c],
      'win.env': [2, 14, 65, c],
      'latin1.txt': [2, 14, 65, c],
      'dir with space/naïve ключ.env': [1, 14, 65, c],
    });
  });

  it('skips binary files and lists them', async () => {
    const r = repo();
    commitFiles(r, { 'blob.bin': Buffer.concat([Buffer.from([0, 0, 1]), Buffer.from(`PINECALL_KEY=${liveKey()}`)]) }, 'bin');
    const out = await scanHistory(r, {}, detectFn);
    assert.deepEqual(out.findings, []);
    assert.deepEqual(out.skipped, [{ file: 'blob.bin', reason: 'binary' }]);
  });

  it('returns nothing for an empty repository', async () => {
    const r = repo();
    const out = await scanHistory(r, {}, detectFn);
    assert.deepEqual(out, { findings: [], skipped: [], stats: { files: 0, bytes: 0, commits: 0 } });
  });

  it('scans what a shallow clone holds and says it is shallow', async () => {
    const r = repo();
    const oldKey = liveKey();
    const tipKey = liveKey();
    commitFiles(r, { 'old.env': `PINECALL_KEY=${oldKey}\n` }, 'one');
    commitFiles(r, { 'old.env': '\n' }, 'two');
    const tip = commitFiles(r, { 'tip.env': `PINECALL_KEY=${tipKey}\n` }, 'three');
    const clone = tempDir('pcscan-shallow-');
    track(clone);
    git(clone, 'clone', '-q', '--depth', '1', `file://${r}`, '.');
    const out = await scanHistory(clone, {}, detectFn);
    assert.equal(out.shallow, true);
    assert.equal(out.stats.commits, 1);
    assert.deepEqual(out.findings.map((f) => [f.commit, f.file]), [[tip, 'tip.env']]);
  });

  it('reports progress per commit, ending at the total', async () => {
    const r = repo();
    for (let i = 0; i < 3; i++) commitFiles(r, { [`f${i}.env`]: `PINECALL_KEY=${liveKey()}\n` }, `c${i}`);
    const calls: number[][] = [];
    await scanHistory(r, { onProgress: (done, total, findings) => calls.push([done, total, findings]) }, detectFn);
    assert.deepEqual(calls, [
      [1, 3, 1],
      [2, 3, 2],
      [3, 3, 3],
    ]);
  });

  it('fails with a one-line error outside a git repository', async () => {
    const dir = tempDir();
    track(dir);
    await assert.rejects(scanHistory(dir, {}, detectFn), (err: Error) => {
      assert.equal(exitCodeFor(err), 2);
      assert.match(err.message, /^not a git repository: /);
      return true;
    });
  });
});
