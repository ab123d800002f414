// Reviewable output: each report printed under its source line with a caret under the span, so a
// wrong span or a false positive is obvious in review. The key is shown as bullets: this file must
// never hold a key-shaped string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Linter } from 'eslint';
import plugin from '../../rules/plugin/index.js';
import { makeKey } from '../../src/core/index.js';
import { cleanSample, pinecallSample } from './samples.js';

// Fixed bytes, so the masked key in the expected text is stable.
const key = makeKey('pc_live_', Uint8Array.from({ length: 32 }, (_, i) => (i * 167 + 41) % 256));
const hidden = key.slice(0, 8) + '•'.repeat(key.length - 8);

function render(code: string, filename: string): string {
  const config: Linter.Config[] = [{ files: ['**/*.js', '**/*.jsx'] }, plugin.configs.recommended as Linter.Config, { languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } }];
  const lines = code.split('\n').map((l) => l.split(key).join(hidden));
  const out = new Linter().verify(code, config, filename).map((m) => {
    const width = (m.endLine === m.line ? (m.endColumn ?? m.column + 1) : lines[m.line - 1]!.length + 1) - m.column;
    return [
      `${filename}:${m.line}:${m.column}  ${m.ruleId}`,
      `  ${lines[m.line - 1]}`,
      `  ${' '.repeat(m.column - 1)}${'^'.repeat(Math.max(1, width))}`,
      `  ${m.message.split(key).join('<KEY IN CLEAR>')}`,
      ...(m.suggestions ?? []).map((s) => `  suggestion: ${s.desc} → ${s.fix.text}`),
    ].join('\n');
  });
  return out.join('\n\n') + '\n';
}

test('a module with a key in a comment, a constructor option, a URL template and a public env name', () => {
  assert.equal(render(pinecallSample(key), 'src/app.js'), EXPECTED_APP);
});

test('JSX: a key inside a longer attribute and as text', () => {
  const code = [
    'export const Listen = () => (',
    '  <p>',
    `    <iframe title="live" src="https://voice.pinecall.io/listen?token=${key}" />`,
    `    Your key: ${key}`,
    '  </p>',
    ');',
    '',
  ].join('\n');
  assert.equal(render(code, 'src/Listen.jsx'), EXPECTED_JSX);
});

test('the clean module has no report', () => {
  assert.equal(render(cleanSample, 'src/app.js'), '\n');
});

const EXPECTED_APP = `src/app.js:3:23  pinecall/no-hardcoded-key
  // rotated last week: pc_live_•••••••••••••••••••••••••••••••••••••••••••
                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  Pinecall API key pc_live_Kd…(51) (a production key) is hard-coded; anyone who can read this code can use it. Move the key to an environment variable (read process.env.PINECALL_API_KEY, with the value in a .env listed in .gitignore or in your host's secret store) and rotate it in the Pinecall dashboard.

src/app.js:4:40  pinecall/no-hardcoded-key
  const client = new Pinecall({ apiKey: 'pc_live_•••••••••••••••••••••••••••••••••••••••••••' });
                                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  Pinecall API key pc_live_Kd…(51) (a production key) is hard-coded; anyone who can read this code can use it. Move the key to an environment variable (read process.env.PINECALL_API_KEY, with the value in a .env listed in .gitignore or in your host's secret store) and rotate it in the Pinecall dashboard.
  suggestion: Read the key from process.env.PINECALL_API_KEY instead. → process.env.PINECALL_API_KEY

src/app.js:5:79  pinecall/no-hardcoded-key
  export const listenUrl = \`wss://voice.pinecall.io/listen?call=\${callId}&token=pc_live_•••••••••••••••••••••••••••••••••••••••••••\`;
                                                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  Pinecall API key pc_live_Kd…(51) (a production key) is hard-coded; anyone who can read this code can use it. Move the key to an environment variable (read process.env.PINECALL_API_KEY, with the value in a .env listed in .gitignore or in your host's secret store) and rotate it in the Pinecall dashboard.
  suggestion: Read the key from process.env.PINECALL_API_KEY instead. → \${process.env.PINECALL_API_KEY}

src/app.js:6:39  pinecall/no-client-exposed-key
  export const browserKey = process.env.NEXT_PUBLIC_PINECALL_API_KEY;
                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  NEXT_PUBLIC_PINECALL_API_KEY is inlined into browser code by Next.js (the NEXT_PUBLIC_ prefix), so every visitor can read this Pinecall secret; Pinecall keys must never be in client-side code. Keep the key on a server under a name without a public prefix, and have the browser fetch a short-lived token from your backend.
`;
const EXPECTED_JSX = `src/Listen.jsx:3:70  pinecall/no-hardcoded-key
      <iframe title="live" src="https://voice.pinecall.io/listen?token=pc_live_•••••••••••••••••••••••••••••••••••••••••••" />
                                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  Pinecall API key pc_live_Kd…(51) (a production key) is hard-coded; anyone who can read this code can use it. Move the key to an environment variable (read process.env.PINECALL_API_KEY, with the value in a .env listed in .gitignore or in your host's secret store) and rotate it in the Pinecall dashboard.
  suggestion: Read the key from process.env.PINECALL_API_KEY instead. → {\`https://voice.pinecall.io/listen?token=\${process.env.PINECALL_API_KEY}\`}

src/Listen.jsx:4:15  pinecall/no-hardcoded-key
      Your key: pc_live_•••••••••••••••••••••••••••••••••••••••••••
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  Pinecall API key pc_live_Kd…(51) (a production key) is hard-coded; anyone who can read this code can use it. Move the key to an environment variable (read process.env.PINECALL_API_KEY, with the value in a .env listed in .gitignore or in your host's secret store) and rotate it in the Pinecall dashboard.
  suggestion: Read the key from process.env.PINECALL_API_KEY instead. → {process.env.PINECALL_API_KEY}
`;
