import { describe, it, after } from 'node:test';
import { exitCodeFor } from '../../src/cli/errors.js';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { countCommits, openRepo, streamGit } from '../../src/sources/git-repo.js';
import { commitFiles, git, makeRepo, removeDir, tempDir, writeFile } from '../helpers/git.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));
function track<T extends string>(d: T): T {
  dirs.push(d);
  return d;
}

describe('openRepo', () => {
  it('opens a repository from a subdirectory and reads the metadata', async () => {
    const r = track(makeRepo());
    writeFile(r, 'sub/dir/x.txt', 'x\n');
    const repo = await openRepo(join(r, 'sub/dir'));
    assert.equal(realpathSync(repo.cwd), realpathSync(join(r, 'sub/dir')));
    assert.deepEqual([repo.bare, repo.shallow], [false, false]);
    assert.equal(await countCommits(repo, ['--all']), 0);
    commitFiles(r, {}, 'first');
    assert.equal(await countCommits(repo, ['--all']), 1);
  });

  it('opens a bare repository (a mirror in CI) and sees it is not shallow', async () => {
    const r = track(makeRepo());
    commitFiles(r, { 'a.txt': 'a\n' }, 'one');
    const bare = track(tempDir());
    git(bare, 'clone', '-q', '--bare', r, '.');
    const repo = await openRepo(bare);
    assert.equal(repo.bare, true);
    assert.equal(repo.shallow, false);
  });

  it('rejects a missing directory and a directory outside any repository', async () => {
    // The exit code is the CLI's mapping of the error class (src/cli/errors.ts).
    const exit2 = (name: string) => (err: Error) => err.name === name && exitCodeFor(err) === 2;
    await assert.rejects(openRepo('/no/such/dir/anywhere'), exit2('UsageError'));
    await assert.rejects(openRepo(track(tempDir())), exit2('EnvironmentError'));
  });

  it('names a file given as the repository for what it is, not a missing directory', async () => {
    const r = track(makeRepo());
    const file = writeFile(r, 'app.js', 'x\n');
    await assert.rejects(openRepo(file), { name: 'UsageError', message: `not a directory: ${file}` });
  });
});

describe('streamGit', () => {
  it('decodes invalid UTF-8 lossily and turns a git failure into one line', async () => {
    const r = track(makeRepo());
    commitFiles(r, { 'l1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]) }, 'latin-1');
    let text = '';
    const bytes = await streamGit(r, ['show', 'HEAD:l1.txt'], (t) => (text += t));
    assert.equal(bytes, 5);
    assert.equal(text, 'caf\uFFFD\n');
    await assert.rejects(streamGit(r, ['show', 'HEAD:missing'], () => {}), (err: Error) => {
      assert.equal(err.name, 'EnvironmentError');
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
  });
});
