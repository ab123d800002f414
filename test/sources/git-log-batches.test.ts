import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { listCommits, openLogBatches } from '../../src/sources/git-log-batches.js';
import { commitFiles, git, tempRepos } from '../helpers/git.js';

const { repo } = tempRepos();

const CONFIG = ['-c', 'core.deltaBaseCacheLimit=4m'];
const LOG_ARGS = ['--raw', '--no-abbrev', '--diff-merges=first-parent', '-M', '--no-color', '--format=%x00%H%x00%P%x00%an%x00%B%x00'];

/** A history with what the batches must keep in order: a root, a side branch merged back, a rename, an empty commit, an unmerged branch. */
function history(): string {
  const r = repo();
  commitFiles(r, { 'a.txt': 'one\n', 'dir/b.txt': 'two\n' }, 'root');
  git(r, 'checkout', '-q', '-b', 'side');
  commitFiles(r, { 'side.txt': 'side 1\n' }, 'side 1');
  commitFiles(r, { 'side.txt': 'side 2\n' }, 'side 2');
  git(r, 'checkout', '-q', '-');
  git(r, 'mv', 'dir/b.txt', 'dir/c.txt');
  commitFiles(r, { 'a.txt': 'one\nmore\n' }, 'rename and edit');
  git(r, 'merge', '-q', '--no-ff', '-m', 'merge side', 'side');
  commitFiles(r, {}, 'empty');
  git(r, 'checkout', '-q', '-b', 'loose');
  commitFiles(r, { 'loose.txt': 'loose\n' }, 'unmerged');
  git(r, 'checkout', '-q', '-');
  commitFiles(r, { 'a.txt': 'last\n' }, 'last');
  return r;
}

async function batched(r: string, batch: number, revs = ['--all']): Promise<{ text: string; bytes: number }> {
  let text = '';
  const commits = await listCommits(r, revs);
  const bytes = await openLogBatches(r, CONFIG, LOG_ARGS, commits, (t) => (text += t), batch).done;
  return { text, bytes };
}

describe('git log in batches', () => {
  it('prints, batch after batch, byte for byte what one git log --topo-order --reverse prints', async () => {
    const r = history();
    const whole = git(r, ...CONFIG, 'log', '--topo-order', '--reverse', ...LOG_ARGS, '--all');
    assert.match(whole, /merge side/);
    for (const batch of [1, 2, 3, 5000]) {
      const { text, bytes } = await batched(r, batch);
      assert.equal(text, whole, `batches of ${batch}`);
      assert.equal(bytes, Buffer.byteLength(whole));
    }
  });

  it('lists the commits a range selects, and counts them', async () => {
    const r = history();
    const all = await listCommits(r, ['--all']);
    assert.equal(all.count, 8);
    assert.equal(all.ids.toString().trim().split('\n').length, 8);
    const range = await listCommits(r, ['--end-of-options', 'HEAD~1..HEAD']);
    assert.equal(range.count, 1);
    assert.equal(range.ids.toString().trim(), git(r, 'rev-parse', 'HEAD').trim());
    assert.equal((await batched(r, 2, ['--end-of-options', 'HEAD..HEAD'])).text, '');
  });

  it('holds a paused batch until it is resumed, and a killed stream rejects in one line', async () => {
    const r = history();
    const commits = await listCommits(r, ['--all']);
    let text = '';
    const stream = openLogBatches(r, CONFIG, LOG_ARGS, commits, (t) => (text += t), 2);
    const shown = (): number => (text.match(/\0[0-9a-f]{40}\0/g) ?? []).length;
    stream.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The batch under way may still deliver (Node flushes an exited child's output); no other starts.
    assert.ok(shown() <= 2, `${shown()} commits shown while paused`);
    stream.resume();
    await stream.done;
    assert.equal(shown(), 8);

    const killed = openLogBatches(r, CONFIG, LOG_ARGS, commits, () => undefined, 1);
    killed.kill();
    await assert.rejects(killed.done, /^EnvironmentError: git log was stopped$|git log was stopped/);
  });

  it('names git log, not its options, when a batch fails', async () => {
    const r = history();
    const commits = await listCommits(r, ['--all']);
    const stream = openLogBatches(r, CONFIG, ['--no-such-option'], commits, () => undefined, 3);
    await assert.rejects(stream.done, (err: Error) => err.name === 'EnvironmentError' && /^git log failed: /.test(err.message) && !err.message.includes('\n'));
  });
});
