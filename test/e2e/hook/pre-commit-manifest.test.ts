// The pre-commit framework's view of this repository: `.pre-commit-hooks.yaml`, and what its `node`
// language needs to install a hook from a git checkout (npm install, then `npm pack`, whose stdout must
// be just the tarball name, then a global install of that tarball).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './project.js';

const manifestPath = join(PACKAGE_ROOT, '.pre-commit-hooks.yaml');
const manifest = readFileSync(manifestPath, 'utf8');
const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

const hasPreCommit = spawnSync('pre-commit', ['--version'], { stdio: 'ignore' }).status === 0;

test('the manifest declares the pinecall-scan hook', () => {
  const field = (name: string): string | undefined => new RegExp(`^\\s*-?\\s*${name}:\\s*(.+)$`, 'm').exec(manifest)?.[1]?.trim();
  assert.equal(field('id'), 'pinecall-scan');
  assert.equal(field('language'), 'node');
  assert.equal(field('entry'), 'pinecall-scan --staged');
  assert.equal(field('pass_filenames'), 'false');
  assert.ok(Object.keys(pkg.bin).includes('pinecall-scan'), 'the entry names a bin of this package');
});

test('a git checkout packs into a working package: build on prepack, quietly', () => {
  assert.match(pkg.scripts.prepack ?? '', /npm run build/);
  // npm prints lifecycle banners on stdout, which pre-commit would read as the tarball's name.
  assert.match(readFileSync(join(PACKAGE_ROOT, '.npmrc'), 'utf8'), /^foreground-scripts=false$/m);
});

test('pre-commit itself accepts the manifest', { skip: !hasPreCommit && 'pre-commit not installed' }, () => {
  const r = spawnSync('pre-commit', ['validate-manifest', manifestPath], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});
