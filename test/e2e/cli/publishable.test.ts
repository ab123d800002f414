// A package that can be published and used from a fresh clone: license, metadata, defaults in --help.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../helpers/cli.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (rel: string): Record<string, unknown> => JSON.parse(readFileSync(`${root}${rel}`, 'utf8')) as Record<string, unknown>;

test('both packages ship a LICENSE and say where the code, the home page and the bug tracker are', () => {
  for (const dir of ['', 'packages/eslint-plugin-pinecall/']) {
    const pkg = read(`${dir}package.json`);
    assert.ok(existsSync(`${root}${dir}LICENSE`), `${dir}LICENSE`);
    assert.match(readFileSync(`${root}${dir}LICENSE`, 'utf8'), /^MIT License/);
    assert.ok((pkg.files as string[]).includes('LICENSE'), `${dir}: LICENSE is packed`);
    assert.match((pkg.repository as { url: string }).url, /^git\+https:\/\/github\.com\/.+\.git$/);
    assert.match(pkg.homepage as string, /^https:\/\//);
    assert.match((pkg.bugs as { url: string }).url, /\/issues$/);
    assert.ok(Array.isArray(pkg.keywords) && pkg.keywords.length >= 3);
    // Placeholders are marked as such, not passed off as real URLs.
    if (JSON.stringify(pkg.repository).includes('PLACEHOLDER')) assert.match(pkg['//repository'] as string, /^PLACEHOLDER/);
  }
});

test('a fresh clone builds on npm ci (prepare), so `npx pinecall-scan .` works right after it', () => {
  const scripts = read('package.json').scripts as Record<string, string>;
  assert.match(scripts.prepare ?? '', /npm run build/);
});

test('--help shows the defaults: verification timeout and budget, maximum file size', async () => {
  const help = (await runCli(['--help'])).stdout.replace(/\s+/g, ' ');
  assert.match(help, /--verify-timeout <ms> with --verify: timeout per request \(default: 5000 ms\)/);
  assert.match(help, /--verify-budget <ms> with --verify: time allowed for the whole verification \(default: 30000 ms\)/);
  assert.match(help, /--max-file-size <size> skip files larger than this \(e\.g\. 10MB, 512k\) \(default: 10MB\)/);
});
