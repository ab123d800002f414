// The files source against hostile trees: files swapped for FIFOs or links between listing and
// reading, symlinks named as arguments, names that are not UTF-8, files too big for one string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detect } from '../../src/core/index.js';
import type { Finding } from '../../src/core/types.js';
import { scanFileSystem, type FilesSourceOptions } from '../../src/sources/files.js';
import { removeDir, tempDir, writeFile } from '../helpers/git.js';
import { liveKey, testKey } from '../helpers/keys.js';

const MB = 1024 * 1024;

function scan(cwd: string, extra: Partial<FilesSourceOptions> = {}) {
  return scanFileSystem({ cwd, paths: [], respectGitignore: true, maxFileSize: 10 * MB, ...extra }, (f) => detect(f));
}

async function withDirs(body: (dir: string, outside: string) => Promise<void>): Promise<void> {
  const dir = tempDir('pcscan-hostile-');
  const outside = tempDir('pcscan-outside-');
  try {
    await body(dir, outside);
  } finally {
    removeDir(dir);
    removeDir(outside);
  }
}

const assignment = (key: string): string => `const client = createClient("${key}");\n`;
const where = (findings: Finding[]) => findings.map((f) => [f.file, f.line, f.column, f.endColumn, f.start, f.end, f.secret]).sort();

test('a listed file swapped for a FIFO or for a link outside the root is refused, and the scan ends', { timeout: 20_000 }, () =>
  withDirs(async (dir, outside) => {
    const outsideKey = liveKey();
    const secretFile = writeFile(outside, 'secret.env', `PINECALL_API_KEY=${outsideKey}\n`);
    writeFile(dir, 'a.txt', assignment(liveKey()));
    writeFile(dir, 'fifo.txt', 'listed as a file\n');
    writeFile(dir, 'link.txt', 'listed as a file\n');
    // The exclude hook runs after a file is listed and before it is read: swap the files there.
    const exclude = (rel: string): boolean => {
      const abs = join(dir, rel);
      if (rel === 'fifo.txt') {
        unlinkSync(abs);
        execFileSync('mkfifo', [abs]);
      }
      if (rel === 'link.txt') {
        unlinkSync(abs);
        symlinkSync(secretFile, abs);
      }
      return false;
    };
    for (const threads of [1, 2]) {
      writeFile(dir, 'fifo.txt', 'listed as a file\n');
      writeFile(dir, 'link.txt', 'listed as a file\n');
      const outcome = await scan(dir, { exclude, threads });
      assert.deepEqual(outcome.findings.map((f) => f.file), ['a.txt']);
      assert.ok(!outcome.findings.some((f) => f.secret === outsideKey));
      assert.deepEqual(outcome.skipped, [
        { file: 'fifo.txt', reason: 'unreadable', detail: 'not a regular file' },
        { file: 'link.txt', reason: 'unreadable', detail: 'symbolic link (not followed)' },
      ]);
      unlinkSync(join(dir, 'fifo.txt'));
      unlinkSync(join(dir, 'link.txt'));
    }
  }));

test('a symlink named as an argument is not followed, unless followSymlinks, and never outside the root', () =>
  withDirs(async (dir, outside) => {
    const [insideKey, dirKey] = [liveKey(), liveKey()];
    writeFile(dir, 'app.env', `PINECALL_API_KEY=${insideKey}\n`);
    writeFile(dir, 'real/app.env', `PINECALL_API_KEY=${dirKey}\n`);
    writeFile(outside, 'secret.env', `PINECALL_API_KEY=${liveKey()}\n`);
    symlinkSync(join(dir, 'app.env'), join(dir, 'link.env'));
    symlinkSync(join(dir, 'real'), join(dir, 'linkdir'));
    symlinkSync(join(outside, 'secret.env'), join(dir, 'out.env'));
    symlinkSync(outside, join(dir, 'outdir'));
    const paths = ['link.env', 'linkdir', 'out.env', 'outdir'];

    const plain = await scan(dir, { paths });
    assert.deepEqual(plain.findings, []);
    assert.deepEqual(
      plain.skipped.map((s) => [s.file, s.reason]),
      paths.map((p) => [p, 'symlink-not-followed']),
    );

    const followed = await scan(dir, { paths, followSymlinks: true });
    assert.deepEqual(
      followed.findings.map((f) => [f.file, f.secret]).sort(),
      [
        ['link.env', insideKey],
        ['linkdir/app.env', dirKey],
      ],
    );
    assert.deepEqual(
      followed.skipped.map((s) => [s.file, s.reason]),
      [
        ['out.env', 'symlink-outside-root'],
        ['outdir', 'symlink-outside-root'],
      ],
    );
  }));

test('files and directories whose names are not UTF-8 are read by their bytes and reported escaped', () =>
  withDirs(async (dir) => {
    const [fileKey, deepKey] = [liveKey(), testKey()];
    const raw = (s: string): Buffer => Buffer.from(s, 'latin1');
    writeFileSync(Buffer.concat([Buffer.from(dir + '/'), raw('lat\xe9in.env')]), `PINECALL_API_KEY=${fileKey}\n`);
    const rawDir = Buffer.concat([Buffer.from(dir + '/'), raw('d\xff')]);
    mkdirSync(rawDir);
    writeFileSync(Buffer.concat([rawDir, raw('/k\xe9y.ts')]), assignment(deepKey));
    writeFile(dir, 'caf\u00e9.env', `PINECALL_API_KEY=${liveKey()}\n`);
    for (const threads of [1, 2]) {
      const outcome = await scan(dir, { threads });
      assert.deepEqual(outcome.skipped, []);
      assert.deepEqual(
        outcome.findings.map((f) => f.file).sort(),
        ['caf\u00e9.env', 'd\\xff/k\\xe9y.ts', 'lat\\xe9in.env'],
      );
      assert.deepEqual(outcome.findings.find((f) => f.file === 'lat\\xe9in.env')?.secret, fileKey);
    }
  }));

test('a file above the chunking threshold is scanned in chunks with the same findings as whole', () =>
  withDirs(async (dir) => {
    // ~1.2 MB: short lines, lines longer than a chunk's overlap, multi-byte text and a BOM, with keys
    // everywhere, so that cuts fall on keys, inside long lines and between the bytes of a character.
    const parts: string[] = ['\ufeff'];
    let i = 0;
    while (parts.join('').length < 1_200_000) {
      i++;
      if (i % 7 === 0) parts.push(`${'é'.repeat(40_000 + i)} k = "${liveKey()}" ${'x'.repeat(30_000)}\n`);
      else if (i % 3 === 0) parts.push(`${'ü€'.repeat(i % 50)}const pinecall = "${testKey()}";\n`);
      else parts.push(`${'line of text '.repeat(i % 40)}\n${assignment(liveKey())}`);
    }
    writeFile(dir, 'big.txt', parts.join(''));
    writeFile(dir, 'small.txt', assignment(liveKey()));
    const whole = await scan(dir);
    const chunked = await scan(dir, { hugeFileBytes: 100_000, chunkBytes: 64 * 1024 });
    assert.ok(whole.findings.length > 50);
    assert.deepEqual(where(chunked.findings), where(whole.findings));
    assert.deepEqual(chunked.stats, whole.stats);
    assert.deepEqual(chunked.skipped, []);
  }));

test('a binary file above the chunking threshold is skipped as binary; other files are still scanned', () =>
  withDirs(async (dir) => {
    writeFile(dir, 'blob.bin', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), Buffer.alloc(300_000, 0x41)]));
    writeFile(dir, 'a.txt', assignment(liveKey()));
    const outcome = await scan(dir, { hugeFileBytes: 100_000, chunkBytes: 64 * 1024 });
    assert.deepEqual(outcome.findings.map((f) => f.file), ['a.txt']);
    assert.deepEqual(outcome.skipped, [{ file: 'blob.bin', reason: 'binary' }]);
  }));
