// Merge commits on a full history scan are listed against their first parent; these cases hold the
// findings to what a combined listing (`-c`, files that differ from every parent) reports.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { detect } from '../../src/core/index.js';
import type { Finding } from '../../src/core/types.js';
import { scanHistory } from '../../src/sources/git-history.js';
import { commitFiles, git, tempRepos } from '../helpers/git.js';
import { liveKey } from '../helpers/keys.js';

const detectFn = (f: Parameters<typeof detect>[0]): Finding[] => detect(f);
const { repo } = tempRepos();
const byCommit = (findings: Finding[]) => findings.map((f) => [f.commit, f.file, f.line]).sort();

describe('scanHistory across merges', () => {
  it('reports nothing new for files a merge takes from the other side (renamed or edited there)', async () => {
    const r = repo();
    const key = liveKey();
    const sideKey = liveKey();
    const added = commitFiles(r, { 'a.env': `PINECALL_KEY=${key}\n`, 'x.txt': 'x\n' }, 'base');
    git(r, 'checkout', '-q', '-b', 'side');
    git(r, 'mv', 'a.env', 'b.env');
    git(r, 'commit', '-q', '-m', 'rename on the side');
    const sideAdded = commitFiles(r, { 's.env': `PINECALL_KEY=${sideKey}\n` }, 'key on the side');
    git(r, 'checkout', '-q', 'main');
    commitFiles(r, { 'x.txt': 'x\ny\n' }, 'main moves on');
    git(r, 'merge', '-q', '--no-edit', 'side');
    assert.equal(git(r, 'rev-list', '--parents', '-n1', 'HEAD').trim().split(' ').length, 3);
    const out = await scanHistory(r, {}, detectFn);
    assert.deepEqual(byCommit(out.findings), [
      [added, 'a.env', 1],
      [sideAdded, 's.env', 1],
    ].sort());
  });

  it('reports a key at the path a file was renamed to while merging (no parent had it there)', async () => {
    const r = repo();
    const key = liveKey();
    const added = commitFiles(r, { 'a.env': `PINECALL_KEY=${key}\n`, 'x.txt': 'x\n' }, 'base');
    git(r, 'checkout', '-q', '-b', 'side');
    commitFiles(r, { 'y.txt': 'y\n' }, 'side');
    git(r, 'checkout', '-q', 'main');
    commitFiles(r, { 'x.txt': 'x\nz\n' }, 'main');
    git(r, 'merge', '-q', '--no-commit', 'side');
    git(r, 'mv', 'a.env', 'renamed.env');
    git(r, 'commit', '-q', '-m', 'merge, renaming a.env');
    const merge = git(r, 'rev-parse', 'HEAD').trim();
    assert.equal(git(r, 'rev-list', '--parents', '-n1', 'HEAD').trim().split(' ').length, 3);
    const out = await scanHistory(r, {}, detectFn);
    assert.deepEqual(byCommit(out.findings), [
      [added, 'a.env', 1],
      [merge, 'renamed.env', 1],
    ].sort());
  });
});

describe('scanHistory stats', () => {
  it('counts a blob read again while its first read was under way once, as a sequential scan does', async () => {
    // A partial scan (explicit revs) asks for each changed file's previous version as well. Here the
    // large first version is still streaming when, hundreds of commits later in the log, its edit asks
    // for it again.
    const r = repo();
    const big = 'const filler = "abcdefghij";\n'.repeat(200_000);
    let stream = '';
    let time = 1_700_000_000;
    const commit = (files: Record<string, string>, n: number): void => {
      time += 60;
      const msg = `change ${n}\n`;
      stream += `commit refs/heads/main\ncommitter T <t@example.com> ${time} +0000\ndata ${msg.length}\n${msg}`;
      for (const [path, text] of Object.entries(files)) stream += `M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`;
    };
    commit({ 'big.js': big }, 0);
    for (let n = 1; n <= 400; n++) commit({ [`notes/${n % 50}.txt`]: `note ${n}\n` }, n);
    commit({ 'big.js': `${big}// more\n` }, 401);
    execFileSync('git', ['fast-import', '--quiet'], { cwd: r, input: stream });
    git(r, 'reset', '-q', '--hard', 'main');
    const full = await scanHistory(r, {}, detectFn);
    const partial = await scanHistory(r, { revs: ['HEAD'] }, detectFn);
    assert.equal(partial.stats.commits, full.stats.commits);
    assert.equal(partial.stats.bytes, full.stats.bytes);
  });
});

describe('scanHistory of a large store', () => {
  it('shows the commits in batches and reports exactly what one git log gives', async () => {
    const r = repo();
    const [k1, k2, k3, k4] = [liveKey(), liveKey(), liveKey(), liveKey()];
    commitFiles(r, { 'a.env': `PINECALL_KEY=${k1}\n`, 'x.txt': 'x\n' }, `base, and a key in the message ${k4}`);
    git(r, 'checkout', '-q', '-b', 'side');
    git(r, 'mv', 'a.env', 'b.env');
    git(r, 'commit', '-q', '-m', 'rename on the side');
    commitFiles(r, { 's.env': `PINECALL_KEY=${k2}\n` }, 'key on the side');
    git(r, 'checkout', '-q', 'main');
    commitFiles(r, { 'x.txt': 'x\ny\n', 'c.env': `PINECALL_KEY=${k1}\n` }, 'a copy');
    git(r, 'merge', '-q', '--no-edit', 'side');
    commitFiles(r, { 'c.env': 'gone\n' }, 'removed');
    commitFiles(r, { 'c.env': `PINECALL_KEY=${k1}\nPINECALL_OTHER=${k3}\n` }, 'back, with another');
    git(r, 'checkout', '-q', '-b', 'loose');
    commitFiles(r, { 'l.env': `PINECALL_KEY=${k3}\n` }, 'unmerged');
    git(r, 'checkout', '-q', 'main');
    const progress = (seen: number[][]) => (done: number, total: number) => seen.push([done, total]);
    const single: number[][] = [];
    const batched: number[][] = [];
    const one = await scanHistory(r, { messages: true, onProgress: progress(single) }, detectFn);
    const many = await scanHistory(r, { messages: true, largeStoreBytes: 0, logBatch: 2, onProgress: progress(batched) }, detectFn);
    const view = (o: typeof one) => JSON.stringify({ findings: o.findings.map((f) => [f.commit, f.file, f.line, f.secretHash]), skipped: o.skipped, commits: o.stats.commits, files: o.stats.files, bytes: o.stats.bytes });
    assert.equal(one.findings.length, 6);
    assert.equal(view(many), view(one));
    assert.deepEqual(batched, single);
    assert.equal(single.at(-1)?.[1], 8);
    // A range is listed with -c (files that differ from every parent) and its older versions seeded.
    const range = { range: 'HEAD~3..HEAD' };
    const rangeOne = await scanHistory(r, range, detectFn);
    const rangeMany = await scanHistory(r, { ...range, largeStoreBytes: 0, logBatch: 1 }, detectFn);
    assert.equal(rangeOne.findings.length, 2);
    assert.equal(view(rangeMany), view(rangeOne));
  });
});
