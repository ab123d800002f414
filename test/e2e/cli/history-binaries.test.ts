// Binaries and archives in git history and in the index, through the built CLI on real repositories:
// strings in binary blobs are scanned by default, archive blobs in history only with --archives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../helpers/cli.js';
import { commitFiles, git, withRepo, writeFile } from '../../helpers/git.js';
import { makeTarGz, makeZip } from '../../helpers/archives.js';
import { liveKey } from '../../helpers/keys.js';

interface JsonFinding {
  file: string;
  line: number;
  commit?: string;
  archive?: string;
  byteOffset?: number;
}

const sqliteLike = (key: string): Buffer =>
  Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4000), Buffer.from(`\x01\x02PINECALL_API_KEY=${key}`), Buffer.alloc(100)]);

test('--history --archives finds a key in a committed .zip at its commit; without --archives the zip is listed as not opened', () =>
  withRepo(async (dir) => {
    const key = liveKey();
    commitFiles(dir, { 'README.md': 'hello\n' }, 'start');
    const added = commitFiles(dir, { 'dist/app.zip': makeZip([{ name: 'config/.env', data: `A=1\nPINECALL_API_KEY=${key}\n` }]) }, 'ship the zip');
    commitFiles(dir, { 'README.md': 'hello again\n' }, 'later');

    const opened = await runCli(['--history', '--archives', '--format', 'json'], { cwd: dir });
    assert.equal(opened.code, 1, opened.stderr);
    assert.ok(!opened.stdout.includes(key), 'the full key was printed');
    const found: JsonFinding[] = JSON.parse(opened.stdout).findings;
    assert.deepEqual(
      found.map((f) => [f.file, f.line, f.commit, f.archive]),
      [['dist/app.zip!/config/.env', 2, added, 'dist/app.zip']],
    );

    const closed = await runCli(['--history', '--format', 'json'], { cwd: dir });
    assert.equal(closed.code, 0, closed.stdout);
    const report = JSON.parse(closed.stdout);
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.skipped, [{ file: 'dist/app.zip', reason: 'binary' }]);
    const said = await runCli(['--history'], { cwd: dir });
    assert.match(said.stderr, /dist\/app\.zip {2}binary \(archive, not opened \(--archives opens archives in history\)\)/);

    const text = await runCli(['--history', '--archives'], { cwd: dir });
    assert.equal(text.code, 1);
    assert.match(text.stdout, /dist\/app\.zip!\/config\/\.env:2/);
  }));

test('--history --archives opens a .tar.gz blob too, and --max-archive-depth 0 keeps it closed', () =>
  withRepo(async (dir) => {
    const key = liveKey();
    const added = commitFiles(dir, { 'site.tgz': await makeTarGz([{ name: 'site/config.js', data: `window.PINECALL_KEY = "${key}";\n` }]) }, 'site');
    const r = await runCli(['--history', '--archives', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).findings.map((f: JsonFinding) => [f.file, f.commit]), [['site.tgz!/site/config.js', added]]);
    const none = await runCli(['--history', '--archives', '--max-archive-depth', '0'], { cwd: dir });
    assert.equal(none.code, 0);
    assert.match(none.stderr, /site\.tgz {2}binary \(archive, not opened \(--max-archive-depth 0\)\)/);
  }));

test('--history finds a key in a binary blob at the commit that added it, with its byte offset; media is skipped by signature', () =>
  withRepo(async (dir) => {
    const key = liveKey();
    const db = sqliteLike(key);
    commitFiles(dir, { 'README.md': 'hello\n' }, 'start');
    const added = commitFiles(dir, { 'data/dev.sqlite': db }, 'dev database');
    // The same database with more rows: the key is not new.
    commitFiles(dir, { 'data/dev.sqlite': Buffer.concat([db, Buffer.from('\x03more rows, no secrets here at all\x00')]) }, 'more rows');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from(`tEXtcomment PINECALL_API_KEY=${liveKey()}`), Buffer.alloc(16)]);
    commitFiles(dir, { 'assets/logo.png': png }, 'logo');

    const r = await runCli(['--history', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(!r.stdout.includes(key), 'the full key was printed');
    const report = JSON.parse(r.stdout);
    assert.deepEqual(
      report.findings.map((f: JsonFinding) => [f.file, f.commit, f.byteOffset]),
      [['data/dev.sqlite', added, db.indexOf(key)]],
    );
    assert.deepEqual(report.skipped, [{ file: 'assets/logo.png', reason: 'binary' }]);
    const sarif = JSON.parse((await runCli(['--history', '--format', 'sarif'], { cwd: dir })).stdout);
    assert.deepEqual(sarif.runs[0].results[0].locations[0].physicalLocation.region, { byteOffset: db.indexOf(key), byteLength: key.length });
  }));

test('--staged refuses a key in a staged SQLite-like binary, not one the HEAD version already held', () =>
  withRepo(async (dir) => {
    const old = liveKey();
    const db = sqliteLike(old);
    writeFile(dir, 'dev.sqlite', db);
    git(dir, 'add', '-A');
    const first = await runCli(['--staged', '--format', 'json'], { cwd: dir });
    assert.equal(first.code, 1, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout).findings.map((f: JsonFinding) => [f.file, f.byteOffset]), [['dev.sqlite', db.indexOf(old)]]);
    git(dir, 'commit', '-q', '--no-verify', '-m', 'db');
    const fresh = liveKey();
    const grown = Buffer.concat([db, Buffer.from(`\x01\x02PINECALL_API_KEY=${fresh}`), Buffer.alloc(8)]);
    writeFile(dir, 'dev.sqlite', grown);
    git(dir, 'add', '-A');
    const second = await runCli(['--staged', '--format', 'json'], { cwd: dir });
    assert.equal(second.code, 1, second.stderr);
    assert.deepEqual(JSON.parse(second.stdout).findings.map((f: JsonFinding) => [f.file, f.byteOffset]), [['dev.sqlite', grown.indexOf(fresh)]]);
  }));

test('--archives without --history is a usage error', async () => {
  const r = await runCli(['--archives', '.']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--archives needs --history/);
});
