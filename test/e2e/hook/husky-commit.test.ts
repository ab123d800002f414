// A user's husky v9 project: husky and this package (packed from dist/) really installed with npm,
// `husky init` (its installed bin, as npx runs it), `npx pinecall-scan init`, then real `git commit`s through the hook.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { git, removeDir, tempDir, writeFile } from '../../helpers/git.js';
import { liveKey, testKey } from '../../helpers/keys.js';
import { isolateGitConfig, makeProject, npmInstall, packThisPackage, runCommand, runHusky } from './project.js';

isolateGitConfig();

let project: string;
let packDir: string;

function commit(message: string, ...flags: string[]): { code: number | null; output: string } {
  const r = spawnSync('git', ['commit', '-m', message, ...flags], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

const head = (): string => git(project, 'rev-parse', 'HEAD').trim();
const masked = (key: string): string => `${key.slice(0, 10)}…(${key.length})`;

before(() => {
  packDir = tempDir('pcscan-pack-');
  const tarball = packThisPackage(packDir);
  project = makeProject();
  npmInstall(project, [tarball, 'husky@9']);
  runHusky(project, ['init']);
  const init = runCommand(project, 'npx', ['--no-install', 'pinecall-scan', 'init']);
  assert.match(init, /Added `pinecall-scan --staged` to \.husky\/pre-commit/);
  git(project, 'add', '-A');
  const first = commit('set up husky and pinecall-scan');
  assert.equal(first.code, 0, first.output);
});

after(() => {
  removeDir(project);
  removeDir(packDir);
});

test('the husky hook keeps its own line and runs the scan', () => {
  assert.equal(readFileSync(join(project, '.husky/pre-commit'), 'utf8'), 'pinecall-scan --staged\nnpm test\n');
  assert.equal(git(project, 'config', 'core.hooksPath').trim(), '.husky/_');
});

test('a commit that adds a key is refused; the message shows the key masked and what to do', () => {
  const before = head();
  const key = liveKey();
  writeFile(project, 'src/config.ts', `export const region = 'eu';\nexport const apiKey = '${key}';\n`);
  git(project, 'add', 'src/config.ts');
  const r = commit('add config');
  assert.notEqual(r.code, 0, r.output);
  assert.equal(head(), before, 'the commit was made');
  assert.match(r.output, /commit blocked/);
  assert.ok(r.output.includes(`src/config.ts:2`), r.output);
  assert.ok(r.output.includes(masked(key)), r.output);
  assert.ok(!r.output.includes(key), 'the full key was printed');
  assert.match(r.output, /process\.env\.PINECALL_API_KEY/);
  assert.match(r.output, /rotate/);
  assert.match(r.output, /pinecall-scan:allow/);
  assert.doesNotMatch(r.output, /--no-verify/);
  git(project, 'rm', '-q', '--cached', 'src/config.ts');
  rmSync(join(project, 'src/config.ts'));
});

test('a commit that removes a key is allowed', () => {
  const key = testKey();
  writeFile(project, 'src/old.ts', `export const old = '${key}';\nexport const keep = 1;\n`);
  git(project, 'add', 'src/old.ts');
  // The documented escape hatch puts the key in history, as in a project that predates the hook.
  assert.equal(commit('legacy key', '--no-verify').code, 0);
  writeFile(project, 'src/old.ts', 'export const keep = 1;\n');
  git(project, 'add', 'src/old.ts');
  const before = head();
  const r = commit('remove the key');
  assert.equal(r.code, 0, r.output);
  assert.notEqual(head(), before);
});

test('a key only in an unstaged change does not block the commit of other files', () => {
  const key = liveKey();
  writeFile(project, 'src/old.ts', `export const keep = 1;\nexport const k = '${key}';\n`);
  writeFile(project, 'docs/notes.md', '# notes\n');
  git(project, 'add', 'docs/notes.md');
  const r = commit('notes');
  assert.equal(r.code, 0, r.output);
  assert.deepEqual(git(project, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n'), ['docs/notes.md']);
  assert.ok(readFileSync(join(project, 'src/old.ts'), 'utf8').includes(key), 'the working tree was touched');
  git(project, 'checkout', '-q', '--', 'src/old.ts');
});

test('`git commit -a` and `git commit <path>` (git’s temporary index) are checked too', () => {
  const before = head();
  const key = liveKey();
  writeFile(project, 'src/old.ts', `export const keep = 1;\nexport const k = '${key}';\n`);
  for (const flags of [['-a'], ['--', 'src/old.ts']]) {
    const r = commit(`commit ${flags.join(' ')}`, ...flags);
    assert.notEqual(r.code, 0, `${flags.join(' ')}: ${r.output}`);
    assert.ok(r.output.includes('src/old.ts:2'), r.output);
    assert.ok(!r.output.includes(key));
    assert.equal(head(), before);
  }
  git(project, 'checkout', '-q', '--', 'src/old.ts');
});

test('a line marked pinecall-scan:allow passes, as the refusal message says', () => {
  writeFile(project, 'test/fixture.ts', `export const sample = '${liveKey()}'; // pinecall-scan:allow\n`);
  git(project, 'add', 'test/fixture.ts');
  const r = commit('fixture');
  assert.equal(r.code, 0, r.output);
});
