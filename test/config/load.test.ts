import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { clearConfigCache, loadConfig, loadConfigSync } from '../../src/config/load.js';
import { makeRepo, removeDir, tempDir, writeFile } from '../helpers/git.js';

const dirs: string[] = [];
const fresh = (repo = false): string => {
  const dir = repo ? makeRepo() : tempDir();
  dirs.push(dir);
  return dir;
};
after(() => dirs.forEach(removeDir));
beforeEach(() => clearConfigCache());

const json = (value: unknown): string => JSON.stringify(value, null, 2);

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig (async, CLI)', () => {
  it('finds .pinecall-scan.json in the scanned root', async () => {
    const root = fresh(true);
    writeFile(root, '.pinecall-scan.json', json({ rules: { 'pinecall-ops-key': 'off' }, maxFileSize: 99 }));
    const loaded = await loadConfig({ root, cwd: root });
    assert.equal(loaded.file, join(root, '.pinecall-scan.json'));
    assert.deepEqual(loaded.disabledRules, ['pinecall-ops-key']);
    assert.equal(loaded.maxFileSize, 99);
  });

  it('walks upward from the scanned root, and prefers .pinecall-scan.json to package.json in one directory', async () => {
    const root = fresh(true);
    writeFile(root, 'package.json', json({ name: 'x', pinecallScan: { ignorePaths: ['a/**'] } }));
    writeFile(root, 'packages/web/package.json', json({ name: 'web' }));
    const fromPkg = await loadConfig({ root: join(root, 'packages/web/src'), cwd: root });
    assert.equal(fromPkg.file, join(root, 'package.json'));
    assert.equal(fromPkg.isIgnored(join(root, 'a/b.ts')), true);
    assert.equal(fromPkg.ignoreFilter(join(root, 'packages/web'))('a/b.ts'), false);

    writeFile(root, '.pinecall-scan.json', json({ ignorePaths: ['b/**'] }));
    const own = await loadConfig({ root, cwd: root });
    assert.equal(own.file, join(root, '.pinecall-scan.json'));
  });

  it('stops at the repository root', async () => {
    const outer = fresh();
    writeFile(outer, '.pinecall-scan.json', json({ maxFileSize: 5 }));
    const repo = join(outer, 'repo');
    writeFile(repo, '.git/HEAD', 'ref: refs/heads/main\n');
    const loaded = await loadConfig({ root: join(repo, 'src'), cwd: repo });
    assert.equal(loaded.file, undefined);
    assert.deepEqual(loaded.config, {});
  });

  it('resolves ignorePaths against the config directory, whatever root the paths are relative to', async () => {
    const root = fresh(true);
    writeFile(root, '.pinecall-scan.json', json({ ignorePaths: ['packages/web/fixtures/**', 'dist'] }));
    const loaded = await loadConfig({ root, cwd: root });
    assert.equal(loaded.ignoreFilter(root)('packages/web/fixtures/k.env'), true);
    assert.equal(loaded.ignoreFilter(join(root, 'packages/web'))('fixtures/k.env'), true);
    assert.equal(loaded.ignoreFilter(join(root, 'packages/web'))('src/k.env'), false);
    assert.equal(loaded.ignoreFilter(join(root, 'packages'))('web/dist/x.js'), true);
  });

  it('lets --config win, with paths relative to the working directory', async () => {
    const root = fresh(true);
    writeFile(root, '.pinecall-scan.json', json({ rules: { 'pinecall-api-key': 'off' } }));
    writeFile(root, 'ci/scan.json', json({ ignorePaths: ['fixtures/**'] }));
    const loaded = await loadConfig({ root, cwd: root, explicit: 'ci/scan.json' });
    assert.equal(loaded.file, join(root, 'ci/scan.json'));
    assert.deepEqual(loaded.disabledRules, []);
    assert.equal(loaded.ignoreFilter(root)('fixtures/a.ts'), true);
  });

  it('reads the pinecallScan key of an explicit package.json', async () => {
    const root = fresh(true);
    writeFile(root, 'other/package.json', json({ pinecallScan: { maxFileSize: 7 } }));
    writeFile(root, 'plain/package.json', json({ name: 'plain' }));
    assert.equal((await loadConfig({ root, cwd: root, explicit: 'other/package.json' })).maxFileSize, 7);
    assert.equal(
      await rejection(loadConfig({ root, cwd: root, explicit: 'plain/package.json' })),
      'plain/package.json: has no "pinecallScan" key',
    );
  });

  it('fails with one line naming the file', async () => {
    const root = fresh(true);
    assert.equal(await rejection(loadConfig({ root, cwd: root, explicit: 'missing.json' })), 'missing.json: cannot read (ENOENT)');
    writeFile(root, '.pinecall-scan.json', '{\n  "allow": [\n}');
    assert.equal(await rejection(loadConfig({ root, cwd: root })), '.pinecall-scan.json: not valid JSON: value expected (line 3, column 1)');
    writeFile(root, '.pinecall-scan.json', '');
    assert.equal(await rejection(loadConfig({ root, cwd: root })), '.pinecall-scan.json: not valid JSON: value expected (line 1, column 1)');
    writeFile(root, '.pinecall-scan.json', '// note\n{}');
    assert.equal(await rejection(loadConfig({ root, cwd: root })), '.pinecall-scan.json: not valid JSON: comments are not allowed (line 1, column 1)');
    writeFile(root, '.pinecall-scan.json', json({ unknown: 1 }));
    assert.equal(await rejection(loadConfig({ root, cwd: root })), '.pinecall-scan.json: /unknown is not a known field');
  });

  it('never quotes a key from a malformed file', async () => {
    const root = fresh(true);
    const secretish = 'pc_live_' + 'Q'.repeat(43);
    writeFile(root, '.pinecall-scan.json', `{"allow": ["${secretish}" "x"]}`);
    const message = await rejection(loadConfig({ root, cwd: root }));
    assert.ok(!message.includes('QQQQ'), message);
  });

  it('reports an unreadable file', { skip: process.getuid?.() === 0 && 'root reads everything' }, async () => {
    const root = fresh(true);
    const file = writeFile(root, '.pinecall-scan.json', '{}');
    chmodSync(file, 0o000);
    assert.equal(await rejection(loadConfig({ root, cwd: root })), '.pinecall-scan.json: cannot read (EACCES)');
  });

  it('reports a config path that is a directory', async () => {
    const root = fresh(true);
    writeFile(root, '.pinecall-scan.json/x', '');
    assert.equal(await rejection(loadConfig({ root, cwd: root })), '.pinecall-scan.json: cannot read (EISDIR)');
  });

  it('a file nested 200 000 levels deep is one config error, not a stack overflow', async () => {
    const root = fresh(true);
    writeFile(root, '.pinecall-scan.json', `{"allow": ${'['.repeat(200_000)}`);
    assert.equal(await rejection(loadConfig({ root, cwd: root })), '.pinecall-scan.json: not valid JSON: nested too deeply');
    writeFile(root, '.pinecall-scan.json', `{"allow": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    assert.equal(await rejection(loadConfig({ root, cwd: root })), '.pinecall-scan.json: /allow/0 must be a string');
  });

  it('an unreadable package.json is skipped (it may hold no config), a directory by that name too', async () => {
    const root = fresh(true);
    writeFile(root, 'package.json/x', '');
    assert.deepEqual((await loadConfig({ root, cwd: root })).config, {});
    assert.deepEqual(loadConfigSync(root).config, {});
  });

  it('accepts a byte-order mark', async () => {
    const root = fresh(true);
    writeFile(root, '.pinecall-scan.json', '\ufeff{"maxFileSize": 3}');
    assert.equal((await loadConfig({ root, cwd: root })).maxFileSize, 3);
  });
});

describe('loadConfigSync (ESLint rules)', () => {
  it('gives the same answer as the async API', async () => {
    const root = fresh(true);
    writeFile(root, '.pinecall-scan.json', json({ allow: ['^pc_test_'], ignorePaths: ['gen/**'] }));
    const sync = loadConfigSync(join(root, 'src/deep'));
    const async_ = await loadConfig({ root: join(root, 'src/deep'), cwd: root });
    assert.equal(sync.file, async_.file);
    assert.deepEqual(sync.config, async_.config);
    assert.equal(sync.isIgnored(join(root, 'gen/x.ts')), true);
    assert.equal(sync.isIgnored(join(root, 'src/x.ts')), false);
    assert.equal(sync.allow?.('pc_test_x', ''), true);
  });

  it('caches per directory until clearConfigCache()', () => {
    const root = fresh(true);
    writeFile(root, '.pinecall-scan.json', json({ maxFileSize: 1 }));
    const first = loadConfigSync(join(root, 'a/b'));
    writeFile(root, '.pinecall-scan.json', json({ maxFileSize: 2 }));
    assert.equal(loadConfigSync(join(root, 'a/b')), first);
    assert.equal(loadConfigSync(join(root, 'a')).maxFileSize, 1, 'parent directories were cached on the way up');
    clearConfigCache();
    assert.equal(loadConfigSync(join(root, 'a/b')).maxFileSize, 2);
  });

  it('throws ConfigError for a bad file', () => {
    const root = fresh(true);
    writeFile(root, '.pinecall-scan.json', json({ rules: { 'pinecall-api-key': 'warn' } }));
    assert.throws(() => loadConfigSync(root), (err: unknown) => err instanceof ConfigError && /\/rules\/pinecall-api-key must be "on" or "off"/.test(err.message));
  });

  it('returns an empty config when there is none', () => {
    const root = fresh(true);
    const loaded = loadConfigSync(root);
    assert.equal(loaded.file, undefined);
    assert.deepEqual(loaded.disabledRules, []);
    assert.equal(loaded.allow, undefined);
    assert.equal(loaded.isIgnored(join(root, 'x')), false);
  });
});
