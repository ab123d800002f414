// Compiles the tests once, with esbuild, so each test process starts as plain JavaScript: under
// `--import tsx` every one of ~80 processes started tsx's loader thread and resolved and transformed
// its imports again (about 0.25 s of CPU per file, ~20 s a run on two cores). Each unit of the run
// (one test file, or a group of unit-test files run in one process: see run-tests.mjs) is an entry
// point; the project's own modules are bundled (shared chunks), packages stay external (resolved from
// the project's node_modules, as before). Source maps point failures at the .ts lines.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `import.meta` of a bundled module would be the bundle's, in the cache directory. Tests and sources
 * find files next to themselves (dist/, fixtures, package.json, the reader thread's script), so each
 * module gets its own source file's `url`, `filename` and `dirname`. The declaration goes on the first
 * line (after a #! line), so line numbers stay as they are.
 */
const ownImportMeta = {
  name: 'own-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
      if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const meta = { url: pathToFileURL(args.path).href, filename: args.path, dirname: dirname(args.path) };
      const at = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
      const declaration = `const __pcs_import_meta = ${JSON.stringify(meta)}; `;
      return { contents: text.slice(0, at) + declaration + text.slice(at), loader: /\.[cm]?tsx?$/.test(args.path) ? 'ts' : 'js' };
    });
  },
};

/** A group's entry: its test files imported in order, so they register their tests as if run one by one. */
const groups = (units) => ({
  name: 'test-groups',
  setup(b) {
    b.onResolve({ filter: /^test-group:/ }, (args) => ({ path: args.path, namespace: 'test-group' }));
    b.onLoad({ filter: /.*/, namespace: 'test-group' }, (args) => {
      const unit = units.find((u) => `test-group:${u.name}` === args.path);
      return { contents: unit.files.map((f) => `import ${JSON.stringify(`./${f}`)};\n`).join(''), loader: 'js', resolveDir: b.initialOptions.absWorkingDir };
    });
  },
});

/**
 * Builds each unit (`{ name, files }`, paths relative to `root`; a unit of one file is that file) into
 * `outdir`; returns the built entry of each, in order. The out directory must sit inside the project
 * (node_modules/.cache/…) so that packages resolve from the project's node_modules.
 */
export async function buildTests(root, units, outdir) {
  mkdirSync(outdir, { recursive: true });
  // Below node_modules no package.json of the project applies: say that these files are ES modules.
  writeFileSync(join(outdir, 'package.json'), '{ "type": "module" }\n');
  await build({
    absWorkingDir: root,
    entryPoints: units.map((u) => (u.files.length === 1 ? { in: u.files[0], out: u.name } : { in: `test-group:${u.name}`, out: u.name })),
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    define: { 'import.meta': '__pcs_import_meta' },
    plugins: [ownImportMeta, groups(units)],
    logLevel: 'warning',
  });
  return units.map((u) => join(outdir, `${u.name}.mjs`));
}
