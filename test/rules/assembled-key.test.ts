// Keys assembled in code (issue 13 item 8): ESLint's static evaluation (getStaticValue) computes
// `"pc_live_" + body`, all-constant template literals and `const` parts joined in the same file, and
// no-hardcoded-key reports the key at the whole expression.
import rule from '../../rules/no-hardcoded-key.js';
import { maskSecret } from '../../src/core/index.js';
import { remedyInLanguage } from '../../src/report/remedies.js';
import { hexSecret, legacyKey, liveKey, testKey } from '../helpers/keys.js';
import { asEslintRule, jsTester, keyData, tsTester } from './tester.js';

const live = liveKey();
const test = testKey();
const pk = legacyKey();
const hex = hexSecret();
const body = live.slice('pc_live_'.length);
const [head, tail] = [body.slice(0, 20), body.slice(20)];
const env = (name: string, output: string) => [{ messageId: 'useEnvironment', data: { name }, output }];

jsTester.run('no-hardcoded-key: keys assembled in code', asEslintRule(rule), {
  valid: [
    // Parts that are not constant: nothing to compute.
    `const key = 'pc_live_' + process.env.BODY;`,
    `const key = \`pc_live_\${readBody()}\`;`,
    `let prefix = 'pc_live_'; prefix = other; const key = prefix + '${body}';`,
    // A computed string that is not a key.
    `const url = 'https://api.pinecall.io/' + 'v1/' + \`agents\`;`,
    `const k = 'pc_live_' + '${body.slice(0, 42)}';`,
    // Allowed on its line.
    `const key = 'pc_live_' + '${body}'; // pinecall-scan:allow`,
  ],
  invalid: [
    {
      code: `const key = 'pc_live_' + '${body}';`,
      errors: [
        {
          messageId: 'hardcodedKey',
          data: keyData(live),
          line: 1,
          column: 13,
          endColumn: 13 + `'pc_live_' + '${body}'`.length,
          suggestions: env('PINECALL_API_KEY', 'const key = process.env.PINECALL_API_KEY;'),
        },
      ],
    },
    {
      code: `const key = 'pc_' + 'live_' + '${head}' + "${tail}";`,
      errors: [{ messageId: 'hardcodedKey', data: keyData(live), column: 13, suggestions: 1 }],
    },
    {
      // A const prefix joined with a literal in the same file.
      code: `const PREFIX = 'pc_test_';\nexport const key = PREFIX + '${test.slice(8)}';`,
      errors: [{ messageId: 'hardcodedKey', data: keyData(test), line: 2, column: 20, suggestions: 1 }],
    },
    {
      // A template literal whose parts are all constant.
      code: `const BODY = '${body}';\nconst key = \`pc_live_\${BODY}\`;`,
      errors: [{ messageId: 'hardcodedKey', data: keyData(live), line: 2, column: 13, suggestions: 1 }],
    },
    {
      // Inside a longer string: reported at the expression, no rewrite.
      code: `const P = 'pc_live_';\nfetch(u, { headers: { Authorization: \`Bearer \${P}${body}\` } });`,
      errors: [{ messageId: 'hardcodedKey', data: keyData(live), line: 2, suggestions: [] }],
    },
    {
      code: `const key = 'pk_' + '${pk.slice(3)}';`,
      errors: [{ messageId: 'hardcodedKey', data: keyData(pk, 'pinecall-legacy-key'), column: 13, suggestions: 1 }],
    },
    {
      // The apiKey of new Pinecall() assembled from parts: reported once, as the key it is.
      code: `const client = new Pinecall({ apiKey: 'pc_live_' + '${body}' });`,
      errors: [{ messageId: 'hardcodedKey', data: keyData(live), column: 39, suggestions: 1 }],
    },
    {
      // A secret of no known shape assembled for new Pinecall(): the apiKey rule sees the computed value.
      code: `const client = new Pinecall({\n${'  // option\n'.repeat(40)}  apiKey: '${hex.slice(0, 32)}' + '${hex.slice(32)}',\n});`,
      errors: [
        {
          messageId: 'hardcodedApiKeyOption',
          data: { masked: maskSecret(hex), remedy: remedyInLanguage('javascript', 'PINECALL_API_KEY') },
          line: 42,
          suggestions: 1,
        },
      ],
    },
  ],
});

tsTester.run('no-hardcoded-key: keys assembled in TypeScript', asEslintRule(rule), {
  valid: [{ code: `const key: string = 'pc_live_' + (globalThis as any).body;`, filename: 'a.ts' }],
  invalid: [
    {
      code: `const PREFIX = 'pc_live_' as const;\nexport const key: string = \`\${PREFIX}${body}\`;`,
      filename: 'a.ts',
      errors: [{ messageId: 'hardcodedKey', data: keyData(live), line: 2, column: 28, suggestions: 1 }],
    },
  ],
});
