import { randomBytes } from 'node:crypto';
import rule from '../../rules/no-hardcoded-key.js';
import { base64url, maskSecret } from '../../src/core/index.js';
import { hexSecret, legacyKey, liveKey, opsKey, testKey } from '../helpers/keys.js';
import { remedyInLanguage } from '../../src/report/remedies.js';
import { asEslintRule, jsTester, keyData, tsTester } from './tester.js';

const live = liveKey();
const test = testKey();
const pk = legacyKey();
const ops = opsKey();
const hex = hexSecret();
// Stripe publishable keys share the pk_ prefix; they are not Pinecall keys.
const stripe = 'pk_live_' + base64url(randomBytes(30)).slice(0, 38);
// The first underscore written as an escape: only the cooked string value holds the key.
const escaped = live.replace('_', '\\u005f');
// More than 300 characters of options between `new Pinecall(` and `apiKey`, out of the detector's view.
const filler = Array.from({ length: 12 }, (_, i) => `  option${String(i).padStart(2, '0')}: 'value-value-value',\n`).join('');

const contextData = (secret: string) => ({ ...keyData(secret, 'pinecall-context-secret') });

jsTester.run('no-hardcoded-key (JavaScript)', asEslintRule(rule), {
  valid: [
    'const key = process.env.PINECALL_KEY;',
    "const key = 'pc_live_…';",
    "const key = 'pc_live_xxx';",
    "const client = new Pinecall({ apiKey: 'your-api-key-here' });",
    'const client = new Pinecall({ apiKey: process.env.PINECALL_API_KEY });',
    `const stripe = '${stripe}';`,
    `const id = '${hex}';`,
    `const k = '${live}'; // pinecall-scan:allow`,
    `// eslint-disable-next-line\nconst k = '${live}';`,
    { code: `// old key: ${ops}\nconst x = 1;`, options: [{ checkComments: false }] },
    { code: `/* ${live} */`, options: [{ checkComments: false }] },
    `const client = new OpenAI({ apiKey: '${hex}' });`,
  ],
  invalid: [
    {
      code: `const key = '${live}';`,
      errors: [
        {
          messageId: 'hardcodedKey',
          data: keyData(live),
          line: 1,
          column: 14,
          endLine: 1,
          endColumn: 65,
          suggestions: [
            { messageId: 'useEnvironment', data: { name: 'PINECALL_API_KEY' }, output: 'const key = process.env.PINECALL_API_KEY;' },
          ],
        },
      ],
    },
    {
      // inside a longer string: the span is the key alone; the suggestion keeps the rest
      code: `fetch(url, { headers: { Authorization: 'Bearer ${test}' } });`,
      errors: [
        {
          messageId: 'hardcodedKey',
          data: keyData(test),
          line: 1,
          column: 48,
          endColumn: 99,
          suggestions: [
            {
              messageId: 'useEnvironment',
              data: { name: 'PINECALL_API_KEY' },
              output: 'fetch(url, { headers: { Authorization: `Bearer ${process.env.PINECALL_API_KEY}` } });',
            },
          ],
        },
      ],
    },
    {
      code: `const auth = "it's \`${live}\`";`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 21,
          endColumn: 72,
          suggestions: [{ messageId: 'useEnvironment', output: 'const auth = `it\'s \\`${process.env.PINECALL_API_KEY}\\``;' }],
        },
      ],
    },
    {
      code: 'const h = `${user}:' + live + '@host`;',
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 20,
          endColumn: 71,
          suggestions: [{ messageId: 'useEnvironment', output: 'const h = `${user}:${process.env.PINECALL_API_KEY}@host`;' }],
        },
      ],
    },
    {
      code: `// config\r\nexport default {\r\n  pinecall: { apiKey: "${pk}" },\r\n};\r\n`,
      errors: [
        {
          messageId: 'hardcodedKey',
          data: keyData(pk, 'pinecall-legacy-key'),
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 70,
          suggestions: [
            {
              messageId: 'useEnvironment',
              data: { name: 'PINECALL_API_KEY' },
              output: '// config\r\nexport default {\r\n  pinecall: { apiKey: process.env.PINECALL_API_KEY },\r\n};\r\n',
            },
          ],
        },
      ],
    },
    {
      code: `const operator = '${ops}';`,
      errors: [
        {
          messageId: 'hardcodedKey',
          data: keyData(ops, 'pinecall-ops-key'),
          column: 19,
          endColumn: 74,
          suggestions: [{ messageId: 'useEnvironment', data: { name: 'PINECALL_OPS_KEY' }, output: 'const operator = process.env.PINECALL_OPS_KEY;' }],
        },
      ],
    },
    {
      code: `// old key: ${ops}\nconst x = 1;`,
      errors: [{ messageId: 'hardcodedKey', data: keyData(ops, 'pinecall-ops-key'), line: 1, column: 13, endColumn: 68, suggestions: [] }],
    },
    {
      code: `/*\n * key: ${live}\n */`,
      errors: [{ messageId: 'hardcodedKey', line: 2, column: 9, endLine: 2, endColumn: 60, suggestions: [] }],
    },
    {
      // a key spelled with an escape sequence: the whole literal is reported
      code: `const k = '${escaped}';`,
      errors: [
        {
          messageId: 'hardcodedKey',
          data: keyData(live),
          line: 1,
          column: 11,
          endColumn: 69,
          suggestions: [{ messageId: 'useEnvironment', output: 'const k = process.env.PINECALL_API_KEY;' }],
        },
      ],
    },
    {
      // the detector's context rule: a value bound to apiKey next to Pinecall
      code: `new Pinecall({ apiKey: '${hex}' });`,
      errors: [
        {
          messageId: 'hardcodedKey',
          data: contextData(hex),
          column: 25,
          endColumn: 89,
          suggestions: [{ messageId: 'useEnvironment', data: { name: 'PINECALL_API_KEY' }, output: 'new Pinecall({ apiKey: process.env.PINECALL_API_KEY });' }],
        },
      ],
    },
    {
      // apiKey far from the word Pinecall: only the syntax tree ties it to the client
      code: `const client = new sdk.Pinecall({\n${filler}  apiKey: '${hex}',\n});`,
      errors: [
        {
          messageId: 'hardcodedApiKeyOption',
          data: { masked: maskSecret(hex), remedy: remedyInLanguage('javascript', 'PINECALL_API_KEY') },
          line: 14,
          column: 11,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'useEnvironment',
              data: { name: 'PINECALL_API_KEY' },
              output: `const client = new sdk.Pinecall({\n${filler}  apiKey: process.env.PINECALL_API_KEY,\n});`,
            },
          ],
        },
      ],
    },
    {
      code: `const re = /${live}/;`,
      errors: [{ messageId: 'hardcodedKey', column: 13, endColumn: 64, suggestions: [] }],
    },
    {
      code: `const keys = ['${live}', '${test}'];`,
      errors: [
        { messageId: 'hardcodedKey', data: keyData(live), column: 16, endColumn: 67, suggestions: 1 },
        { messageId: 'hardcodedKey', data: keyData(test), column: 71, endColumn: 122, suggestions: 1 },
      ],
    },
    {
      // property keys are names, not values: reported, but no rewrite
      code: `const seen = { '${live}': true };`,
      errors: [{ messageId: 'hardcodedKey', column: 17, endColumn: 68, suggestions: [] }],
    },
    {
      filename: 'component.jsx',
      code: `const el = <Voice apiKey="${live}" />;`,
      errors: [
        {
          messageId: 'hardcodedKey',
          column: 27,
          endColumn: 78,
          suggestions: [{ messageId: 'useEnvironment', output: 'const el = <Voice apiKey={process.env.PINECALL_API_KEY} />;' }],
        },
      ],
    },
    {
      filename: 'component.jsx',
      code: `const f = <iframe src="https://voice.pinecall.io/listen?token=${live}" />;`,
      errors: [
        {
          messageId: 'hardcodedKey',
          column: 63,
          endColumn: 114,
          suggestions: [
            {
              messageId: 'useEnvironment',
              output: 'const f = <iframe src={`https://voice.pinecall.io/listen?token=${process.env.PINECALL_API_KEY}`} />;',
            },
          ],
        },
      ],
    },
    {
      filename: 'component.jsx',
      code: `const p = <p>${test}</p>;`,
      errors: [
        {
          messageId: 'hardcodedKey',
          data: keyData(test),
          column: 14,
          endColumn: 65,
          suggestions: [{ messageId: 'useEnvironment', output: 'const p = <p>{process.env.PINECALL_API_KEY}</p>;' }],
        },
      ],
    },
  ],
});

tsTester.run('no-hardcoded-key (TypeScript)', asEslintRule(rule), {
  valid: [
    { filename: 'file.ts', code: 'const key: string = process.env.PINECALL_KEY ?? "";' },
    { filename: 'file.ts', code: "type Key = `pc_live_${string}`;" },
    { filename: 'file.tsx', code: 'export const App = () => <Voice apiKey={import.meta.env.PINECALL_KEY} />;' },
  ],
  invalid: [
    {
      filename: 'file.ts',
      code: `const key: string = '${live}';`,
      errors: [
        {
          messageId: 'hardcodedKey',
          data: keyData(live),
          line: 1,
          column: 22,
          endColumn: 73,
          suggestions: [{ messageId: 'useEnvironment', output: "const key: string = process.env.PINECALL_API_KEY ?? (() => { throw new Error('PINECALL_API_KEY is not set'); })();" }],
        },
      ],
    },
    {
      filename: 'file.ts',
      code: `type Key = '${live}';`,
      errors: [{ messageId: 'hardcodedKey', column: 13, endColumn: 64, suggestions: [] }],
    },
    {
      // A template literal type: `${process.env…}` there would be a type query of nothing.
      filename: 'file.ts',
      code: `type Key = \`${live}\`;\ntype Tagged = \`v1:\${string}:${live}\`;`,
      errors: [
        { messageId: 'hardcodedKey', line: 1, column: 13, endColumn: 64, suggestions: [] },
        { messageId: 'hardcodedKey', line: 2, column: 29, endColumn: 80, suggestions: [] },
      ],
    },
    {
      filename: 'file.ts',
      code: `enum Keys {\n  Live = '${live}',\n}`,
      errors: [{ messageId: 'hardcodedKey', line: 2, column: 11, endColumn: 62, suggestions: [] }],
    },
    {
      filename: 'file.ts',
      code: `const client = new Pinecall({ apiKey: '${pk}' as const });`,
      errors: [
        {
          messageId: 'hardcodedKey',
          data: keyData(pk, 'pinecall-legacy-key'),
          column: 40,
          endColumn: 86,
          suggestions: [
            { messageId: 'useEnvironment', output: "const client = new Pinecall({ apiKey: process.env.PINECALL_API_KEY ?? (() => { throw new Error('PINECALL_API_KEY is not set'); })() });" },
          ],
        },
      ],
    },
    {
      filename: 'file.tsx',
      code: `export const App = (): JSX.Element => <Voice token={'${live}'} />;`,
      errors: [
        {
          messageId: 'hardcodedKey',
          column: 54,
          endColumn: 105,
          suggestions: [
            { messageId: 'useEnvironment', output: "export const App = (): JSX.Element => <Voice token={process.env.PINECALL_API_KEY ?? (() => { throw new Error('PINECALL_API_KEY is not set'); })()} />;" },
          ],
        },
      ],
    },
    {
      filename: 'file.tsx',
      code: `const el = <Voice\n  apiKey="${test}"\n/>;`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 2,
          column: 11,
          endColumn: 62,
          suggestions: [{ messageId: 'useEnvironment', output: "const el = <Voice\n  apiKey={process.env.PINECALL_API_KEY ?? (() => { throw new Error('PINECALL_API_KEY is not set'); })()}\n/>;" }],
        },
      ],
    },
  ],
});
