// run() in-process: every exit code, each bad input, masking in every output, --output, stdin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskSecret } from '../../src/core/index.js';
import { run, type RunIO } from '../../src/cli/run.js';
import { redactSecrets } from '../../src/core/index.js';
import { writeFile, withTempDir } from '../helpers/git.js';
import { liveKey, testKey } from '../helpers/keys.js';

const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;

const withDir = (body: (dir: string) => Promise<void>): Promise<void> => withTempDir('pcscan-run-', body);

const io = (cwd: string, extra: Partial<RunIO> = {}): RunIO => ({ cwd, env: {}, isTTY: false, ...extra });

test('exit 0 on a clean tree, 1 with findings', () =>
  withDir(async (dir) => {
    writeFile(dir, 'README.md', 'Set PINECALL_API_KEY=pc_live_... in your environment.\n');
    const clean = await run([], io(dir));
    assert.equal(clean.exitCode, 0, clean.stderr);
    assert.match(clean.stdout, /^No Pinecall keys found \(1 file, /);
    writeFile(dir, 'src/app.ts', `const key = "${liveKey()}";\n`);
    const dirty = await run(['.'], io(dir));
    assert.equal(dirty.exitCode, 1);
    assert.match(dirty.stdout, /src\/app\.ts:1:14 {2}Pinecall API key/);
  }));

test('bad input: one line on stderr, exit 2, never a stack trace', () =>
  withDir(async (dir) => {
    const cases: [string[], RegExp][] = [
      [['--bogus'], /^pinecall-scan: unknown option '--bogus'\nUsage: pinecall-scan /],
      [['nope'], /^pinecall-scan: no such file or directory: nope\n$/],
      [['--format', 'xml'], /^pinecall-scan: option '--format <format>' argument 'xml' is invalid/],
      [['--max-file-size', 'lots'], /argument 'lots' is invalid/],
      [['--stdin', 'a.txt'], /^pinecall-scan: --stdin takes no paths\n/],
      [['--range', 'a..b'], /^pinecall-scan: --range needs --history\n/],
      [['--history', '--staged'], /^pinecall-scan: --history and --staged cannot be combined\n/],
      [['--output'], /argument missing/],
    ];
    for (const [argv, expected] of cases) {
      const r = await run(argv, io(dir));
      assert.equal(r.exitCode, 2, argv.join(' '));
      assert.match(r.stderr, expected, argv.join(' '));
      assert.equal(r.stdout, '');
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  }));

test('--help and --version print to stdout and exit 0; the version comes from package.json', async () => {
  const help = await run(['--help'], io(process.cwd()));
  assert.equal(help.exitCode, 0);
  assert.match(help.stdout, /^Usage: pinecall-scan \[options\] \[command\] \[paths\.\.\.\]/);
  for (const flag of ['--no-ignore', '--history', '--range', '--staged', '--stdin', '--stdin-filename', '--format', '--output', '--config', '--baseline', '--write-baseline', '--verify', '--show-secrets', '--max-file-size']) {
    assert.ok(help.stdout.includes(flag), flag);
  }
  assert.match(help.stdout, /Exit codes: 0 nothing found, 1 findings, 2 usage/);
  const version = await run(['--version'], io(process.cwd()));
  assert.deepEqual(version, { exitCode: 0, stdout: `${VERSION}\n`, stderr: '' });
});

test('an empty directory is clean; a file path scans that file', () =>
  withDir(async (dir) => {
    writeFile(dir, 'empty/.keep', '');
    writeFile(dir, 'one.env', `PINECALL_KEY=${testKey()}\n`);
    assert.equal((await run(['empty'], io(dir))).exitCode, 0);
    const r = await run(['one.env', '--format', 'json'], io(dir));
    assert.equal(r.exitCode, 1);
    assert.deepEqual(
      JSON.parse(r.stdout).findings.map((f: { file: string; env: string }) => [f.file, f.env]),
      [['one.env', 'sandbox']],
    );
  }));

test('the full key appears in no output unless --show-secrets', () =>
  withDir(async (dir) => {
    const key = liveKey();
    writeFile(dir, 'a.py', `PINECALL_API_KEY = "${key}"\n`);
    writeFile(dir, 'blob.bin', Buffer.concat([Buffer.from([0]), Buffer.from(key)]));
    for (const format of ['text', 'json']) {
      const hidden = await run(['--format', format], io(dir));
      assert.equal(hidden.exitCode, 1);
      assert.ok(!(hidden.stdout + hidden.stderr).includes(key), format);
      assert.ok(hidden.stdout.includes(maskSecret(key)), format);
      const shown = await run(['--format', format, '--show-secrets'], io(dir));
      assert.ok(shown.stdout.includes(key), format);
    }
  }));

test('findings are sorted by file, line, column', () =>
  withDir(async (dir) => {
    writeFile(dir, 'b.txt', `x ${liveKey()}\ny ${liveKey()} ${liveKey()}\n`);
    writeFile(dir, 'a/z.txt', `${liveKey()}\n`);
    const r = await run(['--format', 'json'], io(dir));
    const where = JSON.parse(r.stdout).findings.map((f: { file: string; line: number; column: number }) => `${f.file}:${f.line}:${f.column}`);
    assert.deepEqual(where, ['a/z.txt:1:1', 'b.txt:1:3', 'b.txt:2:3', 'b.txt:2:55']);
  }));

test('JSON lists binary and too-large files as skipped; text lists them on stderr; the exit code is unchanged', () =>
  withDir(async (dir) => {
    writeFile(dir, 'pic.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
    writeFile(dir, 'huge.log', 'x'.repeat(5000));
    writeFile(dir, 'ok.txt', 'fine\n');
    const json = await run(['--format', 'json', '--max-file-size', '4k'], io(dir));
    assert.equal(json.exitCode, 0);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(report.skipped, [
      { file: 'huge.log', reason: 'too-large' },
      { file: 'pic.png', reason: 'binary' },
    ]);
    assert.equal(report.stats.files, 1);
    assert.equal(json.stderr, '');
    const text = await run(['--max-file-size', '4k'], io(dir));
    assert.equal(text.exitCode, 0);
    assert.match(text.stderr, /^skipped 2 files:\n {2}huge\.log {2}too-large \(5000 bytes\)\n {2}pic\.png {2}binary\n$/);
    const quiet = await run(['--max-file-size', '4k', '--quiet'], io(dir));
    assert.deepEqual(quiet, { exitCode: 0, stdout: '', stderr: '' });
  }));

test('--output FILE writes the report there; an unwritable target is exit 2', () =>
  withDir(async (dir) => {
    const key = liveKey();
    writeFile(dir, 'src/a.ts', `const k = "${key}";\n`);
    const r = await run(['src', '--format', 'json', '--output', 'report.json'], io(dir));
    assert.equal(r.exitCode, 1);
    assert.equal(r.stdout, '');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    assert.equal(report.findings[0].file, 'src/a.ts');
    assert.ok(!JSON.stringify(report).includes(key));
    const bad = await run(['src', '--output', 'missing/dir/report.txt'], io(dir));
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /^pinecall-scan: cannot write the report to missing\/dir\/report\.txt \(ENOENT\)\n$/);
  }));

test('--stdin scans standard input under --stdin-filename', () =>
  withDir(async (dir) => {
    const key = testKey();
    const stdin = async (): Promise<string> => `curl -H "Authorization: Bearer ${key}" https://cloud.pinecall.io/v1/whoami\n`;
    const r = await run(['--stdin', '--stdin-filename', 'ci/deploy.sh', '--format', 'json'], io(dir, { stdin }));
    assert.equal(r.exitCode, 1);
    const [f] = JSON.parse(r.stdout).findings;
    assert.deepEqual([f.file, f.line, f.env], ['ci/deploy.sh', 1, 'sandbox']);
    const plain = await run(['--stdin'], io(dir, { stdin }));
    assert.match(plain.stdout, /^<stdin>\n {2}<stdin>:1:/);
    const empty = await run(['--stdin'], io(dir, { stdin: async () => '' }));
    assert.equal(empty.exitCode, 0);
  }));

test('colour on a TTY or with FORCE_COLOR; never with NO_COLOR or when piped', () =>
  withDir(async (dir) => {
    writeFile(dir, 'a.ts', `const k = "${liveKey()}";\n`);
    const ansi = /\x1b\[/;
    assert.doesNotMatch((await run([], io(dir))).stdout, ansi);
    assert.match((await run([], io(dir, { isTTY: true }))).stdout, ansi);
    assert.doesNotMatch((await run([], io(dir, { isTTY: true, env: { NO_COLOR: '1' } }))).stdout, ansi);
    assert.match((await run([], io(dir, { env: { FORCE_COLOR: '1' } }))).stdout, ansi);
    assert.doesNotMatch((await run(['--output', 'r.txt'], io(dir, { isTTY: true }))).stdout, ansi);
    assert.doesNotMatch(readFileSync(join(dir, 'r.txt'), 'utf8'), ansi);
  }));

test('a key base64-encoded in a Kubernetes Secret is reported at its line', () =>
  withDir(async (dir) => {
    const key = liveKey();
    const manifest = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: pinecall',
      'type: Opaque',
      'data:',
      `  PINECALL_API_KEY: ${Buffer.from(key).toString('base64')}`,
      '',
    ].join('\n');
    writeFile(dir, 'k8s/secret.yaml', manifest);
    const r = await run(['--format', 'json'], io(dir));
    assert.equal(r.exitCode, 1, r.stderr);
    const [f] = JSON.parse(r.stdout).findings;
    assert.deepEqual([f.file, f.line, f.column], ['k8s/secret.yaml', 7, 21]);
    assert.ok(!r.stdout.includes(key) && !r.stdout.includes(Buffer.from(key).toString('base64')));
  }));

test('error text is redacted before it is printed', () => {
  const key = liveKey();
  const redacted = redactSecrets(`cannot read config value ${key}`);
  assert.ok(!redacted.includes(key));
  assert.ok(redacted.includes(maskSecret(key)));
});
