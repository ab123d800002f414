// Fleet scans end to end: 40 local bare repositories (some with planted keys, one corrupt, one empty),
// the built CLI as separate processes. Shards + merge equal one unsharded run; a run killed with
// SIGKILL and rerun equals it too without rescanning a finished repository; a rerun after new commits
// scans exactly those commits.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, runCli } from '../../helpers/cli.js';
import { tempDir, tempRepos } from '../../helpers/git.js';
import { liveKey, testKey } from '../../helpers/keys.js';

const { track } = tempRepos();
const root = track(tempDir('pcscan-fleet-'));
// maintenance.auto=false: after each of the ~170 fetches of a run git started `git maintenance run
// --auto`, which on these few-commit mirrors never has anything to do (a process each, for nothing).
const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'maintenance.auto',
  GIT_CONFIG_VALUE_0: 'false',
};

let time = 1_700_000_000;
/** fast-import commands for one commit on main adding `files`. */
function commitStream(files: Record<string, string>, parent: string | undefined, n: number): string {
  time += 60;
  const msg = `change ${n}\n`;
  let s = `commit refs/heads/main\ncommitter Fleet <fleet@example.com> ${time} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}`;
  if (parent) s += `from ${parent}\n`;
  for (const [path, text] of Object.entries(files)) s += `M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`;
  return s;
}

function addCommits(bare: string, commits: Record<string, string>[], first = false): void {
  const tip = first ? undefined : execFileSync('git', ['rev-parse', 'main'], { cwd: bare, encoding: 'utf8' }).trim();
  const stream = commits.map((files, i) => commitStream(files, i === 0 ? tip : undefined, i)).join('');
  execFileSync('git', ['fast-import', '--quiet'], { cwd: bare, env: ENV, input: stream });
}

const planted = new Map<string, number>();
const repos: string[] = [];
for (let i = 0; i < 40; i++) {
  const bare = join(root, `src-${String(i).padStart(2, '0')}.git`);
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare], { env: ENV });
  repos.push(bare);
  if (i === 7) continue; // empty: no commit at all
  const commits: Record<string, string>[] = [
    { 'README.md': `# repo ${i}\n`, 'src/app.ts': `export const n = ${i};\n` },
    { 'src/app.ts': `export const n = ${i + 1};\n` },
  ];
  if (i % 5 === 0) {
    commits.push({ [`config/${i}.env`]: `PINECALL_API_KEY=${liveKey()}\n` }, { 'test/fixture.ts': `export const k = '${testKey()}';\n` });
    planted.set(bare, 2);
  }
  addCommits(bare, commits, true);
  if (i === 13) {
    // Corrupt: the objects are gone, the refs still name them.
    rmSync(join(bare, 'objects'), { recursive: true });
    execFileSync('mkdir', ['-p', join(bare, 'objects', 'info'), join(bare, 'objects', 'pack')]);
  }
}
const list = join(root, 'repos.txt');
writeFileSync(list, ['# the fleet', ...repos, ''].join('\n'));

/** A fleet run as its own process; returns the exit code and stdout. */
async function fleet(out: string, cache: string, ...extra: string[]) {
  return runCli(['fleet', list, '--cache', cache, '--out', out, ...extra], { env: ENV, timeoutMs: 120_000 });
}

async function merged(format: string, ...dirs: string[]): Promise<string> {
  const r = await runCli(['merge', ...dirs, '--format', format], { env: ENV });
  assert.equal(r.code, 1, r.stderr);
  return r.stdout;
}

const records = (out: string) =>
  readdirSync(join(out, 'repos'))
    .filter((n) => n.endsWith('.json'))
    .map((n) => JSON.parse(readFileSync(join(out, 'repos', n), 'utf8')));

const reference = join(root, 'out-all');
let referenceJson = '';

test('one unsharded run: findings per repository, the corrupt one failed with a reason, the empty one clean', async () => {
  const r = await fleet(reference, join(root, 'cache-all'), '--jobs', '3');
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /40 repositories: 39 scanned .* 1 failed; 16 findings in 8 repositories/);
  const all = records(reference);
  assert.equal(all.length, 40);
  const failed = all.filter((x) => x.status === 'failed');
  assert.deepEqual(failed.map((x) => x.repository), [repos[13]]);
  assert.match(failed[0].reason, /^[^\n]+$/);
  const empty = all.find((x) => x.repository === repos[7]);
  assert.deepEqual([empty.status, empty.findings.length, empty.stats.commits], ['ok', 0, 0]);
  for (const [repo, n] of planted) assert.equal(all.find((x) => x.repository === repo).findings.length, n);
  referenceJson = await merged('json', reference);
  const report = JSON.parse(referenceJson);
  assert.equal(report.findings.length, 16);
  assert.ok(report.findings.every((f: { repository: string }) => planted.has(f.repository)));
});

test('4 shards as 4 processes, merged, equal the unsharded run byte for byte (json, sarif, markdown)', async () => {
  const outs = [1, 2, 3, 4].map((k) => join(root, `out-shard-${k}`));
  const runs = await Promise.all(outs.map((out, k) => fleet(out, join(root, `cache-shard-${k + 1}`), '--shard', `${k + 1}/4`, '--jobs', '1')));
  const counts = outs.map((out) => records(out).length);
  assert.equal(counts.reduce((a, b) => a + b), 40, 'every repository in exactly one shard');
  assert.ok(counts.every((c) => c > 0 && c < 40), `hash shards spread the list: ${counts}`);
  assert.ok(runs.every((r) => r.code === 0 || r.code === 1));
  const sharded = await merged('json', ...outs);
  if (sharded !== referenceJson) assert.deepEqual(JSON.parse(sharded), JSON.parse(referenceJson));
  assert.equal(sharded, referenceJson);
  assert.equal(await merged('sarif', ...outs), await merged('sarif', reference));
  assert.equal(await merged('markdown', ...outs.reverse()), await merged('markdown', reference));

  // --shard-from-env: GitLab's 1-based CI_NODE_INDEX picks the same share as --shard.
  const fromEnv = join(root, 'out-env-2');
  const r = await runCli(['fleet', list, '--cache', join(root, 'cache-shard-2'), '--out', fromEnv, '--shard-from-env'], {
    env: { ...ENV, CI_NODE_INDEX: '2', CI_NODE_TOTAL: '4' },
  });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  assert.deepEqual(readdirSync(join(fromEnv, 'repos')).sort(), readdirSync(join(outs[2]!, 'repos')).sort());
});

test('kill -9 in the middle, rerun: the same result, no finished repository scanned twice', async () => {
  const out = join(root, 'out-killed');
  const cache = join(root, 'cache-killed');
  const child = spawn(process.execPath, [BIN, 'fleet', list, '--cache', cache, '--out', out, '--jobs', '1'], { env: ENV, stdio: 'ignore' });
  let exited = false;
  const done = new Promise((resolve) => child.on('exit', resolve)).then(() => (exited = true));
  const dir = join(out, 'repos');
  const count = () => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).length : 0);
  // A CLI that fails at once (no build) writes no record: the wait ends with it rather than hanging.
  while (count() < 5 && !exited) await new Promise((r) => setTimeout(r, 10));
  assert.ok(!exited, 'the fleet run was still going when five records were written');
  child.kill('SIGKILL');
  await done;
  const finished = count();
  assert.ok(finished < 40, 'killed before the end');

  const rerun = await fleet(out, cache, '--jobs', '2');
  assert.equal(rerun.code, 1, rerun.stderr);
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  assert.ok(run.upToDate >= finished - 1, `finished repositories were not rescanned: ${JSON.stringify(run)} after ${finished}`);
  for (const record of records(out)) assert.ok(record.scans <= 1, `${record.repository} scanned ${record.scans} times`);
  const after = await merged('json', out);
  if (after !== referenceJson) assert.deepEqual(JSON.parse(after), JSON.parse(referenceJson));
  assert.equal(after, referenceJson);
  assert.deepEqual(readdirSync(cache).filter((n) => n.includes('.tmp-')), [], 'no temporary clone left behind');
});

test('after new commits in 3 repositories, a rerun scans only those commits and keeps earlier findings', async () => {
  const out = join(root, 'out-all');
  const keyed = [...planted.keys()][0]!;
  const targets = [keyed, repos[1]!, repos[2]!];
  addCommits(keyed, [{ 'docs/new.md': 'notes\n' }]);
  addCommits(repos[1]!, [{ 'a.txt': 'a\n' }, { 'b.txt': `${liveKey()}\n` }]);
  addCommits(repos[2]!, [{ 'c.txt': 'c\n' }, { 'd.txt': 'd\n' }, { 'e.txt': 'e\n' }]);
  const before = new Map(records(out).map((x) => [x.repository, x]));

  const r = await fleet(out, join(root, 'cache-all'));
  assert.equal(r.code, 1, r.stderr);
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  assert.deepEqual([run.scanned, run.commits, run.upToDate, run.failed], [3, 6, 36, 1]);
  const after = new Map(records(out).map((x) => [x.repository, x]));
  assert.deepEqual(
    targets.map((t) => after.get(t).lastScan.commits),
    [1, 2, 3],
  );
  for (const t of targets) assert.equal(after.get(t).scans, 2);
  assert.equal(after.get(keyed).findings.length, 2, 'earlier findings kept');
  assert.deepEqual(after.get(keyed).findings, before.get(keyed).findings);
  assert.equal(after.get(repos[1]!).findings.length, 1, 'the new key found');
  for (const [repo, rec] of after) if (!targets.includes(repo)) assert.equal(rec.scans, before.get(repo).scans);
});

test('bad arguments exit 2; URL userinfo is never printed', async () => {
  assert.equal((await runCli(['fleet', list, '--out', join(root, 'x')])).code, 2);
  assert.equal((await runCli(['fleet', list, '--cache', root, '--out', root, '--shard', '5/4'])).code, 2);
  const secretList = join(root, 'secret.txt');
  writeFileSync(secretList, 'https://someone:hunter2token@127.0.0.1:9/org/repo.git\n');
  const r = await runCli(['fleet', secretList, '--cache', join(root, 'cache-secret'), '--out', join(root, 'out-secret')], { env: ENV });
  assert.equal(r.code, 2, 'every repository failed');
  const everything = r.stdout + r.stderr + readdirSync(join(root, 'out-secret', 'repos')).map((n) => readFileSync(join(root, 'out-secret', 'repos', n), 'utf8')).join('');
  assert.ok(!everything.includes('hunter2token') && !everything.includes('someone'), everything);
  assert.match(r.stdout, /failed {6}https:\/\/127\.0\.0\.1:9\/org\/repo\.git: /);
});
