// Keys shipped to browsers: built client bundles and source maps, through the built CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from '@jridgewell/sourcemap-codec';
import { runCli } from '../../helpers/cli.js';
import { writeFile, withTempDir } from '../../helpers/git.js';
import { liveKey } from '../../helpers/keys.js';

const ADVICE = 'This key is downloaded by every visitor of the site: rotate it now; call Pinecall from the server.';

const withDir = (body: (dir: string) => Promise<void>): Promise<void> => withTempDir('pcscan-bundles-', body);

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  exposure?: string;
  original?: { file: string; line: number; column: number };
}

/** A Vite-like build: a minified bundle whose map says the key came from src/lib/pinecall.ts line 3. */
function viteBuild(dir: string, key: string): { bundleColumn: number } {
  const original = `import { Pinecall } from '@pinecall/sdk';\n\nconst apiKey = import.meta.env.VITE_PINECALL_KEY;\nexport const client = new Pinecall({ apiKey });\n`;
  const bundle = `const a="${key}";export const c=new P({apiKey:a});`;
  const keyColumn = bundle.indexOf(key); // 0-based
  // Generated line 1: column 0 → source 0 line 0; the key's column → source 0, line 2 (0-based), column 15.
  const mappings = encode([[[0, 0, 0, 0], [keyColumn, 0, 2, 15], [keyColumn + key.length + 2, 0, 3, 0]]]);
  const map = { version: 3, file: 'index-4b8c.js', sources: ['../../src/lib/pinecall.ts'], sourcesContent: [original], names: [], mappings };
  writeFile(dir, 'dist/assets/index-4b8c.js', `${bundle}\n//# sourceMappingURL=index-4b8c.js.map\n`);
  writeFile(dir, 'dist/assets/index-4b8c.js.map', JSON.stringify(map));
  return { bundleColumn: keyColumn + 1 };
}

test('a key in a built bundle is exposure "client", reported first with the rotate-now advice, and mapped to its original source', () =>
  withDir(async (dir) => {
    const key = liveKey();
    const { bundleColumn } = viteBuild(dir, key);
    writeFile(dir, 'scripts/seed.ts', `const k = "${liveKey()}";\n`);
    const json = await runCli(['--format', 'json', 'dist', 'scripts'], { cwd: dir });
    assert.equal(json.code, 1, json.stderr);
    const findings = JSON.parse(json.stdout).findings as JsonFinding[];
    assert.deepEqual(
      findings.map((f) => [f.file, f.line, f.column, f.exposure, f.original && `${f.original.file}:${f.original.line}:${f.original.column}`]),
      [
        ['dist/assets/index-4b8c.js', 1, bundleColumn, 'client', 'src/lib/pinecall.ts:3:16'],
        ['scripts/seed.ts', 1, 12, undefined, undefined],
      ],
    );

    const text = await runCli(['dist', 'scripts'], { cwd: dir });
    assert.ok(text.stdout.indexOf('dist/assets/index-4b8c.js') < text.stdout.indexOf('scripts/seed.ts'), text.stdout);
    assert.ok(text.stdout.includes('browser-exposed'));
    assert.ok(text.stdout.includes(ADVICE), text.stdout);
    assert.ok(text.stdout.includes('original source: src/lib/pinecall.ts:3:16'), text.stdout);
    assert.ok(!text.stdout.includes(key));
  }));

test("a key in a source map's sourcesContent is reported at the map and at the original source line", () =>
  withDir(async (dir) => {
    const key = liveKey();
    const source = `// settings\n\nexport const PINECALL_API_KEY = "${key}";\n`;
    const map = { version: 3, sources: ['webpack://shop/./src/config.ts'], sourcesContent: [source], names: [], mappings: 'AAAA' };
    writeFile(dir, '.next/static/chunks/app.js.map', JSON.stringify(map));
    const json = await runCli(['--format', 'json', '.next'], { cwd: dir });
    assert.equal(json.code, 1, json.stderr);
    const [f] = JSON.parse(json.stdout).findings as JsonFinding[];
    assert.equal(f!.file, '.next/static/chunks/app.js.map');
    assert.equal(f!.exposure, 'client');
    assert.deepEqual(f!.original, { file: 'src/config.ts', line: 3, column: 34 });
  }));

test('a script outside known build folders is client-served when it names a source map; server output is not', () =>
  withDir(async (dir) => {
    writeFile(dir, 'static/widget.min.js', `var k="${liveKey()}";\n//# sourceMappingURL=widget.min.js.map\n`);
    writeFile(dir, '.next/server/app/page.js', `const k = "${liveKey()}";\n`);
    const findings = JSON.parse((await runCli(['--format', 'json', '--no-ignore'], { cwd: dir })).stdout).findings as JsonFinding[];
    assert.deepEqual(findings.map((f) => [f.file, f.exposure]), [
      ['static/widget.min.js', 'client'],
      ['.next/server/app/page.js', undefined],
    ]);
  }));

test('--build DIR (or naming the folder) scans git-ignored build output; a default scan leaves it out', () =>
  withDir(async (dir) => {
    const key = liveKey();
    writeFile(dir, '.gitignore', '.next/\nnode_modules/\n');
    writeFile(dir, 'app/page.tsx', 'export default function Page() { return null; }\n');
    writeFile(dir, '.next/static/chunks/app/page-9f3e.js', `(self.webpackChunk=self.webpackChunk||[]).push([[1],{5:(e)=>{e.exports="${key}"}}]);\n`);
    writeFile(dir, '.next/standalone/node_modules/dep/index.js', `module.exports = "${liveKey()}";\n`);
    const plain = await runCli(['--format', 'json'], { cwd: dir });
    assert.equal(plain.code, 0, plain.stdout);
    for (const args of [['--build', '.next'], ['.next']]) {
      const r = await runCli(['--format', 'json', ...args], { cwd: dir });
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      const findings = JSON.parse(r.stdout).findings as JsonFinding[];
      assert.deepEqual(findings.map((f) => [f.file, f.exposure]), [['.next/static/chunks/app/page-9f3e.js', 'client']], args.join(' '));
    }
    const both = await runCli(['--format', 'json', '--build', '.next', '--', 'app'], { cwd: dir });
    assert.equal(JSON.parse(both.stdout).findings.length, 1);
    const bad = await runCli(['--staged', '--build', '.next'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--build cannot be combined with --staged/);
  }));
