// A whole-history scan runs on a worker thread with a capped heap (src/cli/scan-thread.ts). Its report
// must be the main thread's, byte for byte, and a thread that runs out of memory must cost only a
// rerun and a one-line note.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { hasScript, runCli, runOnTty } from '../../helpers/cli.js';
import { commitFiles, git, tempRepos } from '../../helpers/git.js';
import { liveKey, testKey } from '../../helpers/keys.js';
import { wantsThread } from '../../../src/cli/scan-thread.js';
import { servesThread, THREAD_ENV } from '../../../src/cli/thread-argv.js';

const { repo } = tempRepos();

const withoutDuration = (json: string): unknown => {
  const report = JSON.parse(json) as { stats: { durationMs?: number } };
  delete report.stats.durationMs;
  return report;
};

function historyWithKeys(): { dir: string; keys: string[] } {
  const dir = repo();
  const keys = [liveKey(), testKey()];
  commitFiles(dir, { 'src/app.ts': `export const k = "${keys[0]}";\n`, 'README.md': 'pinecall client\n' }, 'add');
  commitFiles(dir, { 'src/app.ts': 'export const k = process.env.PINECALL_API_KEY;\n', '.env': `PINECALL_KEY=${keys[1]}\n` }, 'move');
  return { dir, keys };
}

describe('whole-history scans on a thread', () => {
  it('report exactly what the main thread reports, in every format', async () => {
    const { dir, keys } = historyWithKeys();
    for (const format of ['json', 'text', 'sarif']) {
      const threaded = await runCli(['--history', '--format', format], { cwd: dir, env: { [THREAD_ENV]: 'on' } });
      const main = await runCli(['--history', '--format', format], { cwd: dir, env: { [THREAD_ENV]: 'off' } });
      assert.equal(threaded.code, 1, threaded.stderr);
      assert.equal(main.code, 1, main.stderr);
      assert.equal(threaded.stderr, main.stderr);
      if (format === 'json') assert.deepEqual(withoutDuration(threaded.stdout), withoutDuration(main.stdout));
      else assert.equal(threaded.stdout.replace(/\d+ ms/g, 'N ms'), main.stdout.replace(/\d+ ms/g, 'N ms'));
      for (const key of keys) assert.ok(!threaded.stdout.includes(key) && !threaded.stderr.includes(key), 'keys only masked');
    }
    const json = JSON.parse((await runCli(['--history', '--format', 'json'], { cwd: dir, env: { [THREAD_ENV]: 'on' } })).stdout) as { findings: unknown[] };
    assert.equal(json.findings.length, 2);
  });

  it('a thread that runs out of memory: the scan runs again in the main thread, after one note', async () => {
    const { dir, keys } = historyWithKeys();
    const main = await runCli(['--history', '--format', 'json'], { cwd: dir, env: { [THREAD_ENV]: 'off' } });
    // A 1 MB old generation cannot even hold the CLI's code.
    const starved = await runCli(['--history', '--format', 'json'], { cwd: dir, env: { [THREAD_ENV]: '1' } });
    assert.equal(starved.code, 1);
    assert.deepEqual(withoutDuration(starved.stdout), withoutDuration(main.stdout));
    assert.equal(starved.stderr, "pinecall-scan: note: the scan outgrew its thread's memory limit; scanning again without one\n");
    for (const key of keys) assert.ok(!starved.stdout.includes(key), 'keys only masked');
  });

  it('errors keep their one line and exit code on the thread', async () => {
    const res = await runCli(['--history', '--format', 'nope'], { cwd: repo(), env: { [THREAD_ENV]: 'on' } });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /^pinecall-scan: [^\n]*\n(?:[^\n]*\n)?$/);
    assert.doesNotMatch(res.stderr, /\bat .*\(.*:\d+:\d+\)/, 'no stack trace');
  });

  it('shows the progress line from the thread on a terminal', { skip: !hasScript() }, () => {
    const { dir } = historyWithKeys();
    const shown = runOnTty('--history', { cwd: dir, env: { [THREAD_ENV]: 'on' } });
    assert.equal(shown.status, 1);
    assert.match(shown.shown, /pinecall-scan: 2\/2 commits \(100%\), 2 findings/);
  });

  it('a thread only for a repository whose packs are large', async () => {
    const io = (cwd: string) => ({ cwd, env: {} });
    const small = historyWithKeys().dir;
    assert.equal(await wantsThread(['--history'], io(small)), false);
    assert.equal(await wantsThread(['--history'], { cwd: small, env: { [THREAD_ENV]: 'on' } }), true);
    // 33 MB of random bytes stay 33 MB in a pack.
    const large = repo();
    // Random bytes do not deflate, so zlib at the default level only burned ~1.5 s of CPU on them (in
    // `git add` and again in `repack`); stored uncompressed the pack is the same 33 MB.
    git(large, 'config', 'core.compression', '0');
    commitFiles(large, { 'blob.bin': randomBytes(33 * 1024 * 1024) }, 'large');
    git(large, 'repack', '-a', '-d', '-q');
    assert.equal(await wantsThread(['--history'], io(large)), true);
    assert.equal(await wantsThread([large, '--history'], io(small)), true, 'the repository named on the command line');
    assert.equal(await wantsThread(['--history', '--format', 'nope'], io(large)), false, 'the main thread reports usage errors');
  });

  it('only whole-history scans go to a thread', () => {
    const env = {};
    assert.equal(servesThread(['--history'], env), true);
    assert.equal(servesThread(['.', '--history', '--format', 'sarif'], env), true);
    assert.equal(servesThread(['--history', '--range', 'a..b'], env), false);
    assert.equal(servesThread(['--history', '--range=a..b'], env), false);
    assert.equal(servesThread(['--staged'], env), false);
    assert.equal(servesThread(['.'], env), false);
    assert.equal(servesThread(['--', '--history'], env), false, 'a path named --history');
    assert.equal(servesThread(['--history'], { [THREAD_ENV]: 'off' }), false);
  });
});
