import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '../../src/core/index.js';
import { ASCII, UTF16, binaryKeywords, byteOffsetAt, printableRuns } from '../../src/sources/binary-strings.js';
import { detectCandidate } from '../../src/sources/candidate.js';
import { readContent } from '../../src/sources/content.js';
import { binaryKind } from '../../src/sources/signatures.js';
import { liveKey } from '../helpers/keys.js';

const noise = (n: number, byte = 0): Buffer => Buffer.alloc(n, byte);

test('printable runs of 16+ characters, ASCII and UTF-16LE, in byte order, with their byte offsets', () => {
  const buf = Buffer.concat([
    noise(5),
    Buffer.from('short run\x01'), // 9 chars: too short
    noise(3),
    Buffer.from('sixteen chars ok'), // exactly 16
    Buffer.from([0x01]),
    Buffer.from('wide string here!', 'utf16le'), // 17 UTF-16 code units, at an odd offset
    noise(2),
    Buffer.from('\ttab\tis\tprintable too'),
  ]);
  const { text, runs } = printableRuns(buf);
  assert.deepEqual(text.split('\n'), ['sixteen chars ok', 'wide string here!', '\ttab\tis\tprintable too']);
  const firstAt = buf.indexOf('sixteen');
  const wideAt = buf.indexOf(Buffer.from('wide', 'utf16le'));
  assert.equal(wideAt % 2, 1);
  assert.equal(byteOffsetAt(runs, 0), firstAt);
  assert.equal(byteOffsetAt(runs, 8), firstAt + 8);
  const wideText = text.indexOf('wide');
  assert.equal(byteOffsetAt(runs, wideText), wideAt);
  assert.equal(byteOffsetAt(runs, wideText + 5), wideAt + 10);
});

test('no runs, no text', () => {
  assert.deepEqual(printableRuns(Buffer.from([0, 1, 2, 3, 0x41, 0, 0x42])), { text: '', runs: [] });
});

test('a key in a binary (SQLite-like page, UTF-16LE resource) is found with its exact byte offset', () => {
  const ascii = liveKey();
  const wide = liveKey();
  const buf = Buffer.concat([
    Buffer.from('SQLite format 3\0'),
    noise(700, 0),
    Buffer.from('\x03CREATE TABLE settings(name TEXT, value TEXT)\x00'),
    Buffer.from(`\x05\x17PINECALL_API_KEY=${ascii}`),
    noise(33, 0xff),
    Buffer.from(`token ${wide}`, 'utf16le'),
    noise(64, 0),
  ]);
  const content = readContent(buf, 'data/dev.sqlite');
  assert.equal(content.kind, 'strings');
  assert.ok(content.kind === 'strings' && content.text !== undefined);
  const findings = detectCandidate(detect, { rel: 'data/dev.sqlite', text: content.text!, runs: content.runs! });
  const bySecret = new Map(findings.map((f) => [f.secret, f]));
  assert.equal(bySecret.get(ascii)?.byteOffset, buf.indexOf(ascii));
  assert.equal(bySecret.get(ascii)?.byteLength, ascii.length);
  assert.equal(bySecret.get(ascii)?.line, 2); // the second printable run (the table's schema is the first)
  assert.equal(bySecret.get(wide)?.byteOffset, buf.indexOf(Buffer.from(wide, 'utf16le')));
  assert.equal(bySecret.get(wide)?.byteLength, wide.length * 2);
});

test('the keyword gate: a binary without any keyword yields no text to scan', () => {
  const buf = Buffer.concat([noise(10), Buffer.from('just some long printable string here'), noise(10)]);
  assert.deepEqual(readContent(buf, 'lib/x.so'), { kind: 'strings' });
});

test('media and compressed formats are recognised by signature (or a media extension) and not scanned', () => {
  const key = Buffer.from(`pc_live_ key here ${liveKey()}`);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), key]);
  assert.deepEqual(readContent(png, 'image.bin'), { kind: 'skip', detail: 'PNG image' });
  const woff2 = Buffer.concat([Buffer.from('wOF2\0\x01\0\0'), key]);
  assert.deepEqual(readContent(woff2, 'font'), { kind: 'skip', detail: 'WOFF2 font' });
  const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom\0\0'), key]);
  assert.equal(readContent(mp4, 'clip').kind, 'skip');
  const xz = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), key]);
  assert.deepEqual(readContent(xz, 'a.xz'), { kind: 'skip', detail: 'xz data, not opened' });
  // A damaged signature, but a media name and binary content: still media.
  assert.deepEqual(readContent(Buffer.concat([Buffer.from([0x89, 0x50, 0, 0]), key]), 'logo.png'), { kind: 'skip' });
  // Text with a media extension is still text (an SVG, a mislabelled file).
  assert.equal(readContent(key, 'notes.png').kind, 'text');
});

test('archives are told by signature, whatever their name', () => {
  assert.deepEqual(binaryKind(Buffer.from('PK\x03\x04\x14\0\0\0'), 'x.bin'), { kind: 'archive', format: 'zip' });
  assert.deepEqual(binaryKind(Buffer.from([0x1f, 0x8b, 0x08, 0]), 'x'), { kind: 'archive', format: 'gzip' });
  const tar = Buffer.alloc(512);
  tar.write('ustar', 257);
  assert.deepEqual(binaryKind(tar, 'x'), { kind: 'archive', format: 'tar' });
  assert.deepEqual(binaryKind(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), 'lib/x.so'), { kind: 'other' });
});

test('the byte gate opens for every keyword form the runs can hold, and stays shut without one', () => {
  const wrap = (b: Buffer): Buffer => Buffer.concat([Buffer.alloc(3), b, Buffer.alloc(3)]);
  for (const k of ['pc_', 'pk_', 'pinecall', 'PINECALL', 'PineCall', 'kind: Secret']) assert.equal(binaryKeywords(wrap(Buffer.from(k))), ASCII, k);
  for (const k of ['pc_', 'pk_']) assert.equal(binaryKeywords(wrap(Buffer.from(k, 'utf16le'))), UTF16, `${k} as UTF-16LE`);
  assert.equal(binaryKeywords(wrap(Buffer.concat([Buffer.from('pc_'), Buffer.from('pk_', 'utf16le')]))), ASCII | UTF16);
  for (const k of ['pc-', 'p_c_', 'install call', 'pine call', 'kind;']) assert.equal(binaryKeywords(wrap(Buffer.from(k))), 0, k);
});
