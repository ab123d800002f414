import { defineConfig } from 'tsup';

// One build, two module systems: legacy ESLint (.eslintrc) loads plugins with require().
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'cli/bin': 'src/cli/bin.ts',
    'eslint-plugin': 'rules/plugin/index.ts',
    // The files source's reader thread, loaded by path (new Worker), so it is an entry of its own.
    'scan-worker': 'src/sources/scan-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', 'eslint-plugin': 'rules/plugin/index.ts' } },
  target: 'node20',
  platform: 'node',
  splitting: true,
  sourcemap: false,
  clean: true,
  shims: true,
  // A default-only entry (the ESLint plugin) becomes `module.exports = plugin` in CJS, as .eslintrc's
  // require() expects; entries with named exports are unchanged.
  cjsInterop: true,
  // The rules need only RuleCreator from @typescript-eslint/utils; bundling that small, dependency-free
  // part keeps its peers (eslint, typescript) out of a CLI-only install.
  noExternal: ['@typescript-eslint/utils'],
});
