import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, chmodSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { BIN, runCli } from '../../helpers/cli.js';
import { liveKey } from '../../helpers/keys.js';
import { git, makeRepo, removeDir, tempDir, writeFile } from '../../helpers/git.js';
import { copyNodeModules, isolateGitConfig, makeProject, npmInstall, runCommand, runHusky } from '../hook/project.js';

isolateGitConfig();

const dirs: string[] = [];
const track = (dir: string): string => (dirs.push(dir), dir);
after(() => dirs.forEach(removeDir));

/** Every file under `dir` with its bytes and mode, to prove a second run changes nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const relPath = rel ? `${rel}/${name}` : name;
      if (relPath === '.git/index' || relPath === 'node_modules' || relPath.startsWith('.git/objects')) continue;
      const full = join(dir, relPath);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(relPath);
      else out[relPath] = `${(stat.mode & 0o777).toString(8)}:${readFileSync(full, 'base64')}`;
    }
  };
  walk('');
  return out;
}

function assertNoMachinePaths(script: string, repo: string): void {
  for (const path of [repo, tmpdir(), homedir(), process.execPath, process.cwd()]) {
    assert.ok(!script.includes(path), `hook script holds the machine path ${path}`);
  }
}

function isExecutable(file: string): boolean {
  return (statSync(file).mode & 0o111) !== 0;
}

describe('outside a repository', () => {
  test('one-line error, exit 2', async () => {
    const dir = track(tempDir());
    const r = await runCli(['init'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^pinecall-scan init: not inside a git repository.*\n$/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.deepEqual(readdirSync(dir), []);
  });

  test('a directory argument that does not exist: exit 2', async () => {
    const r = await runCli(['init', 'no/such/dir'], { cwd: track(tempDir()) });
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});

describe('plain git hook', () => {
  test('installs an executable POSIX hook with no machine paths; a second run changes nothing', async () => {
    const repo = track(makeRepo());
    const first = await runCli(['init'], { cwd: repo });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Installed the pre-commit hook: \.git\/hooks\/pre-commit/);
    assert.match(first.stdout, /local to this clone \(git does not share hooks\): each teammate runs `npx pinecall-scan init`, or use husky/);
    const hook = join(repo, '.git/hooks/pre-commit');
    assert.ok(isExecutable(hook));
    const script = readFileSync(hook, 'utf8');
    assert.match(script, /^#!\/bin\/sh\n/);
    assert.match(script, /pinecall-scan --staged/);
    assertNoMachinePaths(script, repo);
    assert.equal(runCommand(repo, 'sh', ['-n', hook]), '');

    const before = snapshot(repo);
    const second = await runCli(['init'], { cwd: repo });
    assert.equal(second.code, 0);
    assert.match(second.stdout, /already installed.*nothing changed/);
    assert.deepEqual(snapshot(repo), before);
  });

  test('the hook fails closed, saying so, when pinecall-scan is not installed', async () => {
    const repo = track(makeRepo());
    await runCli(['init'], { cwd: repo });
    writeFile(repo, 'a.txt', 'hello\n');
    git(repo, 'add', 'a.txt');
    const gitDir = dirname(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim());
    const r = spawnSync('git', ['commit', '-q', '-m', 'a'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, PATH: [gitDir, '/usr/bin', '/bin'].join(delimiter) },
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /pinecall-scan: not installed, so the staged changes were not checked/);
    assert.match(r.stderr, /npm install --save-dev pinecall-scan/);
  });

  test('a hook made by an older version (or made non-executable) is updated', async () => {
    const repo = track(makeRepo());
    await runCli(['init'], { cwd: repo });
    const hook = join(repo, '.git/hooks/pre-commit');
    const current = readFileSync(hook, 'utf8');
    writeFile(repo, '.git/hooks/pre-commit', current.replace('exec ', 'exec  '));
    chmodSync(hook, 0o644);
    const r = await runCli(['init'], { cwd: repo });
    assert.match(r.stdout, /Updated the pre-commit hook/);
    assert.equal(readFileSync(hook, 'utf8'), current);
    assert.ok(isExecutable(hook));
  });

  test('respects core.hooksPath, also when run from a subdirectory', async () => {
    const repo = track(makeRepo());
    git(repo, 'config', 'core.hooksPath', '.githooks');
    writeFile(repo, 'packages/web/index.js', '');
    const r = await runCli(['init'], { cwd: join(repo, 'packages/web') });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\.githooks\/pre-commit/);
    assert.ok(isExecutable(join(repo, '.githooks/pre-commit')));
    assert.ok(!existsSync(join(repo, '.git/hooks/pre-commit')));
    assert.ok(!existsSync(join(repo, 'packages/web/.githooks')));
  });

  test('run in a monorepo package that has pinecall-scan installed, the hook finds that copy', async () => {
    const repo = track(makeRepo());
    // The package's own install, as npm lays it out (a bin shim in node_modules/.bin).
    const shim = writeFile(repo, "packages/my web/node_modules/.bin/pinecall-scan", `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(shim, 0o755);
    writeFile(repo, '.gitignore', 'node_modules/\n');
    const r = await runCli(['init'], { cwd: join(repo, 'packages/my web') });
    assert.equal(r.code, 0, r.stderr);
    const script = readFileSync(join(repo, '.git/hooks/pre-commit'), 'utf8');
    assertNoMachinePaths(script, repo);
    assert.equal(runCommand(repo, 'sh', ['-n', join(repo, '.git/hooks/pre-commit')]), '');
    const again = await runCli(['init'], { cwd: join(repo, 'packages/my web') });
    assert.match(again.stdout, /nothing changed/);

    const gitDir = dirname(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim());
    const env = { ...process.env, NO_COLOR: '1', PATH: [gitDir, '/usr/bin', '/bin'].join(delimiter) };
    writeFile(repo, 'ok.txt', 'hello\n');
    git(repo, 'add', '.gitignore', 'ok.txt');
    const clean = spawnSync('git', ['commit', '-q', '-m', 'clean'], { cwd: repo, encoding: 'utf8', env });
    assert.equal(clean.status, 0, clean.stderr);
    writeFile(repo, 'leak.js', `const k = '${liveKey()}';\n`);
    git(repo, 'add', 'leak.js');
    const leak = spawnSync('git', ['commit', '-q', '-m', 'leak'], { cwd: repo, encoding: 'utf8', env });
    assert.equal(leak.status, 1);
    assert.match(leak.stderr, /commit blocked/);
  });

  test('a core.hooksPath of its own wins over a .husky directory (git runs hooks from there)', async () => {
    const repo = track(makeRepo());
    git(repo, 'config', 'core.hooksPath', '.githooks');
    writeFile(repo, '.husky/pre-commit', 'npm test\n');
    const r = await runCli(['init'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(isExecutable(join(repo, '.githooks/pre-commit')));
    assert.equal(readFileSync(join(repo, '.husky/pre-commit'), 'utf8'), 'npm test\n');
  });

  test('husky v8 (core.hooksPath = .husky, hooks sourcing husky.sh): refused with advice', async () => {
    const repo = track(makeRepo());
    git(repo, 'config', 'core.hooksPath', '.husky');
    writeFile(repo, '.husky/pre-commit', '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpm test\n');
    const before = snapshot(repo);
    const r = await runCli(['init'], { cwd: repo });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /old husky \(v8 or earlier\).*upgrade to husky v9/);
    assert.deepEqual(snapshot(repo), before);
  });

  test('init DIR installs into that repository', async () => {
    const repo = track(makeRepo());
    const r = await runCli(['init', repo], { cwd: track(tempDir()) });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(isExecutable(join(repo, '.git/hooks/pre-commit')));
  });

  test('from a linked worktree, installs into the shared hooks directory', async () => {
    const repo = track(makeRepo());
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'root');
    const worktree = join(track(tempDir()), 'wt');
    git(repo, 'worktree', 'add', '-q', worktree);
    const r = await runCli(['init'], { cwd: worktree });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(isExecutable(join(repo, '.git/hooks/pre-commit')));
    assert.equal(readdirSync(worktree).filter((n) => n !== '.git').length, 0);
  });

  test('a foreign hook is kept byte for byte as pre-commit.local, and chained', async () => {
    const repo = track(makeRepo());
    const foreign = '#!/bin/sh\n# team hook\nnpm run lint\n';
    const hook = writeFile(repo, '.git/hooks/pre-commit', foreign);
    chmodSync(hook, 0o750);
    const r = await runCli(['init'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Moved your existing hook to \.git\/hooks\/pre-commit\.local/);
    const local = join(repo, '.git/hooks/pre-commit.local');
    assert.equal(readFileSync(local, 'utf8'), foreign);
    assert.equal(statSync(local).mode & 0o777, 0o750);
    assert.match(readFileSync(hook, 'utf8'), /pre-commit\.local/);

    const before = snapshot(repo);
    const again = await runCli(['init'], { cwd: repo });
    assert.match(again.stdout, /nothing changed/);
    assert.deepEqual(snapshot(repo), before);
  });

  test('a foreign hook that already runs the staged scan is left alone', async () => {
    const repo = track(makeRepo());
    writeFile(repo, '.git/hooks/pre-commit', '#!/bin/sh\nnpx --no-install pinecall-scan --staged\n');
    const before = snapshot(repo);
    const r = await runCli(['init'], { cwd: repo });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /already runs `pinecall-scan --staged`, nothing changed/);
    assert.deepEqual(snapshot(repo), before);
  });

  test('refuses when a foreign hook and pre-commit.local both exist; nothing changes', async () => {
    const repo = track(makeRepo());
    writeFile(repo, '.git/hooks/pre-commit', '#!/bin/sh\nmake check\n');
    writeFile(repo, '.git/hooks/pre-commit.local', '#!/bin/sh\nmake lint\n');
    const before = snapshot(repo);
    const r = await runCli(['init', '--force'], { cwd: repo });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /both .*pre-commit and .*pre-commit\.local exist/);
    assert.deepEqual(snapshot(repo), before);
  });

  test('a hook generated by the pre-commit framework: refused with advice, chained with --force', async () => {
    const repo = track(makeRepo());
    const generated = '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexec pre-commit hook-impl "$@"\n';
    writeFile(repo, '.git/hooks/pre-commit', generated);
    const before = snapshot(repo);
    const refused = await runCli(['init'], { cwd: repo });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /pre-commit framework.*\.pre-commit-config\.yaml.*--force/);
    assert.equal(refused.stderr.trim().split('\n').length, 1);
    assert.deepEqual(snapshot(repo), before);

    const forced = await runCli(['init', '--force'], { cwd: repo });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(join(repo, '.git/hooks/pre-commit.local'), 'utf8'), generated);
  });
});

describe('husky v9, really installed', () => {
  let template: string;

  before(() => {
    template = track(tempDir('pcscan-husky-'));
    writeFile(template, 'package.json', JSON.stringify({ name: 'app', version: '1.0.0', private: true, scripts: { test: 'exit 0' } }));
    npmInstall(template, ['husky@9']);
  });

  /** A husky project; pinecall-scan installed too (a bin shim, as npm lays it out) unless said otherwise. */
  function huskyProject(options: { scan?: boolean; testScript?: boolean } = {}): string {
    const repo = track(makeProject());
    copyNodeModules(template, repo);
    if (options.testScript === false) {
      writeFile(repo, 'package.json', JSON.stringify({ name: 'app', version: '1.0.0', private: true }, null, 2) + '\n');
    }
    if (options.scan !== false) {
      chmodSync(writeFile(repo, 'node_modules/.bin/pinecall-scan', `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`), 0o755);
    }
    return repo;
  }

  test('after `npx husky init`: the scan goes first in .husky/pre-commit, its lines kept after it; a second run changes nothing', async () => {
    const repo = huskyProject();
    runHusky(repo, ['init']);
    assert.equal(git(repo, 'config', 'core.hooksPath').trim(), '.husky/_');
    const original = readFileSync(join(repo, '.husky/pre-commit'), 'utf8');
    assert.equal(original, 'npm test\n');

    const r = await runCli(['init'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Added `pinecall-scan --staged` to \.husky\/pre-commit/);
    assert.doesNotMatch(r.stdout, /not active/);
    assert.equal(readFileSync(join(repo, '.husky/pre-commit'), 'utf8'), 'pinecall-scan --staged\nnpm test\n');
    assert.match(r.stdout, /Kept husky's default `npm test` line, after the scan\./);
    assert.ok(!existsSync(join(repo, '.git/hooks/pre-commit')));

    const before = snapshot(repo);
    const second = await runCli(['init'], { cwd: repo });
    assert.match(second.stdout, /already installed in \.husky\/pre-commit, nothing changed/);
    assert.deepEqual(snapshot(repo), before);
  });

  test('husky installed into a custom directory (core.hooksPath = DIR/_)', async () => {
    const repo = huskyProject();
    runHusky(repo, ['config/husky']);
    const r = await runCli(['init'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(repo, 'config/husky/pre-commit'), 'utf8'), 'pinecall-scan --staged\n');
    assert.ok(!existsSync(join(repo, '.husky')));
  });

  test('husky listed in package.json but not set up in this clone: creates the hook and says how to activate', async () => {
    const repo = huskyProject();
    const r = await runCli(['init'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Created \.husky\/pre-commit/);
    assert.match(r.stdout, /husky is not active in this clone yet: run `npx husky`/);
    assert.equal(readFileSync(join(repo, '.husky/pre-commit'), 'utf8'), 'pinecall-scan --staged\n');
    assert.ok(!existsSync(join(repo, '.git/hooks/pre-commit')));
    // Following the advice activates husky without touching the hook file.
    runHusky(repo, []);
    assert.equal(git(repo, 'config', 'core.hooksPath').trim(), '.husky/_');
    assert.equal(readFileSync(join(repo, '.husky/pre-commit'), 'utf8'), 'pinecall-scan --staged\n');
    const again = await runCli(['init'], { cwd: repo });
    assert.match(again.stdout, /already installed in \.husky\/pre-commit, nothing changed/);
    assert.doesNotMatch(again.stdout, /not active/);
  });

  test('no "test" script: the scan still runs first and blocks a key; init says the npm test line fails', async () => {
    const repo = huskyProject({ testScript: false });
    runHusky(repo, ['init']);
    const r = await runCli(['init'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /as its first command/);
    assert.match(r.stdout, /package\.json has no "test" script, so that line fails every commit/);
    assert.equal(readFileSync(join(repo, '.husky/pre-commit'), 'utf8'), 'pinecall-scan --staged\nnpm test\n');
    writeFile(repo, 'src/app.ts', `export const k = '${liveKey()}';\n`);
    git(repo, 'add', 'src/app.ts');
    const leak = spawnSync('git', ['commit', '-m', 'leak'], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.notEqual(leak.status, 0);
    const output = leak.stdout + leak.stderr;
    assert.match(output, /commit blocked/);
    assert.doesNotMatch(output, /Missing script/);
  });

  test('a scan line that runs after other lines is moved to the top', async () => {
    const repo = huskyProject();
    writeFile(repo, '.husky/pre-commit', '# lint first\nnpx lint-staged\npinecall-scan --staged\n');
    const r = await runCli(['init'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Moved `pinecall-scan --staged` to the top/);
    assert.equal(readFileSync(join(repo, '.husky/pre-commit'), 'utf8'), '# lint first\npinecall-scan --staged\nnpx lint-staged\n');
  });

  test('pinecall-scan not resolvable where husky runs the hook: refused with the install command, nothing written', async () => {
    const repo = huskyProject({ scan: false });
    runHusky(repo, ['init']);
    const gitDir = dirname(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim());
    const r = await runCli(['init'], { cwd: repo, env: { PATH: [gitDir, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter) } });
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /^pinecall-scan init: .*not installed.*npm install --save-dev pinecall-scan/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(readFileSync(join(repo, '.husky/pre-commit'), 'utf8'), 'npm test\n');
  });
});
