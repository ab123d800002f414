// The object-store gate (git grep over every blob before the log is read) must never change what a
// history scan reports: it only decides which blobs are not worth reading. These tests hold a gated
// scan to the ungated one on a history with every kind of blob the Node gate or the binary sniff treats
// specially, and check the gate's own verdicts and that it leaves nothing behind.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detect } from '../../src/core/index.js';
import type { Finding } from '../../src/core/types.js';
import { scanHistory, type HistoryOptions } from '../../src/sources/git-history.js';
import { gateObjectStore } from '../../src/sources/git-grep-gate.js';
import { commitFiles, git, tempRepos } from '../helpers/git.js';
import { legacyKey, liveKey, opsKey } from '../helpers/keys.js';
import { gzip, makeTarGz, makeZip } from '../helpers/archives.js';

const detectFn = (f: Parameters<typeof detect>[0]): Finding[] => detect(f);
const { repo } = tempRepos();

const utf16 = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const filler = (n: number): string => Array.from({ length: n }, (_, i) => `export const value${i} = compute(${i}, 'plain text');`).join('\n') + '\n';

/** A history with a key in every form the scanner knows, next to plenty of clean text. */
async function richHistory(): Promise<{ root: string; blobs: Record<string, string> }> {
  const r = repo();
  const files: Record<string, string | Buffer> = {
    'src/clean.ts': filler(50),
    'src/client.ts': `const client = new Pinecall({ apiKey: '${liveKey()}' });\n`,
    'src/word-only.ts': `// PINECALL docs: the client reads its key from the environment\n${filler(5)}`,
    'legacy.env': `PINECALL_KEY=${legacyKey()}\n`,
    'ops.txt': `ops ${opsKey()}\n`,
    'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: pinecall\ndata:\n  key: ${Buffer.from(liveKey()).toString('base64')}\n`,
    'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\n',
    'wide.txt': utf16(`PINECALL_API_KEY=${liveKey()}\n`),
    'bin/blob.bin': Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from(` pinecall key ${liveKey()} `), Buffer.alloc(64)]),
    'bin/plain.bin': Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]),
    'tiny.gz': gzip(`PINECALL_API_KEY=${liveKey()}\n`),
    'bundle.zip': makeZip([{ name: 'config.env', data: `PINECALL_API_KEY=${liveKey()}\n` }]),
    'bundle.tgz': await makeTarGz([{ name: 'inner/.env', data: `PINECALL_API_KEY=${liveKey()}\n` }]),
  };
  // Mostly clean, as real histories are (the gate gives up when most blobs may hold a keyword).
  for (let i = 0; i < 30; i++) files[`docs/page${i}.md`] = filler(i + 1);
  commitFiles(r, files, 'everything');
  commitFiles(r, { 'src/clean.ts': filler(60), 'src/client.ts': `const client = new Pinecall({ apiKey: '${liveKey()}' });\n` }, 'rotate');
  git(r, 'checkout', '-q', '-b', 'side');
  git(r, 'mv', 'legacy.env', 'moved.env');
  commitFiles(r, { 'side.txt': `side ${liveKey()}\n`, 'src/clean.ts': filler(61) }, 'side work');
  git(r, 'checkout', '-q', 'main');
  commitFiles(r, { 'main.txt': filler(3) }, 'main work');
  git(r, 'merge', '-q', '--no-edit', 'side');
  const blobs: Record<string, string> = {};
  for (const line of git(r, 'ls-tree', '-r', 'HEAD').trim().split('\n')) {
    const [meta, path] = line.split('\t');
    blobs[path!] = meta!.split(' ')[2]!;
  }
  return { root: r, blobs };
}

/** A scan's outcome without its timing. */
async function outcome(root: string, opts: HistoryOptions): Promise<unknown> {
  const out = await scanHistory(root, opts, detectFn);
  const { stats, ...rest } = out;
  return { ...rest, stats: { files: stats.files, bytes: stats.bytes, commits: stats.commits } };
}

describe('history gate (git grep over the object store)', () => {
  it('reports exactly what an ungated scan reports, with binaries and archives opened or not', async () => {
    const { root } = await richHistory();
    for (const opts of [{ messages: true, binaries: true }, { messages: true, binaries: true, archives: true }, {}] as HistoryOptions[]) {
      const gated = await outcome(root, { ...opts, gateBytes: 0 });
      const ungated = await outcome(root, { ...opts, gateBytes: Infinity });
      assert.deepEqual(gated, ungated, JSON.stringify(opts));
    }
    const found = (await scanHistory(root, { binaries: true, archives: true, gateBytes: 0 }, detectFn)).findings.map((f) => f.file);
    for (const file of ['src/client.ts', 'legacy.env', 'ops.txt', 'k8s/secret.yaml', 'wide.txt', 'bin/blob.bin', 'side.txt']) {
      assert.ok(found.includes(file), `${file} in ${found.join(', ')}`);
    }
    assert.ok(found.some((f) => f.startsWith('bundle.zip')) && found.some((f) => f.startsWith('bundle.tgz')) && found.some((f) => f.startsWith('tiny.gz')), found.join(', '));
  });

  it('turns away only blobs with no keyword that are plain text', async () => {
    const { root, blobs } = await richHistory();
    const verdicts = await gateObjectStore(root, 0);
    assert.ok(verdicts, 'the gate ran');
    for (const path of ['src/clean.ts', 'main.txt']) assert.ok(verdicts.cleanBytes(blobs[path]!) > 0, `${path} is clean`);
    for (const path of ['src/client.ts', 'src/word-only.ts', 'moved.env', 'ops.txt', 'k8s/secret.yaml', 'wide.txt', 'bin/blob.bin', 'bin/plain.bin', 'tiny.gz', 'bundle.zip', 'bundle.tgz']) {
      assert.equal(verdicts.cleanBytes(blobs[path]!), -1, `${path} must be read`);
    }
    // A clean blob's size counts once; a blob the store did not hold when gated is read.
    assert.equal(verdicts.cleanBytes(blobs['src/clean.ts']!), 0);
    assert.equal(verdicts.cleanBytes('0'.repeat(40)), -1);
  });

  it('works from a subdirectory and in a bare clone, and leaves no object or temp dir behind', async () => {
    const { root } = await richHistory();
    const bare = repo();
    git(bare, 'clone', '-q', '--bare', root, join(bare, 'b.git'));
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('pinecall-scan-gate-')).length;
    const objects = git(root, 'count-objects', '-v');
    const expected = await outcome(root, { gateBytes: Infinity });
    assert.deepEqual(await outcome(join(root, 'src'), { gateBytes: 0 }), expected);
    assert.deepEqual(await outcome(join(bare, 'b.git'), { gateBytes: 0 }), await outcome(join(bare, 'b.git'), { gateBytes: Infinity }));
    assert.equal(git(root, 'count-objects', '-v'), objects);
    assert.equal(readdirSync(tmpdir()).filter((n) => n.startsWith('pinecall-scan-gate-')).length, before);
  });

  it('gives up when most blobs may hold a keyword (they are read anyway)', async () => {
    const r = repo();
    const files: Record<string, string> = { 'clean.txt': filler(10) };
    for (let i = 0; i < 10; i++) files[`src/use${i}.ts`] = `const client${i} = new Pinecall({ apiKey: process.env.PINECALL_API_KEY });\n`;
    commitFiles(r, files, 'every file uses the client');
    assert.equal(await gateObjectStore(r, 0), undefined);
    assert.deepEqual(await outcome(r, { gateBytes: 0 }), await outcome(r, { gateBytes: Infinity }));
  });

  it('does not gate a store smaller than its threshold, nor a range', async () => {
    const { root } = await richHistory();
    assert.equal(await gateObjectStore(root, 1 << 30), undefined);
    const head = git(root, 'rev-parse', 'HEAD~1').trim();
    const range = await outcome(root, { range: `${head}..HEAD`, gateBytes: 0 });
    assert.deepEqual(range, await outcome(root, { range: `${head}..HEAD`, gateBytes: Infinity }));
  });
});
