// The floors of docs/architecture.md, enforced: every import points down (or sideways within its own
// folder), and the detector core imports no I/O. A new arrow upward fails here, so the picture in the
// docs cannot drift from the code.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The floor of each module, by path prefix (first match wins); imports may only point to a lower floor or the same folder. */
const FLOORS: [prefix: string, floor: number, name: string][] = [
  ['src/core/', 0, 'core'],
  ['src/errors.ts', 1, 'shared'],
  ['src/paths.ts', 1, 'shared'],
  ['src/fs-util.ts', 1, 'shared'],
  ['package.json', 1, 'shared'],
  ['src/sources/', 2, 'sources'],
  ['src/config/', 2, 'config'],
  ['src/report/', 2, 'report'],
  ['src/verify/', 2, 'verify'],
  ['src/scan/', 3, 'scan'],
  ['src/cli/', 4, 'cli'],
  ['src/index.ts', 4, 'api'],
  ['rules/', 4, 'rules'],
];

/** Packages the core may import: hashing only (no file system, git, glob, process or ESLint). */
const CORE_PACKAGES = new Set(['node:crypto']);

function floorOf(rel: string): [number, string] {
  const hit = FLOORS.find(([prefix]) => rel === prefix || rel.startsWith(prefix));
  if (!hit) throw new Error(`${rel} has no floor in FLOORS: add it and to docs/architecture.md`);
  return [hit[1], hit[2]];
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) {
      if (name !== 'docs') out.push(...sourceFiles(rel));
    } else if (/\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function importsOf(rel: string): string[] {
  const text = readFileSync(join(ROOT, rel), 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) {
    specs.push((m[1] ?? m[2] ?? m[3])!);
  }
  return specs;
}

const FILES = [...sourceFiles('src'), ...sourceFiles('rules')];

test('every import points to a lower floor or stays in its own folder', () => {
  const upward: string[] = [];
  for (const file of FILES) {
    const [floor, name] = floorOf(file);
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const target = relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts');
      const [targetFloor, targetName] = floorOf(target);
      if (targetName === name) continue;
      if (targetFloor >= floor) upward.push(`${file} (${name}) imports ${target} (${targetName})`);
    }
  }
  assert.deepEqual(upward, []);
});

test('nothing outside src/cli imports from src/cli', () => {
  const offenders = FILES.filter((f) => !f.startsWith('src/cli/')).filter((f) =>
    importsOf(f).some((spec) => spec.startsWith('.') && relative(ROOT, resolve(ROOT, dirname(f), spec)).startsWith('src/cli/')),
  );
  assert.deepEqual(offenders, []);
});

test('src/core imports no I/O, git, glob, process or ESLint', () => {
  const bad: string[] = [];
  for (const file of FILES.filter((f) => f.startsWith('src/core/'))) {
    for (const spec of importsOf(file)) if (!spec.startsWith('.') && !CORE_PACKAGES.has(spec)) bad.push(`${file}: ${spec}`);
    // Code only: rule samples (strings) and comments may mention process.env.
    const text = readFileSync(join(ROOT, file), 'utf8')
      .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''")
      .replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '');
    if (/\bprocess\.[A-Za-z]|\brequire\(/.test(text)) bad.push(`${file}: uses process or require`);
  }
  assert.deepEqual(bad, []);
});

test('the ESLint rules hold no key patterns: they ask the core', () => {
  const withPatterns = FILES.filter((f) => f.startsWith('rules/')).filter((f) =>
    /pc_live_|pc_test_|pc_ops_|\bpk_/.test(readFileSync(join(ROOT, f), 'utf8')),
  );
  assert.deepEqual(withPatterns, []);
});

test('the floor table itself is sound: the detector core is the lowest floor', () => {
  assert.equal(floorOf('src/core/detect.ts')[0], 0);
  assert.throws(() => floorOf('src/nowhere.ts'), /has no floor/);
});
