// Merge commits on a full history scan are listed against their first parent; these cases hold the
// findings to what a combined listing (`-c`, files that differ from every parent) reports.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
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
