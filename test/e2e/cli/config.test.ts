// The project config through the built CLI, as a user (or CI) runs it.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { sha256Hex } from '../../../src/core/index.js';
import { runCli } from '../../helpers/cli.js';
import { makeRepo, removeDir, writeFile } from '../../helpers/git.js';
import { legacyKey, liveKey, testKey } from '../../helpers/keys.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** A repository with one key in each of three places. */
function project(): { root: string; live: string; sandbox: string; legacy: string } {
  const root = makeRepo();
  dirs.push(root);
  const live = liveKey();
  const sandbox = testKey();
  const legacy = legacyKey();
  writeFile(root, 'src/app.ts', `export const key = "${live}";\n`);
  writeFile(root, 'fixtures/keys/sample.ts', `export const key = "${sandbox}";\n`);
  writeFile(root, 'config/settings.py', `PINECALL_API_KEY = "${legacy}"\n`);
  return { root, live, sandbox, legacy };
}

async function files(root: string, ...args: string[]): Promise<{ code: number | null; files: string[]; stderr: string }> {
  const r = await runCli(['--format', 'json', ...args], { cwd: root });
  const files = r.stdout ? (JSON.parse(r.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file) : [];
  return { code: r.code, files, stderr: r.stderr };
}

async function configError(root: string, args: string[] = ['.']): Promise<string> {
  const r = await runCli(args, { cwd: root });
  assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\bat .*:\d+:\d+/, 'no stack trace');
  return lines[0]!;
}

describe('config: discovery and fields', () => {
  it('scans everything without a config', async () => {
    const { root } = project();
    const r = await files(root, '.');
    assert.equal(r.code, 1);
    assert.deepEqual(r.files, ['config/settings.py', 'fixtures/keys/sample.ts', 'src/app.ts']);
  });

  it('an allow regex that would backtrack forever costs nothing (linear-time engine)', { timeout: 60_000 }, async () => {
    const { root } = project();
    writeFile(root, '.pinecall-scan.json', json({ allow: ['^([A-Za-z0-9_-]+)+!$', '^pc_test_'] }));
    const r = await files(root, '.');
    assert.equal(r.code, 1);
    assert.deepEqual(r.files, ['config/settings.py', 'src/app.ts']);
  });

  it('100 000 ignorePaths entries are one matcher, not 100 000 per file', { timeout: 60_000 }, async () => {
    const { root } = project();
    for (let i = 0; i < 40; i++) writeFile(root, `src/more/m${i}.ts`, `export const n = ${i};\n`);
    const ignorePaths: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      ignorePaths.push(`vendor${i}/`, `gen/file${i}.ts`, `cache${i}`, `**/*.part${i}.js`, `/out${i}/**`);
      ignorePaths.push(`a${i}/b`, `c${i}.env`, `d/${i}`, `e${i}/`, `f${i}`);
    }
    ignorePaths.push('fixtures/**');
    writeFile(root, '.pinecall-scan.json', json({ ignorePaths }));
    const r = await files(root, '.');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.files, ['config/settings.py', 'src/app.ts']);
  });

  it('leaves out ignorePaths, written with / on every OS', async () => {
    const { root } = project();
    writeFile(root, '.pinecall-scan.json', json({ ignorePaths: ['fixtures/**', 'config/*.py'] }));
    const r = await files(root, '.');
    assert.deepEqual(r.files, ['src/app.ts']);
  });

  it('applies ignorePaths when a subdirectory is scanned', async () => {
    const { root } = project();
    writeFile(root, '.pinecall-scan.json', json({ ignorePaths: ['/fixtures/keys/'] }));
    const r = await runCli(['--format', 'json', 'fixtures'], { cwd: root });
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('allows a key by regex', async () => {
    const { root } = project();
    writeFile(root, '.pinecall-scan.json', json({ allow: ['^pc_test_', '^pk_'] }));
    assert.deepEqual((await files(root, '.')).files, ['src/app.ts']);
  });

  it('allows a key by sha256 hash, so the config never holds the key', async () => {
    const { root, live } = project();
    writeFile(root, '.pinecall-scan.json', json({ allow: [`sha256:${sha256Hex(live)}`] }));
    assert.deepEqual((await files(root, '.')).files, ['config/settings.py', 'fixtures/keys/sample.ts']);
  });

  it('switches rules off', async () => {
    const { root } = project();
    writeFile(root, '.pinecall-scan.json', json({ rules: { 'pinecall-legacy-key': 'off', 'pinecall-context-secret': 'off' } }));
    assert.deepEqual((await files(root, '.')).files, ['fixtures/keys/sample.ts', 'src/app.ts']);
  });

  it('takes maxFileSize from the config, unless --max-file-size is given', async () => {
    const { root } = project();
    writeFile(root, '.pinecall-scan.json', json({ maxFileSize: 10 }));
    const r = await runCli(['--format', 'json', '.'], { cwd: root });
    assert.equal(r.code, 0);
    const report = JSON.parse(r.stdout) as { skipped: Array<{ file: string; reason: string }> };
    assert.ok(report.skipped.some((s) => s.file === 'src/app.ts' && s.reason === 'too-large'));
    assert.equal((await files(root, '--max-file-size', '1MB', '.')).files.length, 3);
  });

  it('reads "pinecallScan" from package.json', async () => {
    const { root } = project();
    writeFile(root, 'package.json', json({ name: 'app', private: true, pinecallScan: { ignorePaths: ['fixtures'] } }));
    assert.deepEqual((await files(root, '.')).files, ['config/settings.py', 'src/app.ts']);
  });

  it('finds the config upward from the scanned directory', async () => {
    const { root } = project();
    writeFile(root, '.pinecall-scan.json', json({ ignorePaths: ['src/**'] }));
    const r = await runCli(['--format', 'json', '.'], { cwd: `${root}/src` });
    assert.equal(r.code, 0, r.stdout);
  });

  it('lets an explicit --config win over the discovered one', async () => {
    const { root } = project();
    writeFile(root, '.pinecall-scan.json', json({ ignorePaths: ['src/**'] }));
    writeFile(root, 'ci/strict.json', json({ ignorePaths: ['fixtures/**'] }));
    assert.deepEqual((await files(root, '--config', 'ci/strict.json', '.')).files, ['config/settings.py', 'src/app.ts']);
  });

  it('applies the config to history and staged scans', async () => {
    const { root } = project();
    writeFile(root, '.pinecall-scan.json', json({ ignorePaths: ['fixtures/**'], rules: { 'pinecall-legacy-key': 'off', 'pinecall-context-secret': 'off' } }));
    const { git } = await import('../../helpers/git.js');
    git(root, 'add', '-A');
    assert.deepEqual((await files(root, '--staged')).files, ['src/app.ts']);
    git(root, 'commit', '-q', '-m', 'keys');
    assert.deepEqual((await files(root, '--history')).files, ['src/app.ts']);
  });
});

describe('config: bad input → one line naming the file and the field, exit 2', () => {
  const cases: Array<[string, string, string]> = [
    ['unknown field', json({ ignorePath: ['x'] }), 'pinecall-scan: .pinecall-scan.json: /ignorePath is not a known field'],
    ['wrong type', json({ allow: [42] }), 'pinecall-scan: .pinecall-scan.json: /allow/0 must be a string'],
    ['unknown rule', json({ rules: { 'pinecall-aws-key': 'off' } }), 'pinecall-scan: .pinecall-scan.json: /rules/pinecall-aws-key is not a known rule id'],
    ['bad rule setting', json({ rules: { 'pinecall-api-key': 'warn' } }), 'pinecall-scan: .pinecall-scan.json: /rules/pinecall-api-key must be "on" or "off"'],
    ['bad glob', json({ ignorePaths: ['src/{a,b'] }), 'pinecall-scan: .pinecall-scan.json: /ignorePaths/0 is not a valid glob: Missing closing: "}"'],
    ['backslash glob', json({ ignorePaths: ['fixtures\\**'] }), 'pinecall-scan: .pinecall-scan.json: /ignorePaths/0 is not a valid glob: separate directories with / on every OS'],
    ['bad regex', json({ allow: ['pc_live_[abc'] }), 'pinecall-scan: .pinecall-scan.json: /allow/0 is not a valid regular expression: Unterminated character class'],
    ['bad hash', json({ allow: ['sha256:1234'] }), 'pinecall-scan: .pinecall-scan.json: /allow/0 must be sha256: followed by 64 hex characters'],
    ['bad size', json({ maxFileSize: -1 }), 'pinecall-scan: .pinecall-scan.json: /maxFileSize must be >= 1'],
    ['malformed JSON', '{ "allow": [ "x", ] }', 'pinecall-scan: .pinecall-scan.json: not valid JSON: value expected (line 1, column 19)'],
  ];
  for (const [name, text, expected] of cases) {
    it(name, async () => {
      const { root } = project();
      writeFile(root, '.pinecall-scan.json', text);
      assert.equal(await configError(root), expected);
    });
  }

  it('names package.json and the pinecallScan field', async () => {
    const { root } = project();
    writeFile(root, 'package.json', json({ name: 'x', pinecallScan: { allow: 'pc_' } }));
    assert.equal(await configError(root), 'pinecall-scan: package.json: /pinecallScan/allow must be an array');
  });

  it('reports a missing --config file', async () => {
    const { root } = project();
    assert.equal(await configError(root, ['--config', 'nope.json', '.']), 'pinecall-scan: nope.json: cannot read (ENOENT)');
  });

  it('never prints a key from a broken config', async () => {
    const { root, live } = project();
    writeFile(root, '.pinecall-scan.json', `{ "allow": ["${live}" "x"] }`);
    const line = await configError(root);
    assert.ok(!line.includes(live.slice(8)), line);
  });
});

describe("this repository's own config", () => {
  it('scans clean: synthetic samples are excluded', async () => {
    const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
    const r = await runCli(['--quiet', '.'], { cwd: repoRoot });
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });
});
