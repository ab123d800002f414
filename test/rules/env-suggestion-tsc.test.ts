// The TypeScript suggestion compiles under the real `tsc --strict` where the key initialised a
// `string`, and a missing variable fails loudly at run time instead of becoming "" or undefined.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import rule from '../../rules/no-hardcoded-key.js';
import { removeDir, tempDir, writeFile } from '../helpers/git.js';
import { legacyKey, liveKey } from '../helpers/keys.js';
import { asEslintRule } from './tester.js';

const require = createRequire(import.meta.url);
const TSC = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

/** The file with every report's first suggestion applied, as an editor would. */
function fixed(code: string, filename: string): string {
  const linter = new Linter({ cwd: dirname(filename) });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        plugins: { pinecall: { rules: { 'no-hardcoded-key': asEslintRule(rule) } } },
        rules: { 'pinecall/no-hardcoded-key': ['error', { useProjectConfig: false }] },
        languageOptions: { parser: tsParser },
      },
    ],
    filename,
  );
  const fixes = messages.map((m) => m.suggestions?.[0]?.fix).filter((f) => f !== undefined);
  assert.ok(fixes.length > 0, JSON.stringify(messages));
  let out = code;
  for (const fix of fixes.sort((a, b) => b.range[0] - a.range[0])) out = out.slice(0, fix.range[0]) + fix.text + out.slice(fix.range[1]);
  return out;
}

test('suggested code type-checks with tsc --strict and throws when the variable is missing', () => {
  const dir = tempDir('pcscan-tsc-');
  dirs.push(dir);
  const file = join(dir, 'app.ts');
  const code = [
    'declare class Pinecall { constructor(options: { apiKey: string }); }',
    'function connect(key: string): string { return key.slice(0, 3); }',
    `const key: string = '${liveKey()}';`,
    `export const client = new Pinecall({ apiKey: '${legacyKey()}' as const });`,
    `export const header: string = \`Bearer ${liveKey()}\`;`,
    `export const short = connect('${liveKey()}') + key;`,
    '',
  ].join('\n');
  const out = fixed(code, file);
  assert.ok(!/pc_live_|pk_/.test(out), out);
  writeFile(dir, 'app.ts', out);
  // --skipLibCheck: the file under test is checked in full; checking @types/node's own declarations
  // again (as the project's tsconfig also skips) cost ~5 s of CPU. The JavaScript tsc emits is what runs.
  const typeRoots = join(dirname(require.resolve('@types/node/package.json')), '..');
  const tsc = spawnSync(process.execPath, [TSC, '--strict', '--skipLibCheck', '--types', 'node', '--typeRoots', typeRoots, '--target', 'es2022', '--module', 'nodenext', '--outDir', join(dir, 'out'), file], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}\n${out}`);

  const env = { ...process.env };
  delete env.PINECALL_API_KEY;
  const missing = spawnSync(process.execPath, [join(dir, 'out', 'app.js')], { encoding: 'utf8', env });
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /PINECALL_API_KEY is not set/);
});
