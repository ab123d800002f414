import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { detect, type Finding, type Skipped } from '../../src/core/index.js';
import { DEFAULT_ARCHIVE_LIMITS, scanArchive, type ArchiveLimits } from '../../src/sources/archive.js';
import { detectCandidate } from '../../src/sources/candidate.js';
import { archiveFormat } from '../../src/sources/signatures.js';
import { gzip, makeTar, makeTarGz, makeZip } from '../helpers/archives.js';
import { liveKey } from '../helpers/keys.js';

const MB = 1024 * 1024;
const LIMITS: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: 10 * MB };

async function open(buf: Buffer, path: string, limits: Partial<ArchiveLimits> = {}) {
  const findings: Finding[] = [];
  const skipped: Skipped[] = [];
  let files = 0;
  await scanArchive(buf, path, archiveFormat(buf)!, { ...LIMITS, ...limits }, {
    candidate: (c) => findings.push(...detectCandidate(detect, c)),
    skipped: (s) => skipped.push(s),
    scanned: () => files++,
  });
  const where = findings.map((f) => `${f.file}:${f.line}:${f.column}`);
  return { findings, skipped, files, where };
}

const env = (key: string): string => `# settings\nPINECALL_API_KEY=${key}\n`;

test('zip family: text entries are scanned and named archive!/entry:line:column', async () => {
  const key = liveKey();
  const apk = makeZip([
    { name: 'assets/', data: '' },
    { name: 'assets/config.json', data: `{\n  "pinecall": {\n    "apiKey": "${key}"\n  }\n}\n` },
    { name: 'res/raw/notes.txt', data: 'nothing here\n', method: 'store' },
  ]);
  const r = await open(apk, 'dist/app.apk');
  assert.deepEqual(r.where, ['dist/app.apk!/assets/config.json:3:16']);
  assert.equal(r.findings[0]!.archive, 'dist/app.apk');
  assert.equal(r.files, 2);
  assert.deepEqual(r.skipped, []);
});

test('tar, tar.gz and a plain .gz are opened; nested archives down to the depth limit', async () => {
  const k1 = liveKey();
  const k2 = liveKey();
  const k3 = liveKey();
  const inner = makeZip([{ name: 'BOOT-INF/classes/application.properties', data: env(k2) }]);
  const tgz = await makeTarGz([
    { name: 'package/.env', data: env(k1) },
    { name: 'package/lib/app.jar', data: inner },
  ]);
  const r = await open(tgz, 'release.tgz');
  assert.deepEqual(r.where.sort(), [
    'release.tgz!/package/.env:2:18',
    'release.tgz!/package/lib/app.jar!/BOOT-INF/classes/application.properties:2:18',
  ]);
  assert.ok(r.findings.every((f) => f.archive === 'release.tgz'));
  assert.deepEqual((await open(gzip(env(k3)), 'backup/prod.env.gz')).where, ['backup/prod.env.gz!/prod.env:2:18']);
  assert.deepEqual((await open(await makeTar([{ name: './a/b.env', data: env(k3) }]), 'x.tar')).where, ['x.tar!/a/b.env:2:18']);

  // Depth 1 is the archive itself: the jar inside is depth 2, a zip inside that depth 3, deeper is listed.
  const nest = (depth: number): Buffer =>
    depth === 0 ? Buffer.from(env(k3)) : makeZip([{ name: depth === 1 ? 'k.env' : `l${depth - 1}.zip`, data: nest(depth - 1) }]);
  const three = await open(nest(3), 'a.zip');
  assert.deepEqual(three.where, ['a.zip!/l2.zip!/l1.zip!/k.env:2:18']);
  const four = await open(nest(4), 'a.zip');
  assert.deepEqual(four.where, []);
  assert.deepEqual(four.skipped, [{ file: 'a.zip!/l3.zip!/l2.zip!/l1.zip', reason: 'archive-too-deep', detail: 'nested deeper than 3' }]);
  assert.deepEqual((await open(nest(4), 'a.zip', { maxDepth: 4 })).where, ['a.zip!/l3.zip!/l2.zip!/l1.zip!/k.env:2:18']);
});

test('binary entries are scanned for printable runs; media entries are passed over unlisted', async () => {
  const key = liveKey();
  const classFile = Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34, 0, 0x1d, 1, 0, 0x37]), Buffer.from(`PINECALL_API_KEY=${key}`), Buffer.alloc(9)]);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from(`pc_live_ ${liveKey()}`)]);
  const r = await open(makeZip([{ name: 'com/acme/Config.class', data: classFile }, { name: 'res/logo.png', data: png }]), 'app.jar');
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0]!.file, 'app.jar!/com/acme/Config.class');
  assert.equal(r.findings[0]!.byteOffset, classFile.indexOf(key));
  assert.deepEqual(r.skipped, []);
});

test('bomb limits: entry size, compression ratio, total inflated bytes, entry count — each listed with its reason', async () => {
  const key = liveKey();
  const zeros = Buffer.alloc(3 * MB);
  const r = await open(
    makeZip([
      { name: 'zeros.bin', data: zeros },
      { name: 'big.txt', data: 'x'.repeat(2 * MB), method: 'store' },
      { name: 'secret.enc', data: env(key), encrypted: true },
      { name: 'ok.env', data: env(key) },
    ]),
    'bomb.zip',
    { maxEntryBytes: 1.5 * MB },
  );
  assert.deepEqual(r.where, ['bomb.zip!/ok.env:2:18']);
  assert.deepEqual(
    r.skipped.map((s) => [s.file, s.reason]),
    [
      ['bomb.zip!/zeros.bin', 'too-large'],
      ['bomb.zip!/big.txt', 'too-large'],
      ['bomb.zip!/secret.enc', 'encrypted'],
    ],
  );
  // Within the entry limit but inflating past the ratio.
  const ratio = await open(makeZip([{ name: 'zeros.bin', data: zeros }]), 'r.zip');
  assert.deepEqual(ratio.skipped.map((s) => [s.file, s.reason]), [['r.zip!/zeros.bin', 'archive-bomb']]);
  // A gzip has no declared size: it is stopped while inflating.
  const gz = await open(gzip(Buffer.alloc(20 * MB)), 'z.gz');
  assert.deepEqual(gz.skipped.map((s) => [s.file, s.reason]), [['z.gz', 'archive-bomb']]);
  // Total: what was read before the limit is still reported.
  const many = makeZip([
    { name: 'a.env', data: env(key) },
    { name: 'b.txt', data: 'y'.repeat(MB), method: 'store' },
    { name: 'c.env', data: env(liveKey()) },
  ]);
  const total = await open(many, 'many.zip', { maxTotalBytes: MB });
  assert.deepEqual(total.where, ['many.zip!/a.env:2:18']);
  assert.deepEqual(total.skipped.map((s) => [s.file, s.reason]), [['many.zip', 'archive-too-large']]);
  const count = await open(many, 'many.zip', { maxEntries: 2 });
  assert.deepEqual(count.skipped.map((s) => [s.file, s.reason]), [['many.zip', 'archive-too-large']]);
});

test('a zip that lies about an entry size is stopped at the entry limit, not trusted', async () => {
  const data = Buffer.alloc(2 * MB, 0x61);
  const zip = makeZip([{ name: 'liar.txt', data }]);
  // Patch both declared sizes down to 10 bytes: the inflater must not read past them unnoticed.
  const body = deflateRawSync(data);
  zip.writeUInt32LE(10, 22);
  const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  zip.writeUInt32LE(10, central + 24);
  const r = await open(zip, 'liar.zip');
  assert.equal(body.length > 0, true);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.skipped.map((s) => [s.file, s.reason]), [['liar.zip', 'unreadable']]);
});

test('damaged archives are listed as unreadable, never thrown', async () => {
  const key = liveKey();
  const r1 = await open(Buffer.from('PK\x03\x04 not really a zip'), 'bad.zip');
  assert.deepEqual(r1.skipped.map((s) => [s.file, s.reason]), [['bad.zip', 'unreadable']]);
  const truncated = gzip(env(key)).subarray(0, 20);
  const r2 = await open(truncated, 'cut.gz');
  assert.deepEqual(r2.skipped.map((s) => [s.file, s.reason]), [['cut.gz', 'unreadable']]);
  // A damaged archive inside a good one skips only itself.
  const r3 = await open(makeZip([{ name: 'in.zip', data: Buffer.from('PK\x03\x04junk') }, { name: 'k.env', data: env(key) }]), 'outer.zip');
  assert.deepEqual(r3.where, ['outer.zip!/k.env:2:18']);
  assert.deepEqual(r3.skipped.map((s) => [s.file, s.reason]), [['outer.zip!/in.zip', 'unreadable']]);
});

test('no key, no finding: an archive of ordinary files and a keyword-free binary', async () => {
  const r = await open(
    makeZip([
      { name: 'README.md', data: 'Set PINECALL_API_KEY=pc_live_... in your environment.\n' },
      { name: 'lib.so', data: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.from('some long printable symbol name'), Buffer.alloc(4)]) },
    ]),
    'clean.zip',
  );
  assert.deepEqual(r.findings, []);
  assert.equal(r.files, 2);
});
