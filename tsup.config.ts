import path from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

// What the hook's command lines (leanStagedOptions in src/cli/staged-argv.ts: --staged, --hook,
// --quiet) can never reach: the other sources, verification, baselines and the other report formats.
// They are left out of the hook's file; importing one there fails loudly instead of loading it.
const NOT_IN_HOOK = [
  'src/sources/files.ts',
  'src/sources/git-history.ts',
  'src/sources/stdin.ts',
  'src/verify/index.ts',
  'src/config/baseline.ts',
  'src/cli/baseline-modes.ts',
  'src/report/json.ts',
  'src/report/sarif.ts',
  'src/report/github.ts',
].map((file) => path.resolve(file));

const leaveOutOfHook: Plugin = {
  name: 'leave-out-of-hook',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = path.resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      return NOT_IN_HOOK.includes(target) ? { path: target, namespace: 'not-in-hook' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'not-in-hook' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${path.relative('.', args.path)} is not part of the pre-commit hook's build`)});`,
      loader: 'js',
    }));
  },
};

// One build, two module systems: legacy ESLint (.eslintrc) loads plugins with require().
export default defineConfig([{
  entry: {
    index: 'src/index.ts',
    'cli/bin': 'src/cli/bin.ts',
    'eslint-plugin': 'rules/plugin/index.ts',
    // The files source's reader thread, loaded by path (new Worker), so it is an entry of its own.
    'scan-worker': 'src/sources/scan-worker.ts',
    // A whole-history scan's thread (src/cli/scan-thread.ts), also loaded by path.
    'cli/scan-thread-main': 'src/cli/scan-thread-main.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', 'eslint-plugin': 'rules/plugin/index.ts' } },
  target: 'node20',
  platform: 'node',
  splitting: true,
  sourcemap: false,
  // dist/hook/ is the other build's output, written concurrently: not this one's to remove.
  clean: ['!hook', '!hook/**'],
  shims: true,
  // A default-only entry (the ESLint plugin) becomes `module.exports = plugin` in CJS, as .eslintrc's
  // require() expects; entries with named exports are unchanged.
  cjsInterop: true,
  // Third-party code is bundled (all but ESLint and TypeScript, the plugin's peers): resolving bare
  // specifiers and lexing CommonJS packages for ES imports cost about a third of every CLI start, which
  // every hook run and CI step pays. Their licences are collected into dist/THIRD-PARTY-NOTICES.md by
  // scripts/third-party-notices.mjs from the build's metafile.
  noExternal: [/^(?!eslint$|typescript$)/],
  metafile: true,
  // Bundled CommonJS packages require() Node built-ins; an ES module has no `require` of its own.
  banner: ({ format }) =>
    format === 'esm' ? { js: "import { createRequire as __pcsCreateRequire } from 'node:module'; const require = __pcsCreateRequire(import.meta.url);" } : {},
},
{
  // The pre-commit hook's lean entry (src/cli/staged-main.ts), a build of its own in dist/hook/: what a
  // staged scan always needs is one file; what it may need (config loader, archives, remedies) are
  // chunks it imports on demand, and nothing of the rest of the CLI is there. bin.ts imports it for
  // `--staged [--hook] [--quiet]`.
  entry: { 'staged-main': 'src/cli/staged-main.ts' },
  outDir: 'dist/hook',
  // CommonJS: its require() of a built-in loads only that module, where an ES import builds the whole
  // namespace (and loads fs/promises, readline, webcrypto, perf_hooks… with it).
  format: ['cjs'],
  target: 'node20',
  platform: 'node',
  splitting: false,
  sourcemap: false,
  clean: true,
  shims: true,
  esbuildPlugins: [leaveOutOfHook],
  // Bytes parsed at every commit: no whitespace (identifiers kept, errors carry their class names).
  minifyWhitespace: true,
  minifySyntax: true,
}]);
