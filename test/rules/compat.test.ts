// The same rules, unchanged, on ESLint 8.57 (eslintrc Linter), 9 and 10 (flat Linter): identical
// reports, spans and suggestions for JS and TSX.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import tsParser from '@typescript-eslint/parser';
import plugin from '../../rules/plugin/index.js';
import { liveKey, pinecallSample } from './samples.js';

const require = createRequire(import.meta.url);

interface Message {
  ruleId: string | null;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  suggestions?: { fix: { range: [number, number]; text: string } }[];
}
interface FlatLinter {
  verify(code: string, config: unknown[], filename: string): Message[];
}
interface LegacyLinter {
  defineRule(name: string, rule: unknown): void;
  defineParser(name: string, parser: unknown): void;
  verify(code: string, config: unknown, filename: string): Message[];
}

const key = liveKey();
const cases = [
  { filename: 'src/app.js', code: pinecallSample(key) },
  { filename: 'src/App.tsx', code: `export const App = (): JSX.Element => <Voice apiKey="${key}" token={process.env.NEXT_PUBLIC_PINECALL_KEY} />;\n` },
  // Keys assembled from constant parts, computed by ESLint's static evaluation.
  { filename: 'src/assembled.js', code: `const P = 'pc_live_';\nexport const a = P + '${key.slice(8)}';\nexport const b = \`\${P}${key.slice(8)}\`;\n` },
];
const jsx = { ecmaFeatures: { jsx: true } };
const rules = plugin.configs['legacy-recommended'].rules;

function summary(messages: Message[]): string {
  assert.ok(!JSON.stringify(messages).includes(key), 'the full key never appears in a message');
  return JSON.stringify(
    messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn, m.message, m.suggestions?.map((s) => s.fix)]),
  );
}

function flat(pkg: 'eslint' | 'eslint9', c: (typeof cases)[number]): string {
  const { Linter } = require(pkg) as { Linter: new (o?: object) => FlatLinter };
  const ts = c.filename.endsWith('.tsx') ? { parser: tsParser } : {};
  const config = [{ files: ['**/*.js', '**/*.tsx'] }, plugin.configs.recommended, { languageOptions: { ...ts, parserOptions: jsx } }];
  return summary(new Linter({ configType: 'flat' }).verify(c.code, config, c.filename));
}

function legacy(c: (typeof cases)[number]): string {
  const { Linter } = require('eslint8') as { Linter: new (o?: object) => LegacyLinter };
  const linter = new Linter({ configType: 'eslintrc' });
  for (const [name, rule] of Object.entries(plugin.rules)) linter.defineRule(`pinecall/${name}`, rule);
  linter.defineParser('ts', tsParser);
  const ts = c.filename.endsWith('.tsx') ? { parser: 'ts' } : {};
  return summary(linter.verify(c.code, { ...ts, parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ...jsx }, rules }, c.filename));
}

for (const c of cases) {
  test(`${c.filename}: ESLint 8.57, 9 and 10 report the same`, () => {
    const ten = flat('eslint', c);
    assert.ok(JSON.parse(ten).length >= 2, ten);
    assert.equal(flat('eslint9', c), ten, 'ESLint 9');
    assert.equal(legacy(c), ten, 'ESLint 8.57');
  });
}
