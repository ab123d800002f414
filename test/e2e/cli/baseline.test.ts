// --write-baseline / --baseline through the built CLI: byte-stable files, stale entries, every mode.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { commitFiles, git, writeFile, tempRepos } from '../../helpers/git.js';
import { liveKey, testKey } from '../../helpers/keys.js';
import { makeKey, maskSecret, sha256Hex } from '../../../src/core/index.js';

const { repo } = tempRepos();

const read = (root: string, rel: string): string => readFileSync(join(root, rel), 'utf8');

async function writeBaseline(root: string, file: string, ...args: string[]): Promise<string> {
  const r = await runCli([...args, '--write-baseline', file], { cwd: root });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  return read(root, file);
}

describe('baseline through the CLI', () => {
  it('round-trips: a baseline of the current findings makes the scan pass, byte-stable on regeneration', async () => {
    const root = repo();
    const a = liveKey();
    const b = testKey();
    writeFile(root, 'src/app.ts', `const key = "${a}";\n`);
    writeFile(root, 'deploy/.env', `PINECALL_API_KEY=${b}\nPINECALL_KEY=${a}\n`);

    assert.equal((await runCli(['.'], { cwd: root })).code, 1);
    const first = await writeBaseline(root, '.pinecall-baseline.json', '.');
    assert.ok(!first.includes(a) && !first.includes(b), 'the baseline holds no key');
    assert.ok(first.endsWith('\n'));

    const pass = await runCli(['--baseline', '.pinecall-baseline.json', '.'], { cwd: root });
    assert.equal(pass.code, 0, pass.stdout);

    // Moving the keys to other lines changes nothing.
    writeFile(root, 'src/app.ts', `// moved down\n\nconst key = "${a}";\n`);
    const second = await writeBaseline(root, '.pinecall-baseline.json', '.');
    assert.equal(second, first, 'regenerating on an unchanged tree changes no byte');
  });

  it('fails only on new findings, and lists stale entries', async () => {
    const root = repo();
    const old = liveKey();
    writeFile(root, 'src/old.ts', `const key = "${old}";\n`);
    writeFile(root, 'src/gone.ts', `const key = "${liveKey()}";\n`);
    await writeBaseline(root, 'baseline.json', '.');

    writeFile(root, 'src/gone.ts', 'const key = process.env.PINECALL_API_KEY;\n');
    const fresh = liveKey();
    writeFile(root, 'src/new.ts', `const key = "${fresh}";\n`);

    const text = await runCli(['--baseline', 'baseline.json', '.'], { cwd: root });
    assert.equal(text.code, 1);
    assert.match(text.stdout, /src\/new\.ts:1:14/);
    assert.doesNotMatch(text.stdout, /src\/old\.ts:/);
    assert.match(text.stdout, /1 baseline entry matches nothing any more/);
    assert.match(text.stdout, /src\/gone\.ts {2}pinecall-api-key {2}sha256:[0-9a-f]{12}…/);

    const json = await runCli(['--format', 'json', '--baseline', 'baseline.json', '.'], { cwd: root });
    const report = JSON.parse(json.stdout) as { findings: Array<{ file: string }>; staleBaseline: Array<{ file: string; ruleId: string; secretHash: string }> };
    assert.deepEqual(report.findings.map((f) => f.file), ['src/new.ts']);
    assert.deepEqual(report.staleBaseline.map((e) => e.file), ['src/gone.ts']);
  });

  it('keeps the JSON report unchanged when nothing is stale', async () => {
    const root = repo();
    writeFile(root, 'a.ts', `const key = "${liveKey()}";\n`);
    await writeBaseline(root, 'b.json', '.');
    const r = await runCli(['--format', 'json', '--baseline', 'b.json', '.'], { cwd: root });
    assert.equal(r.code, 0);
    assert.equal('staleBaseline' in JSON.parse(r.stdout), false);
  });

  it('records every current finding when refreshing with --baseline and --write-baseline together', async () => {
    const root = repo();
    writeFile(root, 'a.ts', `const key = "${liveKey()}";\n`);
    const before = await writeBaseline(root, 'b.json', '.');
    writeFile(root, 'b.ts', `const key = "${liveKey()}";\n`);
    const after_ = await writeBaseline(root, 'b.json', '--baseline', 'b.json', '.');
    assert.notEqual(after_, before);
    assert.equal((JSON.parse(after_) as { entries: unknown[] }).entries.length, 2);
  });

  it('works for history scans: one entry per key and path, whatever the commit', async () => {
    const root = repo();
    const key = liveKey();
    commitFiles(root, { 'src/app.ts': `const key = "${key}";\n` }, 'add');
    commitFiles(root, { 'src/app.ts': 'const key = process.env.PINECALL_API_KEY;\n' }, 'remove');
    commitFiles(root, { 'src/app.ts': `// back\nconst key = "${key}";\n` }, 'again');
    const text = await writeBaseline(root, 'history-baseline.json', '--history');
    assert.equal((JSON.parse(text) as { entries: unknown[] }).entries.length, 1);
    assert.equal((await runCli(['--history', '--baseline', 'history-baseline.json'], { cwd: root })).code, 0);

    commitFiles(root, { 'src/other.ts': `const key = "${liveKey()}";\n` }, 'new key');
    const r = await runCli(['--history', '--format', 'json', '--baseline', 'history-baseline.json'], { cwd: root });
    assert.equal(r.code, 1);
    assert.deepEqual((JSON.parse(r.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file), ['src/other.ts']);
  });

  it('works for staged scans', async () => {
    const root = repo();
    commitFiles(root, { 'README.md': 'hello\n' }, 'init');
    writeFile(root, 'src/app.ts', `const key = "${liveKey()}";\n`);
    git(root, 'add', 'src/app.ts');
    await writeBaseline(root, 'staged.json', '--staged');
    assert.equal((await runCli(['--staged', '--baseline', 'staged.json'], { cwd: root })).code, 0);
  });
});

describe('baseline bad input → one line naming the file, exit 2', () => {
  async function error(root: string, text: string | undefined): Promise<string> {
    if (text !== undefined) writeFile(root, 'b.json', text);
    const r = await runCli(['--baseline', 'b.json', '.'], { cwd: root });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    return r.stderr.trimEnd();
  }

  it('missing file', async () => {
    assert.equal(await error(repo(), undefined), 'pinecall-scan: b.json: cannot read the baseline (ENOENT)');
  });

  it('malformed JSON', async () => {
    assert.equal(await error(repo(), '{"version": 1, "entries": ['), 'pinecall-scan: b.json: not valid JSON: close bracket expected (line 1, column 28)');
  });

  it('wrong shape', async () => {
    assert.equal(await error(repo(), '{"version": 1, "entries": {}}'), 'pinecall-scan: b.json: /entries must be an array');
  });

  it('written by a newer version', async () => {
    assert.equal(
      await error(repo(), '{"version": 9, "entries": []}'),
      'pinecall-scan: b.json: was written by a newer pinecall-scan (baseline version 9; this one reads version 1): upgrade pinecall-scan',
    );
  });

  it('unwritable --write-baseline target', async () => {
    const root = repo();
    writeFile(root, 'taken/x', '');
    const r = await runCli(['--write-baseline', 'taken', '.'], { cwd: root });
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trimEnd(), 'pinecall-scan: taken: cannot write the baseline (EISDIR)');
  });

  it('every write has an end: /proc, a missing grandparent, a FIFO nobody reads → one line, exit 2', async () => {
    const root = repo();
    writeFile(root, 'src/app.ts', `const key = "${liveKey()}";\n`);
    execFileSync('mkfifo', [join(root, 'fifo')]);
    const cases: Array<[string[], RegExp]> = [
      [['--write-baseline', '/proc/x/b.json', '.'], /^pinecall-scan: \/proc\/x\/b\.json: cannot write the baseline \(ENOENT\)$/],
      [['--output', '/proc/x/report.json', '.'], /^pinecall-scan: cannot write the report to \/proc\/x\/report\.json \(ENOENT\)$/],
      [['--write-baseline', 'a/b/c.json', '.'], /^pinecall-scan: a\/b\/c\.json: cannot write the baseline \(ENOENT\)$/],
      [['--output', 'fifo', '.'], /^pinecall-scan: cannot write the report to fifo \(ENXIO\)$/],
      [['--write-baseline', 'fifo', '.'], /^pinecall-scan: fifo: cannot write the baseline \(ENXIO\)$/],
    ];
    for (const [args, expected] of cases) {
      const r = await runCli(args, { cwd: root, timeoutMs: 30_000 });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr.trimEnd(), expected);
    }
    // One missing parent is created.
    const made = await runCli(['--write-baseline', 'new-dir/b.json', '.'], { cwd: root });
    assert.equal(made.code, 0, made.stderr);
    assert.match(read(root, 'new-dir/b.json'), /"file":"src\/app\.ts"/);
  });

  it('--write-baseline with --output still writes the report the user asked for, and exits 0', async () => {
    const root = repo();
    writeFile(root, 'src/app.ts', `const key = "${liveKey()}";\n`);
    const r = await runCli(['--write-baseline', 'b.json', '--format', 'json', '--output', 'report.json', '.'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(read(root, 'b.json'), /"file":"src\/app\.ts"/);
    assert.deepEqual(JSON.parse(read(root, 'report.json')).findings.map((f: { file: string }) => f.file), ['src/app.ts']);
  });
});

describe('a path that holds a key', () => {
  // Two keys whose masks are alike (same prefix, first two body characters and length).
  const bytes = (last: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? last : 7 * i + 1));
  const nameA = makeKey('pc_live_', bytes(1));
  const nameB = makeKey('pc_live_', bytes(2));

  it('is stored masked, with the real path hash: each entry still names exactly one file', async () => {
    const root = repo();
    const inside = liveKey();
    writeFile(root, `${nameA}_bak.env`, `PINECALL_API_KEY=${inside}\n`);
    const w = await runCli(['--write-baseline', 'b.json', '.'], { cwd: root });
    assert.equal(w.code, 0, w.stderr);
    const text = read(root, 'b.json');
    for (const k of [nameA, inside]) assert.ok(!text.includes(k.slice(8, 20)), text);
    const [entry] = JSON.parse(text).entries;
    assert.equal(entry.file, `${maskSecret(`${nameA}_bak`)}.env`);
    assert.equal(entry.pathHash, sha256Hex(`${nameA}_bak.env`));
    assert.equal((await runCli(['--baseline', 'b.json', '.'], { cwd: root })).code, 0);
    // Same masked name, another file: not covered by the entry.
    writeFile(root, `${nameB}_bak.env`, `PINECALL_API_KEY=${inside}\n`);
    const r = await runCli(['--baseline', 'b.json', '--format', 'json', '.'], { cwd: root });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(JSON.parse(r.stdout).findings.length, 1);
  });

  it('an older baseline that recorded the path in clear still matches (and is never printed)', async () => {
    const root = repo();
    const inside = liveKey();
    writeFile(root, `${nameA}.env`, `PINECALL_API_KEY=${inside}\n`);
    const entry = { file: `${nameA}.env`, ruleId: 'pinecall-api-key', secretHash: sha256Hex(inside) };
    writeFile(root, 'old.json', JSON.stringify({ version: 1, entries: [entry] }));
    // The old file itself holds the name's key, so only the .env file is scanned.
    const r = await runCli(['--baseline', 'old.json', `${nameA}.env`], { cwd: root });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const stale = await runCli(['--baseline', 'old.json', 'old.json'], { cwd: root });
    assert.ok(!(stale.stdout + stale.stderr).includes(nameA.slice(8, 20)), stale.stdout);
  });
});
