import { defineConfig } from 'tsup';

// One build, two module systems: legacy ESLint (.eslintrc) loads plugins with require().
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'cli/bin': 'src/cli/bin.ts',
    'eslint-plugin': 'rules/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', 'eslint-plugin': 'rules/index.ts' } },
  target: 'node20',
  platform: 'node',
  splitting: true,
  sourcemap: false,
  clean: false,
  shims: true,
});
