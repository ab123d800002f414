// Archives and binaries through the built CLI, in every report format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../helpers/cli.js';
import { writeFile, withTempDir } from '../../helpers/git.js';
import { makeTarGz, makeZip } from '../../helpers/archives.js';
import { liveKey } from '../../helpers/keys.js';

const withDir = (body: (dir: string) => Promise<void>): Promise<void> => withTempDir('pcscan-archives-', body);

const configJson = (key: string): string =>
  [...Array.from({ length: 10 }, (_, i) => `  "setting${i}": ${i},`), `  "pinecall": { "apiKey": "${key}" },`, '  "end": true'].join('\n');

test('a key in an .apk is reported as dist/app.apk!/assets/config.json:12 in text, JSON, SARIF and GitHub formats', () =>
  withDir(async (dir) => {
    const key = liveKey();
    writeFile(dir, 'dist/app.apk', makeZip([{ name: 'assets/config.json', data: `{\n${configJson(key)}\n}\n` }, { name: 'classes.dex', data: Buffer.from([0x64, 0x65, 0x78, 0x0a, 0, 0]) }]));
    const text = await runCli(['dist'], { cwd: dir });
    assert.equal(text.code, 1, text.stderr);
    assert.match(text.stdout, /dist\/app\.apk!\/assets\/config\.json:12:\d+/);
    assert.ok(!text.stdout.includes(key));

    const json = JSON.parse((await runCli(['--format', 'json', 'dist'], { cwd: dir })).stdout);
    assert.equal(json.findings.length, 1);
    assert.equal(json.findings[0].file, 'dist/app.apk!/assets/config.json');
    assert.equal(json.findings[0].archive, 'dist/app.apk');
    assert.equal(json.findings[0].line, 12);

    const sarif = JSON.parse((await runCli(['--format', 'sarif', 'dist'], { cwd: dir })).stdout);
    const result = sarif.runs[0].results[0];
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'dist/app.apk');
    assert.equal(result.locations[0].physicalLocation.region, undefined);
    assert.equal(result.locations[0].logicalLocations[0].fullyQualifiedName, 'dist/app.apk!/assets/config.json');
    assert.equal(result.properties.archiveEntry, 'assets/config.json');
    assert.equal(result.properties.line, 12);
    assert.match(result.message.text, /at dist\/app\.apk!\/assets\/config\.json:12:\d+/);

    const github = await runCli(['--format', 'github', 'dist'], { cwd: dir });
    assert.match(github.stdout, /^::error file=dist\/app\.apk,title=/m);
    assert.match(github.stdout, /at dist\/app\.apk!\/assets\/config\.json:12/);
  }));

test('a key in a binary is reported with its byte offset (JSON byteOffset, SARIF region.byteOffset)', () =>
  withDir(async (dir) => {
    const key = liveKey();
    const db = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4000), Buffer.from(`\x01\x02PINECALL_API_KEY=${key}`), Buffer.alloc(100)]);
    writeFile(dir, 'dev.sqlite', db);
    const json = await runCli(['--format', 'json'], { cwd: dir });
    assert.equal(json.code, 1);
    const [f] = JSON.parse(json.stdout).findings;
    assert.equal(f.file, 'dev.sqlite');
    assert.equal(f.byteOffset, db.indexOf(key));
    const sarif = JSON.parse((await runCli(['--format', 'sarif'], { cwd: dir })).stdout);
    assert.deepEqual(sarif.runs[0].results[0].locations[0].physicalLocation.region, { byteOffset: db.indexOf(key), byteLength: key.length });
    const text = await runCli([], { cwd: dir });
    assert.ok(text.stdout.includes(`dev.sqlite @ byte ${db.indexOf(key)}`), text.stdout);
  }));

test('no false alarm: a PNG holding "pc_live_" bytes and a key is skipped by signature; a zip and a tarball without keys are clean', () =>
  withDir(async (dir) => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from(`tEXtpc_live_ comment ${liveKey()}`), Buffer.alloc(16)]);
    writeFile(dir, 'assets/logo.png', png);
    writeFile(dir, 'assets/logo-copy', png);
    writeFile(dir, 'release.zip', makeZip([{ name: 'README.md', data: 'Set PINECALL_API_KEY=pc_live_... before running.\n' }]));
    writeFile(dir, 'src.tgz', await makeTarGz([{ name: 'package/index.js', data: 'module.exports = process.env.PINECALL_API_KEY;\n' }]));
    const r = await runCli(['--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.skipped, [
      { file: 'assets/logo-copy', reason: 'binary' },
      { file: 'assets/logo.png', reason: 'binary' },
    ]);
    assert.equal(report.stats.files, 2);
  }));

test('--max-archive-depth: 0 leaves archives closed; a nested archive past the depth is listed; a bad value is a usage error', () =>
  withDir(async (dir) => {
    const key = liveKey();
    const inner = makeZip([{ name: 'app.env', data: `PINECALL_API_KEY=${key}\n` }]);
    writeFile(dir, 'outer.zip', makeZip([{ name: 'lib/inner.jar', data: inner }]));
    assert.equal((await runCli([], { cwd: dir })).code, 1);
    const one = await runCli(['--max-archive-depth', '1', '--format', 'json'], { cwd: dir });
    assert.equal(one.code, 0);
    assert.deepEqual(JSON.parse(one.stdout).skipped, [{ file: 'outer.zip!/lib/inner.jar', reason: 'archive-too-deep' }]);
    const none = await runCli(['--max-archive-depth', '0'], { cwd: dir });
    assert.equal(none.code, 0);
    assert.match(none.stderr, /outer\.zip {2}binary \(archive, not opened/);
    const bad = await runCli(['--max-archive-depth', 'deep'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-archive-depth/);
  }));

test('--staged opens a staged archive and refuses a new key in it', () =>
  withDir(async (dir) => {
    const { git } = await import('../../helpers/git.js');
    git(dir, 'init', '-q', '-b', 'main');
    const key = liveKey();
    writeFile(dir, 'build/site.tar.gz', await makeTarGz([{ name: 'site/config.js', data: `window.PINECALL_KEY = "${key}";\n` }]));
    git(dir, 'add', '-A');
    const r = await runCli(['--staged', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`), ['build/site.tar.gz!/site/config.js:1']);
  }));
