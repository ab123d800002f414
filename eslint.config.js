// The project's own lint: ESLint's and typescript-eslint's recommended rules on the code and — eating
// our own cooking — this package's ESLint plugin, loaded from the build (npm test builds first).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pinecall from './dist/eslint-plugin.js';

// The Node globals our plain-JS scripts use (TypeScript files get them from @types/node).
const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'performance', 'setTimeout', 'clearTimeout'].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'fixtures/', 'packages/*/index.*', '**/*.generated.*', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  pinecall.configs.recommended,
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: NODE_GLOBALS } },
  {
    rules: {
      // `_`-prefixed names mark deliberately unused parameters and bindings.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  // Tests assert on terminal escapes and control characters on purpose.
  { files: ['test/**'], rules: { 'no-control-regex': 'off' } },
);
