// The built CLI as a child process: exit codes, stdin, no stack traces, unreadable files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { maskSecret } from '../../../src/core/index.js';
import { BIN, runCli, type CliResult } from '../../helpers/cli.js';
import { git, removeDir, tempDir, writeFile, withTempDir } from '../../helpers/git.js';
import { liveKey, testKey } from '../../helpers/keys.js';

const withDir = (body: (dir: string) => Promise<void>): Promise<void> => withTempDir('pcscan-bin-', body);

test('the bin has a shebang and answers --help and --version', async () => {
  assert.match(readFileSync(BIN, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: pinecall-scan /);
  const version = await runCli(['--version']);
  assert.equal(version.stdout.trim(), JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version);
});

test('exit codes 0, 1 and 2 from the real process', () =>
  withDir(async (dir) => {
    writeFile(dir, 'clean/a.ts', 'export const x = 1;\n');
    writeFile(dir, 'dirty/a.ts', `const key = "${liveKey()}";\n`);
    assert.equal((await runCli(['clean'], { cwd: dir })).code, 0);
    assert.equal((await runCli(['dirty'], { cwd: dir })).code, 1);
    const cases: CliResult[] = [
      await runCli(['--nope'], { cwd: dir }),
      await runCli(['missing-dir'], { cwd: dir }),
      await runCli(['--format', 'yaml'], { cwd: dir }),
    ];
    for (const r of cases) {
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^pinecall-scan: /);
      assert.doesNotMatch(r.stderr, /\n\s+at |Error:/);
    }
  }));

test('--stdin reads piped input; the key stays masked', () =>
  withDir(async (dir) => {
    const key = testKey();
    const r = await runCli(['--stdin', '--stdin-filename', '.env'], { cwd: dir, input: `PINECALL_KEY=${key}\n` });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^\.env\n {2}\.env:1:14 /);
    assert.ok(!(r.stdout + r.stderr).includes(key));
    const shown = await runCli(['--stdin', '--show-secrets'], { cwd: dir, input: `PINECALL_KEY=${key}\n` });
    assert.ok(shown.stdout.includes(key));
  }));

test('UTF-16 piped into --stdin is decoded', () =>
  withDir(async (dir) => {
    const key = liveKey();
    const input = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`k = "${key}"\n`, 'utf16le')]);
    const r = await runCli(['--stdin', '--format', 'json'], { cwd: dir, input });
    assert.equal(r.code, 1, r.stderr);
    const [f] = JSON.parse(r.stdout).findings;
    assert.deepEqual([f.line, f.column], [1, 6]);
  }));

// Tests run as root, who reads every file: drop to `nobody` so the permission bits mean something.
const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

test('unreadable files and directories are listed as skipped, never fatal', () =>
  withDir(async (dir) => {
    const key = liveKey();
    writeFile(dir, 'ok.ts', `const key = "${key}";\n`);
    writeFile(dir, 'locked.ts', `const key = "${liveKey()}";\n`);
    writeFile(dir, 'locked-dir/a.ts', `const key = "${liveKey()}";\n`);
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'locked.ts'), 0);
    chmodSync(join(dir, 'locked-dir'), 0);
    try {
      const r = await runCli(['--format', 'json'], { cwd: dir, ...(asNobody && { user: asNobody }) });
      assert.equal(r.code, 1, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.deepEqual(report.findings.map((f: { file: string }) => f.file), ['ok.ts']);
      assert.deepEqual(report.skipped, [
        { file: 'locked-dir', reason: 'unreadable' },
        { file: 'locked.ts', reason: 'unreadable' },
      ]);
    } finally {
      chmodSync(join(dir, 'locked-dir'), 0o755);
    }
  }));

test('--no-ignore scans node_modules and ignored files; .git never', () =>
  withDir(async (dir) => {
    writeFile(dir, '.gitignore', '*.local\n');
    writeFile(dir, 'node_modules/pkg/index.js', `module.exports = "${liveKey()}";\n`);
    writeFile(dir, 'settings.local', `PINECALL_API_KEY=${liveKey()}\n`);
    writeFile(dir, '.git/objects/info', `${liveKey()}\n`);
    const files = (r: CliResult): string[] => JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file);
    assert.deepEqual(files(await runCli(['--format', 'json'], { cwd: dir })), []);
    assert.deepEqual(files(await runCli(['--format', 'json', '--no-ignore'], { cwd: dir })), [
      'node_modules/pkg/index.js',
      'settings.local',
    ]);
  }));

// A key can sit where no detector looks for a finding: a file name, a commit author, a path in a
// hand-written baseline, the name given to --write-baseline. None may reach any output in clear.
test('a key in a file name, an author, a baseline path or a baseline file name is masked everywhere', () =>
  withDir(async (dir) => {
    const named = liveKey();
    const content = liveKey();
    const author = liveKey();
    const dirty = ['const k = "', content, '";\n'].join('');
    writeFile(dir, `keys/${named}.js`, dirty);
    writeFile(dir, `bin/${named}.dat`, Buffer.from([0, 1, 2]));
    const nobody = '0'.repeat(64);
    writeFile(dir, 'old.json', JSON.stringify({ version: 1, entries: [{ file: `gone/${named}.js`, ruleId: 'pinecall-api-key', secretHash: nobody }] }));
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = await runCli(['--format', format, '--baseline', 'old.json'], { cwd: dir });
      assert.equal(r.code, 1, r.stderr);
      outputs.push(r.stdout, r.stderr);
    }
    const written = await runCli(['--write-baseline', `baselines/${named}.json`], { cwd: dir });
    assert.equal(written.code, 0, written.stderr);
    outputs.push(written.stdout, written.stderr);
    const baselineFile = readdirSync(join(dir, 'baselines'))[0]!;
    outputs.push(readFileSync(join(dir, 'baselines', baselineFile), 'utf8'));
    // The baseline written with masked paths still matches the next scan.
    const again = await runCli(['--baseline', `baselines/${baselineFile}`, '--format', 'json'], { cwd: dir });
    assert.equal(again.code, 0, again.stdout + again.stderr);

    const repo = tempDir('pcscan-bin-repo-');
    try {
      git(repo, 'init', '-q');
      writeFile(repo, 'app.js', dirty);
      git(repo, 'add', '-A');
      execFileSync('git', ['-c', `user.name=Dev ${author}`, '-c', 'user.email=dev@example.com', 'commit', '-q', '-m', 'x'], { cwd: repo });
      for (const format of ['text', 'json', 'sarif', 'github']) {
        const r = await runCli(['--history', '--format', format], { cwd: repo });
        assert.equal(r.code, 1, r.stderr);
        outputs.push(r.stdout, r.stderr);
      }
    } finally {
      removeDir(repo);
    }
    for (const text of outputs) {
      for (const key of [named, content, author]) assert.ok(!text.includes(key), text);
    }
    assert.ok(outputs.join('').includes(maskSecret(named)));
  }));

test('a reader that stops early (`| head`) ends the run quietly: no stack trace, the exit code kept', () =>
  withDir(async (dir) => {
    for (let i = 0; i < 200; i++) writeFile(dir, `src/f${i}.ts`, `const key = "${liveKey()}";\n`);
    const r = await new Promise<CliResult>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, '--format', 'json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout: '', stderr }));
      child.stdin.end();
    });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
  }));
