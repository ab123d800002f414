// blobScanner with binary blobs read (as history and staged scans ask): fed in pieces of every size,
// the outcome is the same as for the blob in one piece.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '../../src/core/index.js';
import type { Finding } from '../../src/core/types.js';
import { blobScanner, type BinaryBlobs, type BlobOutcome } from '../../src/sources/blob-scan.js';
import { makeZip } from '../helpers/archives.js';
import { liveKey } from '../helpers/keys.js';

const detectFn = (f: Parameters<typeof detect>[0]): Finding[] => detect(f);
const READ_ALL: BinaryBlobs = { maxBytes: 1 << 20, strings: true, archiveDepth: 3, closedArchive: 'closed' };

/** Feeds `bytes` to a scanner in pieces of `piece` bytes; resolves with its outcome. */
function feed(bytes: Buffer, piece: number, path: string, binaries?: BinaryBlobs, partBytes?: number): Promise<BlobOutcome> {
  return new Promise((resolve) => {
    const sink = blobScanner(() => [{ path, commit: 'c0ffee' }], detectFn, resolve, undefined, partBytes, binaries);
    sink.start(bytes.length, 'blob');
    for (let at = 0; at < bytes.length; at += piece) sink.data(bytes.subarray(at, at + piece));
    sink.end();
  });
}

const summary = (o: BlobOutcome) => ({
  binary: o.binary,
  clean: o.clean,
  detail: o.detail,
  found: o.findings[0]!.map((f) => [f.file, f.line, f.byteOffset, f.archive, f.commit]),
});

describe('blobScanner with binaries read', () => {
  const key = liveKey();
  const db = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(20_000), Buffer.from(`\x01PINECALL_API_KEY=${key}`), Buffer.alloc(5000)]);
  const zip = makeZip([{ name: 'conf/.env', data: `PINECALL_API_KEY=${key}\n` }, { name: 'pad.bin', data: Buffer.alloc(30_000, 7), method: 'store' }]);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from(`PINECALL_API_KEY=${key}`), Buffer.alloc(9000)]);
  const text = Buffer.from(`${'x = 1\n'.repeat(3000)}PINECALL_API_KEY=${key}\n${'y = 2\n'.repeat(3000)}`);

  for (const piece of [1, 7, 4096, 65536, 1 << 20]) {
    it(`gives the same outcome fed in pieces of ${piece} bytes`, async () => {
      assert.deepEqual(summary(await feed(db, piece, 'dev.sqlite', READ_ALL)), {
        binary: false,
        clean: false,
        detail: undefined,
        found: [['dev.sqlite', 1, db.indexOf(key), undefined, 'c0ffee']],
      });
      assert.deepEqual(summary(await feed(zip, piece, 'app.zip', READ_ALL)), {
        binary: false,
        clean: false,
        detail: undefined,
        found: [['app.zip!/conf/.env', 1, undefined, 'app.zip', 'c0ffee']],
      });
      assert.deepEqual(summary(await feed(png, piece, 'logo.png', READ_ALL)), { binary: true, clean: false, detail: 'PNG image', found: [] });
      // Text blobs are untouched by the option, also when scanned in parts.
      const whole = summary(await feed(text, piece, 'a.env'));
      assert.equal(whole.found.length, 1);
      assert.deepEqual(summary(await feed(text, piece, 'a.env', READ_ALL, 16_384)), whole);
    });
  }

  it('without the option, or past its size, a binary is only marked', async () => {
    assert.deepEqual(summary(await feed(db, 4096, 'dev.sqlite')), { binary: true, clean: false, detail: undefined, found: [] });
    assert.deepEqual(summary(await feed(zip, 4096, 'app.zip', { ...READ_ALL, archiveDepth: 0 })), { binary: true, clean: false, detail: 'closed', found: [] });
    assert.deepEqual(summary(await feed(db, 4096, 'dev.sqlite', { ...READ_ALL, maxBytes: 1000 })), {
      binary: true,
      clean: false,
      detail: 'more than 1000 bytes, not read',
      found: [],
    });
    // Runs without a keyword: read, nothing there.
    assert.deepEqual(summary(await feed(Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)]), 7, 'x.db', READ_ALL)), {
      binary: false,
      clean: true,
      detail: undefined,
      found: [],
    });
  });
});
