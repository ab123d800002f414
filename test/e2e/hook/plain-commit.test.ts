// A project without husky that already has its own .git/hooks/pre-commit: this package (packed from
// dist/) really installed with npm, `npx pinecall-scan init`, then real `git commit`s through the hook.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { git, removeDir, tempDir, writeFile } from '../../helpers/git.js';
import { liveKey } from '../../helpers/keys.js';
import { isolateGitConfig, makeProject, npmInstall, packThisPackage, runCommand } from './project.js';

isolateGitConfig();

let project: string;
let packDir: string;

// The team's own hook: it records each run (inside .git, so nothing to commit) and fails on request.
const FOREIGN_HOOK = `#!/bin/sh
echo ran >> .git/foreign-hook-runs
if [ -f .git/foreign-hook-fails ]; then echo "team hook: lint failed" >&2; exit 3; fi
`;

function commit(message: string, cwd = project): { code: number | null; output: string } {
  const r = spawnSync('git', ['commit', '-m', message], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

const head = (): string => git(project, 'rev-parse', 'HEAD').trim();
const foreignRuns = (): number =>
  existsSync(join(project, '.git/foreign-hook-runs'))
    ? readFileSync(join(project, '.git/foreign-hook-runs'), 'utf8').split('\n').filter(Boolean).length
    : 0;

/** The hook refused the commit: nothing committed, the place named, the key shown masked only. */
function assertRefusedMasked(r: { code: number | null; output: string }, before: string, place: string, key: string): void {
  assert.equal(r.code, 1, r.output);
  assert.equal(head(), before);
  assert.ok(r.output.includes(place), r.output);
  assert.ok(r.output.includes(`${key.slice(0, 10)}…(51)`), r.output);
  assert.ok(!r.output.includes(key), 'the full key was printed');
}

function stageKey(rel: string): string {
  const key = liveKey();
  writeFile(project, rel, `const client = new Pinecall({ apiKey: '${key}' });\n`);
  git(project, 'add', rel);
  return key;
}

function unstage(rel: string): void {
  git(project, 'rm', '-q', '--cached', rel);
  rmSync(join(project, rel));
}

before(() => {
  packDir = tempDir('pcscan-pack-');
  const tarball = packThisPackage(packDir);
  project = makeProject();
  npmInstall(project, [tarball]);
  chmodSync(writeFile(project, '.git/hooks/pre-commit', FOREIGN_HOOK), 0o755);
  const init = runCommand(project, 'npx', ['--no-install', 'pinecall-scan', 'init']);
  assert.match(init, /Moved your existing hook to \.git\/hooks\/pre-commit\.local/);
});

after(() => {
  removeDir(project);
  removeDir(packDir);
});

test('the very first commit (no HEAD yet) is refused when it adds a key', () => {
  const key = stageKey('src/first.ts');
  const r = commit('first');
  assert.equal(r.code, 1, r.output);
  assert.ok(r.output.includes(`${key.slice(0, 10)}…(51)`), r.output);
  assert.notEqual(spawnSync('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: project }).status, 0);
  unstage('src/first.ts');
});

test('a clean commit passes; the foreign hook is preserved and still runs', () => {
  git(project, 'add', '-A');
  const runs = foreignRuns();
  const r = commit('set up');
  assert.equal(r.code, 0, r.output);
  assert.equal(readFileSync(join(project, '.git/hooks/pre-commit.local'), 'utf8'), FOREIGN_HOOK);
  assert.equal(foreignRuns(), runs + 1);
});

test('a commit that adds a key is refused, masked; the foreign hook ran first', () => {
  const before = head();
  const runs = foreignRuns();
  const key = stageKey('src/client.ts');
  assertRefusedMasked(commit('client'), before, 'src/client.ts:1', key);
  assert.equal(foreignRuns(), runs + 1);
  unstage('src/client.ts');
});

test('a commit that adds a zip holding a key is refused, naming the entry inside the archive', async () => {
  const { makeZip } = await import('../../helpers/archives.js');
  const before = head();
  const key = liveKey();
  writeFile(project, 'dist/bundle.zip', makeZip([{ name: 'config/.env', data: `A=1\nPINECALL_API_KEY=${key}\n` }]));
  git(project, 'add', 'dist/bundle.zip');
  const r = commit('bundle');
  assert.equal(r.code, 1, r.output);
  assert.equal(head(), before);
  assert.ok(r.output.includes('dist/bundle.zip!/config/.env:2'), r.output);
  assert.ok(!r.output.includes(key), 'the full key was printed');
  unstage('dist/bundle.zip');
});

test('a commit that adds a SQLite-like binary holding a key is refused', () => {
  const before = head();
  const key = liveKey();
  const db = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(3000), Buffer.from(`\x01\x02PINECALL_API_KEY=${key}`), Buffer.alloc(64)]);
  writeFile(project, 'data/dev.sqlite', db);
  git(project, 'add', 'data/dev.sqlite');
  assertRefusedMasked(commit('dev database'), before, 'data/dev.sqlite', key);
  unstage('data/dev.sqlite');
});

test('a failing foreign hook still blocks the commit, with its own exit status and message', () => {
  writeFile(project, '.git/foreign-hook-fails', '');
  writeFile(project, 'src/ok.ts', 'export const ok = true;\n');
  git(project, 'add', 'src/ok.ts');
  const before = head();
  const r = commit('ok');
  assert.notEqual(r.code, 0);
  assert.equal(head(), before);
  assert.match(r.output, /team hook: lint failed/);
  rmSync(join(project, '.git/foreign-hook-fails'));
  assert.equal(commit('ok').code, 0);
});

test('a key in a file whose name has spaces and non-ASCII: refused, and the advised git add can be pasted', () => {
  const key = stageKey('src/my client é.ts');
  const r = commit('spaces');
  assert.equal(r.code, 1, r.output);
  assert.ok(r.output.includes('src/my client é.ts:1'), r.output);
  assert.ok(!r.output.includes(key));
  assert.ok(r.output.includes(`(git add 'src/my client é.ts')`), r.output);
  unstage('src/my client é.ts');
});

test('a commit made from a subdirectory goes through the hook too', () => {
  const key = stageKey('src/deep/client.ts');
  const r = commit('deep', join(project, 'src/deep'));
  assert.equal(r.code, 1, r.output);
  assert.ok(!r.output.includes(key));
  unstage('src/deep/client.ts');
});

test('with core.hooksPath, init installs there and that hook guards commits', () => {
  git(project, 'config', 'core.hooksPath', '.githooks');
  const init = runCommand(project, 'npx', ['--no-install', 'pinecall-scan', 'init']);
  assert.match(init, /Installed the pre-commit hook: \.githooks\/pre-commit/);
  const key = stageKey('src/other.ts');
  const runs = foreignRuns();
  const r = commit('other');
  assert.equal(r.code, 1, r.output);
  assert.ok(!r.output.includes(key));
  assert.equal(foreignRuns(), runs, 'the .git/hooks chain is no longer the active one');
  unstage('src/other.ts');
  git(project, 'config', '--unset', 'core.hooksPath');
});
