// One environment variable name per key, chosen from the project: the message and the suggestion
// agree, and they name what the project already reads.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import rule from '../../rules/no-hardcoded-key.js';
import { removeDir, tempDir, writeFile } from '../helpers/git.js';
import { liveKey, opsKey } from '../helpers/keys.js';
import { asEslintRule } from './tester.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

function lint(code: string, filename: string): Linter.LintMessage[] {
  const linter = new Linter({ cwd: dirname(filename) });
  const config: Linter.Config[] = [
    {
      files: ['**/*.js', '**/*.ts', '**/*.tsx'],
      plugins: { pinecall: { rules: { 'no-hardcoded-key': asEslintRule(rule) } } },
      rules: { 'pinecall/no-hardcoded-key': ['error', { useProjectConfig: false }] },
      languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
    },
  ];
  return linter.verify(code, config, filename);
}

/** The name in the message's remedy and the one the suggestion inserts. */
function names(message: Linter.LintMessage): { said: string; inserted: string } {
  const said = /process\.env\.([A-Z0-9_]+)/.exec(message.message)?.[1] ?? '';
  const inserted = /process\.env\.([A-Z0-9_]+)/.exec(message.suggestions?.[0]?.fix.text ?? '')?.[1] ?? '';
  return { said, inserted };
}

test('message and suggestion name the same variable: the SDK’s PINECALL_API_KEY by default, for every key kind', () => {
  const [m] = lint(`const k = '${liveKey()}';\n`, '/nowhere/a.js');
  assert.deepEqual(names(m!), { said: 'PINECALL_API_KEY', inserted: 'PINECALL_API_KEY' });
  const [ops] = lint(`const k = '${opsKey()}';\n`, '/nowhere/a.js');
  assert.deepEqual(names(ops!), { said: 'PINECALL_OPS_KEY', inserted: 'PINECALL_OPS_KEY' });
});

test('the variable the file already reads wins (not a browser-public one)', () => {
  const code = `const other = process.env.NEXT_PUBLIC_PINECALL_KEY;\nconst fallback = process.env['PINECALL_SECRET_KEY'];\nconst k = '${liveKey()}';\n`;
  const [m] = lint(code, '/nowhere/a.js');
  assert.deepEqual(names(m!), { said: 'PINECALL_SECRET_KEY', inserted: 'PINECALL_SECRET_KEY' });
});

test('else a name a .env* file of the project holds (a template counts), nearest directory first', () => {
  const root = tempDir('pcscan-envname-');
  dirs.push(root);
  writeFile(root, 'package.json', '{"name":"app"}\n');
  writeFile(root, '.env.example', 'PINECALL_VOICE_KEY=\nPINECALL_OPS_TOKEN=\nNEXT_PUBLIC_PINECALL_KEY=\n');
  mkdirSync(join(root, 'src'));
  const file = join(root, 'src', 'client.ts');
  const [m] = lint(`export const k: string = '${liveKey()}';\n`, file);
  assert.deepEqual(names(m!), { said: 'PINECALL_VOICE_KEY', inserted: 'PINECALL_VOICE_KEY' });
  const [ops] = lint(`export const k: string = '${opsKey()}';\n`, file);
  assert.deepEqual(names(ops!), { said: 'PINECALL_OPS_TOKEN', inserted: 'PINECALL_OPS_TOKEN' });
});
