import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '../../src/core/index.js';
import type { Finding } from '../../src/core/types.js';
import { blobScanner, type BlobOutcome } from '../../src/sources/blob-scan.js';
import { BlobReader, readBlobs } from '../../src/sources/git-blobs.js';
import { commitFiles, git, tempRepos } from '../helpers/git.js';
import { liveKey } from '../helpers/keys.js';

const { repo } = tempRepos();
const detectFn = (f: Parameters<typeof detect>[0]): Finding[] => detect(f);

function scanBlob(cwd: string, id: string, partBytes?: number): Promise<BlobOutcome> {
  return new Promise((resolve, reject) => {
    const reader = new BlobReader(cwd);
    let outcome: BlobOutcome | undefined;
    reader.request(id, blobScanner(() => [{ path: 'f.env' }], detectFn, (o) => (outcome = o), undefined, partBytes));
    reader.close().then(() => resolve(outcome!), reject);
  });
}

describe('BlobReader', () => {
  it('answers many requests in order, by id or index path, and says when an object is missing', async () => {
    const r = repo();
    commitFiles(r, { 'a.txt': 'alpha\n', 'b.txt': '', 'c.txt': 'x'.repeat(200_000) }, 'one');
    const ids = ['a.txt', 'b.txt', 'c.txt'].map((p) => git(r, 'rev-parse', `HEAD:${p}`).trim());
    const got: Array<[string, number | undefined]> = [];
    await readBlobs(r, [...ids, '0'.repeat(40), ids[0]!], 1_000_000, (id, bytes) => got.push([id, bytes?.length]));
    assert.deepEqual(got, [
      [ids[0], 6],
      [ids[1], 0],
      [ids[2], 200_000],
      ['0'.repeat(40), undefined],
      [ids[0], 6],
    ]);
    // Over the limit: not collected.
    const small: Array<number | undefined> = [];
    await readBlobs(r, [ids[2]!], 1000, (_id, bytes) => small.push(bytes?.length));
    assert.deepEqual(small, [undefined]);
  });

  it('fails with one line outside a repository', async () => {
    await assert.rejects(readBlobs('/', ['HEAD'], 10, () => {}), (err: Error) => {
      assert.equal(err.name, 'EnvironmentError');
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
  });
});

describe('blobScanner', () => {
  it('finds the same keys on the same lines whether a blob is scanned whole or in small parts', async () => {
    const r = repo();
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'-'.repeat(i % 50)}`);
    for (const at of [0, 777, 1500, 2999]) lines[at] = `PINECALL_KEY=${liveKey()}`;
    commitFiles(r, { 'f.env': lines.join('\n') + '\n' }, 'keys');
    const id = git(r, 'rev-parse', 'HEAD:f.env').trim();
    const where = (o: BlobOutcome) => o.findings[0]!.map((f) => [f.line, f.column, f.secret]);
    const whole = await scanBlob(r, id);
    const parts = await scanBlob(r, id, 4096);
    assert.deepEqual(where(whole).map(([l]) => l), [1, 778, 1501, 3000]);
    assert.deepEqual(where(parts), where(whole));
  });

  it('calls a blob clean when no part passes the keyword gate, and binary on an early NUL', async () => {
    const r = repo();
    commitFiles(r, { 'plain.txt': 'nothing to see\n'.repeat(1000), 'bin.dat': Buffer.from([1, 0, 2, 0x70, 0x63, 0x5f]) }, 'one');
    const plain = await scanBlob(r, git(r, 'rev-parse', 'HEAD:plain.txt').trim(), 1024);
    assert.deepEqual([plain.clean, plain.binary, plain.missing], [true, false, false]);
    const bin = await scanBlob(r, git(r, 'rev-parse', 'HEAD:bin.dat').trim());
    assert.deepEqual([bin.clean, bin.binary], [false, true]);
  });
});
