import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { detect } from '../../src/core/index.js';
import { UsageError } from '../../src/errors.js';
import { scanFileSystem, type FilesSourceOptions } from '../../src/sources/files.js';
import { ReaderPool } from '../../src/sources/reader-pool.js';
import type { BatchResult } from '../../src/sources/read-files.js';
import { pathToFileURL } from 'node:url';
import { removeDir, tempDir, writeFile, withTempDir } from '../helpers/git.js';
import { liveKey, testKey } from '../helpers/keys.js';

const MB = 1024 * 1024;

function scan(cwd: string, extra: Partial<FilesSourceOptions> = {}) {
  return scanFileSystem({ cwd, paths: [], respectGitignore: true, maxFileSize: 10 * MB, ...extra }, (f) => detect(f));
}

const filesOf = (outcome: Awaited<ReturnType<typeof scan>>): string[] =>
  [...new Set(outcome.findings.map((f) => f.file))].sort();

const withTree = (body: (dir: string) => Promise<void>): Promise<void> => withTempDir('pcscan-files-', body);

const assignment = (key: string): string => `const client = createClient("${key}");\n`;

test('nested .gitignore files apply relative to their own directory', () =>
  withTree(async (dir) => {
    writeFile(dir, '.gitignore', '*.log\n');
    writeFile(dir, 'sub/.gitignore', 'secret.txt\n!keep.log\n');
    writeFile(dir, 'a.log', assignment(liveKey()));
    writeFile(dir, 'sub/secret.txt', assignment(liveKey()));
    writeFile(dir, 'sub/deep/secret.txt', assignment(liveKey()));
    writeFile(dir, 'sub/keep.log', assignment(liveKey()));
    writeFile(dir, 'other/secret.txt', assignment(liveKey()));
    writeFile(dir, 'src/app.ts', assignment(liveKey()));
    const outcome = await scan(dir);
    assert.deepEqual(filesOf(outcome), ['other/secret.txt', 'src/app.ts', 'sub/keep.log']);
  }));

test('a file inside an ignored directory cannot be re-included by a deeper negation', () =>
  withTree(async (dir) => {
    writeFile(dir, '.gitignore', 'build/\n');
    writeFile(dir, 'build/.gitignore', '!x.js\n');
    writeFile(dir, 'build/x.js', assignment(liveKey()));
    writeFile(dir, 'builder.js', assignment(liveKey()));
    assert.deepEqual(filesOf(await scan(dir)), ['builder.js']);
  }));

test('a .gitignore between the working directory and a scanned subdirectory applies', () =>
  withTree(async (dir) => {
    writeFile(dir, '.gitignore', 'pkg/generated/\n');
    writeFile(dir, 'pkg/generated/a.js', assignment(liveKey()));
    writeFile(dir, 'pkg/src/a.js', assignment(liveKey()));
    assert.deepEqual(filesOf(await scan(dir, { paths: ['pkg'] })), ['pkg/src/a.js']);
  }));

test('node_modules is skipped by default; --no-ignore includes it and ignored files, never .git', () =>
  withTree(async (dir) => {
    writeFile(dir, '.gitignore', 'dist/\n');
    writeFile(dir, 'node_modules/lib/index.js', assignment(testKey()));
    writeFile(dir, 'packages/a/node_modules/lib/index.js', assignment(testKey()));
    writeFile(dir, 'dist/bundle.js', assignment(testKey()));
    writeFile(dir, '.git/config', assignment(testKey()));
    writeFile(dir, 'sub/.git', assignment(testKey()));
    writeFile(dir, 'index.js', assignment(testKey()));
    assert.deepEqual(filesOf(await scan(dir)), ['index.js']);
    assert.deepEqual(filesOf(await scan(dir, { respectGitignore: false })), [
      'dist/bundle.js',
      'index.js',
      'node_modules/lib/index.js',
      'packages/a/node_modules/lib/index.js',
    ]);
  }));

test('binary and too-large files are skipped and listed; the size cap is configurable', () =>
  withTree(async (dir) => {
    writeFile(dir, 'image.png', Buffer.concat([Buffer.from([0x89, 0x50, 0, 0, 1]), Buffer.from(assignment(liveKey()))]));
    writeFile(dir, 'big.txt', assignment(liveKey()) + 'x'.repeat(4096));
    writeFile(dir, 'small.txt', assignment(liveKey()));
    const outcome = await scan(dir, { maxFileSize: 1024 });
    assert.deepEqual(filesOf(outcome), ['small.txt']);
    assert.deepEqual(
      outcome.skipped.map((s) => [s.file, s.reason]),
      [
        ['big.txt', 'too-large'],
        ['image.png', 'binary'],
      ],
    );
    assert.equal(outcome.stats.files, 1);
    const roomy = await scan(dir, { maxFileSize: 10 * MB });
    assert.deepEqual(filesOf(roomy), ['big.txt', 'small.txt']);
  }));

test('decodes UTF-8 with BOM, UTF-16LE/BE with BOM, CRLF and a key on a last line without newline', () =>
  withTree(async (dir) => {
    const key = liveKey();
    const text = `first line\r\nsecond = "${key}"\r\n`;
    writeFile(dir, 'bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`k = "${key}"\n`)]));
    writeFile(dir, 'le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    writeFile(dir, 'be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    writeFile(dir, 'crlf.txt', text);
    writeFile(dir, 'last.txt', `a\nb\nk = ${key}`);
    const outcome = await scan(dir);
    const where = Object.fromEntries(outcome.findings.map((f) => [f.file, [f.line, f.column, f.endColumn]]));
    assert.deepEqual(where, {
      'be.txt': [2, 11, 62],
      'bom.txt': [1, 6, 57],
      'crlf.txt': [2, 11, 62],
      'last.txt': [3, 5, 56],
      'le.txt': [2, 11, 62],
    });
    assert.ok(outcome.findings.every((f) => f.secret === key));
    assert.deepEqual(outcome.skipped, []);
  }));

test('symlinks: loops are safe, links outside the root are listed, links inside are not scanned twice', () =>
  withTree(async (dir) => {
    const outside = tempDir('pcscan-outside-');
    try {
      writeFile(outside, 'secret.txt', assignment(liveKey()));
      const root = join(dir, 'root');
      writeFile(root, 'src/real.ts', assignment(liveKey()));
      symlinkSync('..', join(root, 'src/loop'));
      symlinkSync(join(root, 'self'), join(root, 'self'));
      symlinkSync(join(outside, 'secret.txt'), join(root, 'outside.txt'));
      symlinkSync(outside, join(root, 'outside-dir'));
      symlinkSync('src/real.ts', join(root, 'inside.ts'));
      symlinkSync('missing.txt', join(root, 'broken.txt'));
      const outcome = await scan(root);
      assert.deepEqual(filesOf(outcome), ['src/real.ts']);
      assert.equal(outcome.findings.length, 1);
      assert.deepEqual(
        outcome.skipped.map((s) => [s.file, s.reason]),
        [
          ['broken.txt', 'symlink-broken'],
          ['outside-dir', 'symlink-outside-root'],
          ['outside.txt', 'symlink-outside-root'],
          ['self', 'symlink-loop'],
        ],
      );
    } finally {
      removeDir(outside);
    }
  }));

test('a file that vanishes between listing and reading is skipped as unreadable, not fatal', () =>
  withTree(async (dir) => {
    writeFile(dir, 'a.txt', assignment(liveKey()));
    writeFile(dir, 'b.txt', assignment(liveKey()));
    writeFile(dir, 'c.txt', 'nothing here\n');
    // The exclude hook runs after the listing and before any read: remove a listed file there.
    let removed = false;
    const exclude = (): boolean => {
      if (!removed) {
        unlinkSync(join(dir, 'b.txt'));
        removed = true;
      }
      return false;
    };
    const outcome = await scan(dir, { exclude });
    assert.deepEqual(filesOf(outcome), ['a.txt']);
    assert.deepEqual(outcome.skipped, [{ file: 'b.txt', reason: 'unreadable', detail: 'ENOENT' }]);
  }));

test('a file without read permission is skipped as unreadable', { skip: process.getuid?.() === 0 && 'root reads any file' }, () =>
  withTree(async (dir) => {
    writeFile(dir, 'locked.txt', assignment(liveKey()));
    writeFile(dir, 'locked-dir/a.txt', assignment(liveKey()));
    chmodSync(join(dir, 'locked.txt'), 0);
    chmodSync(join(dir, 'locked-dir'), 0);
    try {
      const outcome = await scan(dir);
      assert.deepEqual(filesOf(outcome), []);
      assert.deepEqual(
        outcome.skipped.map((s) => [s.file, s.reason]),
        [
          ['locked-dir', 'unreadable'],
          ['locked.txt', 'unreadable'],
        ],
      );
    } finally {
      chmodSync(join(dir, 'locked-dir'), 0o755);
    }
  }));

test('paths: a file argument is scanned even if ignored; reported paths are relative with forward slashes', () =>
  withTree(async (dir) => {
    writeFile(dir, '.gitignore', 'local.env\n');
    writeFile(dir, 'conf/local.env', `PINECALL_API_KEY=${liveKey()}\n`);
    writeFile(dir, 'conf/nested/app.ts', assignment(liveKey()));
    assert.deepEqual(filesOf(await scan(dir, { paths: ['conf/local.env'] })), ['conf/local.env']);
    assert.deepEqual(filesOf(await scan(dir, { paths: ['conf'] })), ['conf/nested/app.ts']);
    // A directory outside the working directory: paths are relative to it.
    const elsewhere = tempDir('pcscan-cwd-');
    try {
      assert.deepEqual(filesOf(await scan(elsewhere, { paths: [dir] })), ['conf/nested/app.ts']);
      assert.deepEqual(filesOf(await scan(elsewhere, { paths: [join(dir, 'conf/local.env')] })), ['local.env']);
    } finally {
      removeDir(elsewhere);
    }
  }));

test('a nonexistent path is a UsageError; an empty directory is clean', () =>
  withTree(async (dir) => {
    await assert.rejects(scan(dir, { paths: ['nope'] }), (err: unknown) => err instanceof UsageError && /nope/.test(err.message));
    const outcome = await scan(dir);
    assert.deepEqual(outcome, { findings: [], skipped: [], stats: { files: 0, bytes: 0, commits: 0 } });
  }));

test('a key inside a Jupyter notebook is reported at its line in the .ipynb file', () =>
  withTree(async (dir) => {
    const key = liveKey();
    const notebook = {
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# Calling Pinecall\n'] },
        {
          cell_type: 'code',
          execution_count: 1,
          metadata: {},
          outputs: [],
          source: ['import pinecall\n', `client = pinecall.Client(api_key="${key}")\n`],
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const text = JSON.stringify(notebook, null, 1);
    writeFile(dir, 'notebooks/demo.ipynb', text);
    const outcome = await scan(dir);
    assert.equal(outcome.findings.length, 1);
    const lines = text.split('\n');
    const expectedLine = lines.findIndex((l) => l.includes(key)) + 1;
    const f = outcome.findings[0]!;
    assert.equal(f.file, 'notebooks/demo.ipynb');
    assert.equal(f.line, expectedLine);
    assert.equal(f.column, lines[expectedLine - 1]!.indexOf(key) + 1);
  }));

test('counts scanned files and bytes; files without keywords are not handed to the detector', () =>
  withTree(async (dir) => {
    writeFile(dir, 'a.txt', 'hello\n');
    writeFile(dir, 'b.txt', `PINECALL_API_KEY=${liveKey()}\n`);
    const seen: string[] = [];
    const outcome = await scanFileSystem({ cwd: dir, paths: [], respectGitignore: true, maxFileSize: MB }, (f) => {
      seen.push(f.path);
      return detect(f);
    });
    assert.deepEqual(seen, ['b.txt']);
    assert.equal(outcome.stats.files, 2);
    assert.equal(outcome.stats.bytes, 6 + 17 + 51 + 1);
  }));

test('reader threads give exactly the in-process outcome', () =>
  withTree(async (dir) => {
    for (let i = 0; i < 40; i++) writeFile(dir, `src/m${i}/f${i}.ts`, i % 7 === 0 ? assignment(liveKey()) : `export const v${i} = ${i};\n`);
    writeFile(dir, 'bin/tool', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));
    writeFile(dir, 'big.json', `{"k": "${testKey()}"}` + ' '.repeat(3000));
    const summary = (o: Awaited<ReturnType<typeof scan>>) => ({
      findings: o.findings.map((f) => `${f.file}:${f.line}:${f.column}:${f.secretHash}`).sort(),
      secrets: o.findings.every((f) => typeof f.secret === 'string' && f.secret.length > 40),
      skipped: o.skipped,
      stats: o.stats,
    });
    const inProcess = summary(await scan(dir, { threads: 1, maxFileSize: 2048 }));
    const threaded = summary(await scan(dir, { threads: 2, maxFileSize: 2048 }));
    assert.equal(inProcess.findings.length, 6);
    assert.deepEqual(threaded, inProcess);
  }));

test('a reader thread that dies leaves its batches to the main thread, and the scan still ends', { timeout: 20_000 }, () =>
  withTree(async (dir) => {
    // A real worker that dies on the first batch it gets and answers the others.
    const script = writeFile(
      dir,
      'dying-worker.mjs',
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', ({ id, targets }) => {
  if (id === 0) process.exit(1);
  parentPort.postMessage({ id, result: { candidates: [], skipped: [], files: targets.length, bytes: 0 } });
});`,
    );
    const key = liveKey();
    const batches = [0, 1, 2, 3].map((i) => [{ abs: writeFile(dir, `f${i}.ts`, `k = "${key}";\n`), rel: `f${i}.ts` }]);
    const results: BatchResult[] = [];
    const pool = new ReaderPool(pathToFileURL(script), 2, { maxFileSize: 1024, hugeFileBytes: MB }, (r) => results.push(r));
    for (const batch of batches) pool.send(batch);
    await pool.finish();
    assert.equal(results.reduce((n, r) => n + r.files, 0), 4);
    // The dead worker's batches were read in-process: their key passed the gate.
    assert.ok(results.some((r) => r.candidates.some((c) => c.text.includes(key))));
  }));

test('binaries are scanned for printable runs (byte offset reported); media are skipped by signature', () =>
  withTree(async (dir) => {
    const key = liveKey();
    const db = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(90), Buffer.from(`PINECALL_API_KEY=${key}`), Buffer.alloc(40)]);
    writeFile(dir, 'data/dev.sqlite', db);
    writeFile(dir, 'assets/photo.bin', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), Buffer.from(`pc_live_ ${liveKey()}`)]));
    const outcome = await scan(dir);
    assert.deepEqual(filesOf(outcome), ['data/dev.sqlite']);
    assert.equal(outcome.findings[0]!.byteOffset, db.indexOf(key));
    assert.deepEqual(outcome.skipped, [{ file: 'assets/photo.bin', reason: 'binary', detail: 'JPEG image' }]);
    assert.equal(outcome.stats.files, 1);
  }));

test('archives in the tree are opened, in-process and through reader threads alike', () =>
  withTree(async (dir) => {
    const { makeZip, makeTarGz } = await import('../helpers/archives.js');
    const k1 = liveKey();
    const k2 = liveKey();
    writeFile(dir, 'dist/app.apk', makeZip([{ name: 'assets/config.json', data: `{"pinecallApiKey": "${k1}"}` }]));
    writeFile(dir, 'backups/site.tar.gz', await makeTarGz([{ name: 'site/.env', data: `PINECALL_API_KEY=${k2}\n` }]));
    writeFile(dir, 'plain.txt', 'hello\n');
    const expected = ['backups/site.tar.gz!/site/.env', 'dist/app.apk!/assets/config.json'];
    for (const threads of [1, 2]) {
      const outcome = await scan(dir, { threads });
      assert.deepEqual(filesOf(outcome), expected);
      assert.deepEqual(outcome.findings.map((f) => f.archive).sort(), ['backups/site.tar.gz', 'dist/app.apk']);
      assert.equal(outcome.stats.files, 3);
    }
    const closed = await scan(dir, { maxArchiveDepth: 0 });
    assert.deepEqual(filesOf(closed), []);
    assert.deepEqual(closed.skipped.map((s) => [s.file, s.reason]), [
      ['backups/site.tar.gz', 'binary'],
      ['dist/app.apk', 'binary'],
    ]);
  }));
