// Push protection end to end: a real bare repository with the hook `init --server` installs, real
// `git push` from a clone, git's own quarantine environment.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { commitFiles, git, tempRepos } from '../../helpers/git.js';
import { liveKey, testKey } from '../../helpers/keys.js';

const { repo, track } = tempRepos();

const GIT_ENV = { GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };

/** `git push` from `clone`, returning git's exit status and what the pusher sees. */
function push(clone: string, ...args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('git', ['push', ...args], { cwd: clone, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

/** A bare server repository with one clean commit on main, the hook installed, and a clone of it. */
async function server(): Promise<{ bare: string; clone: string }> {
  const seed = repo();
  commitFiles(seed, { 'README.md': '# app\n' }, 'init');
  const bare = track(`${seed}-server.git`);
  git(seed, 'clone', '-q', '--bare', seed, bare);
  const installed = await runCli(['init', '--server', bare]);
  assert.equal(installed.code, 0, installed.stderr);
  const clone = track(`${seed}-clone`);
  git(seed, 'clone', '-q', bare, clone);
  git(clone, 'config', 'user.name', 'Test Author');
  git(clone, 'config', 'user.email', 'author@example.com');
  return { bare, clone };
}

const tip = (dir: string, ref: string): string => git(dir, 'rev-parse', ref).trim();

test('init --server installs an executable pre-receive hook and turns push options on', async () => {
  const { bare } = await server();
  const hook = join(bare, 'hooks', 'pre-receive');
  assert.match(readFileSync(hook, 'utf8'), /pinecall-scan pre-receive|pre-receive$/m);
  assert.equal(git(bare, 'config', 'receive.advertisePushOptions').trim(), 'true');
  const again = await runCli(['init', '--server', bare]);
  assert.equal(again.code, 0);
  const notBare = await runCli(['init', '--server', repo()]);
  assert.equal(notBare.code, 2);
  assert.match(notBare.stderr, /not a bare repository/);
});

test('a push that adds a key is refused with the masked refusal; nothing moves on the server', async () => {
  const { bare, clone } = await server();
  const key = liveKey();
  const before = tip(bare, 'main');
  commitFiles(clone, { 'src/a.ts': 'export const a = 1;\n' }, 'clean');
  const bad = commitFiles(clone, { 'src/config.ts': `export const k = '${key}';\n` }, 'add key');
  commitFiles(clone, { 'src/config.ts': 'export const k = process.env.PINECALL_API_KEY;\n' }, 'remove key');
  const r = push(clone, 'origin', 'main');
  assert.equal(r.ok, false, r.out);
  assert.match(r.out, /push rejected: 1 commit adds 1 Pinecall key/);
  assert.match(r.out, new RegExp(`commit ${bad.slice(0, 12)}`));
  assert.match(r.out, /src\/config\.ts:1 {2}pinecall-api-key/);
  assert.match(r.out, /What to do:/);
  assert.match(r.out, /git rebase -i/);
  assert.ok(!r.out.includes(key), 'the key never leaves in clear');
  assert.ok(!r.out.includes(key.slice(12)), 'not even its tail');
  assert.equal(tip(bare, 'main'), before);
});

test('a clean push is accepted and says how many commits were checked', async () => {
  const { bare, clone } = await server();
  commitFiles(clone, { 'a.txt': 'one\n' }, 'one');
  const head = commitFiles(clone, { 'b.txt': 'two\n' }, 'two');
  const r = push(clone, 'origin', 'main');
  assert.equal(r.ok, true, r.out);
  assert.match(r.out, /pinecall-scan: 2 new commits checked, no Pinecall keys/);
  assert.equal(tip(bare, 'main'), head);
});

test('a force-push that rewrites history is scanned: the rewritten commits are new', async () => {
  const { bare, clone } = await server();
  commitFiles(clone, { 'a.txt': 'one\n' }, 'one');
  assert.equal(push(clone, 'origin', 'main').ok, true);
  git(clone, 'reset', '-q', '--hard', 'HEAD~1');
  commitFiles(clone, { 'a.txt': `token = "${testKey()}"\n` }, 'rewritten');
  const r = push(clone, '--force', 'origin', 'main');
  assert.equal(r.ok, false, r.out);
  assert.match(r.out, /a\.txt:1 {2}pinecall-api-key/);
  assert.match(r.out, /sandbox key/);
  // A force-push back to a clean rewrite goes through.
  git(clone, 'reset', '-q', '--hard', 'HEAD~1');
  const clean = commitFiles(clone, { 'a.txt': 'uno\n' }, 'clean rewrite');
  assert.equal(push(clone, '--force', 'origin', 'main').ok, true);
  assert.equal(tip(bare, 'main'), clean);
});

test('a new branch at an old commit adds nothing; a new branch with new commits is scanned alone', async () => {
  const seed = repo();
  commitFiles(seed, { 'README.md': '# app\n' }, 'init');
  // A key that reached the server before the hook was installed: history, not this push's doing.
  const old = commitFiles(seed, { 'legacy.env': `PINECALL_API_KEY=${liveKey()}\n` }, 'old key');
  commitFiles(seed, { 'legacy.env': 'PINECALL_API_KEY=\n' }, 'old key removed');
  const bare = track(`${seed}-server.git`);
  git(seed, 'clone', '-q', '--bare', seed, bare);
  assert.equal((await runCli(['init', '--server', bare])).code, 0);
  const clone = track(`${seed}-clone`);
  git(seed, 'clone', '-q', bare, clone);

  git(clone, 'branch', 'hotfix', old);
  const r = push(clone, 'origin', 'hotfix');
  assert.equal(r.ok, true, r.out);
  assert.match(r.out, /0 new commits checked/);

  git(clone, 'checkout', '-q', '-b', 'feature', old);
  commitFiles(clone, { 'f.txt': 'feature\n' }, 'feature work');
  const f = push(clone, 'origin', 'feature');
  assert.equal(f.ok, true, f.out);
  assert.match(f.out, /1 new commit checked/);
});

test('a tag on a new commit with a key is refused; a tag on a known commit and a deletion pass', async () => {
  const { bare, clone } = await server();
  git(clone, 'tag', '-a', 'v1', '-m', 'v1');
  assert.equal(push(clone, 'origin', 'v1').ok, true);
  assert.equal(push(clone, 'origin', '--delete', 'v1').ok, true);
  assert.equal(git(bare, 'tag', '--list').trim(), '');

  git(clone, 'checkout', '-q', '--detach');
  commitFiles(clone, { 'release.json': `{"key": "${liveKey()}"}\n` }, 'release');
  git(clone, 'tag', '-a', 'v2', '-m', 'v2');
  const r = push(clone, 'origin', 'v2');
  assert.equal(r.ok, false, r.out);
  assert.match(r.out, /release\.json:1/);
  assert.equal(git(bare, 'tag', '--list').trim(), '');
});

test('a branch deletion passes even when the branch holds a key', async () => {
  const seed = repo();
  commitFiles(seed, { 'README.md': '# app\n' }, 'init');
  git(seed, 'checkout', '-q', '-b', 'leaky');
  commitFiles(seed, { 'k.txt': liveKey() }, 'leak');
  git(seed, 'checkout', '-q', 'main');
  const bare = track(`${seed}-server.git`);
  git(seed, 'clone', '-q', '--bare', seed, bare);
  assert.equal((await runCli(['init', '--server', bare])).code, 0);
  const r = push(seed, bare, '--delete', 'leaky');
  assert.equal(r.ok, true, r.out);
  assert.equal(git(bare, 'branch', '--list', 'leaky').trim(), '');
});

test('push option pinecall-scan.allow lets exactly the named key through, and logs it', async () => {
  const { bare, clone } = await server();
  const fixture = liveKey();
  const other = liveKey();
  commitFiles(clone, { 'test/fixture.txt': `${fixture}\n` }, 'fixture');
  const refused = push(clone, 'origin', 'main');
  assert.equal(refused.ok, false);
  const hash = /pinecall-scan\.allow=sha256:([0-9a-f]{64})/.exec(refused.out)?.[1];
  assert.ok(hash, refused.out);

  const allowed = push(clone, '-o', `pinecall-scan.allow=sha256:${hash}`, 'origin', 'main');
  assert.equal(allowed.ok, true, allowed.out);
  assert.match(allowed.out, /let through by push option pinecall-scan\.allow: test\/fixture\.txt:1 pinecall-api-key/);
  assert.equal(tip(bare, 'main'), tip(clone, 'main'));

  commitFiles(clone, { 'b.txt': `${other}\n` }, 'another');
  const stillRefused = push(clone, '-o', `pinecall-scan.allow=sha256:${hash}`, 'origin', 'main');
  assert.equal(stillRefused.ok, false, 'the option waves through one key, not every key');
  assert.match(stillRefused.out, /b\.txt:1/);
});

test('a foreign pre-receive hook is kept and runs first', async () => {
  const seed = repo();
  commitFiles(seed, { 'README.md': '# app\n' }, 'init');
  const bare = track(`${seed}-server.git`);
  git(seed, 'clone', '-q', '--bare', seed, bare);
  const log = join(bare, 'foreign.log');
  writeFileSync(join(bare, 'hooks', 'pre-receive'), `#!/bin/sh\ncat >> '${log}'\n`);
  chmodSync(join(bare, 'hooks', 'pre-receive'), 0o755);
  const r = await runCli(['init', '--server', bare]);
  assert.match(r.stdout, /Moved the existing pre-receive hook/);
  commitFiles(seed, { 'x.txt': 'x\n' }, 'x');
  const pushed = push(seed, bare, 'main');
  assert.equal(pushed.ok, true, pushed.out);
  assert.match(readFileSync(log, 'utf8'), / refs\/heads\/main/);
});

test('pre-receive run by hand without hook input fails with a one-line error', async () => {
  const r = await runCli(['pre-receive'], { input: 'not a ref line\n', cwd: repo() });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /expects "<old> <new> <ref>" lines/);
  execFileSync('true');
});
