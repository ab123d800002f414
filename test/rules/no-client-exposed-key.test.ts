import rule from '../../rules/no-client-exposed-key.js';
import { asEslintRule, jsTester, tsTester } from './tester.js';

const exposed = (name: string, tool: string, prefix: string, column: number, line = 1) => ({
  messageId: 'clientExposedKey' as const,
  data: { name, tool, prefix },
  line,
  column,
  endColumn: column + name.length,
});

jsTester.run('no-client-exposed-key (JavaScript)', asEslintRule(rule), {
  valid: [
    'const key = process.env.PINECALL_API_KEY;',
    'const id = process.env.NEXT_PUBLIC_PINECALL_KEY_ID;',
    'const url = import.meta.env.VITE_PINECALL_URL;',
    'const key = process.env.NEXT_PUBLIC_STRIPE_KEY;',
    'const key = config.env.NEXT_PUBLIC_PINECALL_KEY;',
    'const key = env.VITE_PINECALL_KEY;',
    'const key = process.env[name];',
    'const { PINECALL_KEY } = process.env;',
    'const { NEXT_PUBLIC_PINECALL_KEY } = settings;',
    "const names = ['NEXT_PUBLIC_PINECALL_KEY'];",
    { code: 'const key = process.env.APP_PINECALL_KEY;', options: [{ additionalPrefixes: ['WEB_'] }] },
  ],
  invalid: [
    {
      code: 'const key = process.env.NEXT_PUBLIC_PINECALL_API_KEY;',
      errors: [exposed('NEXT_PUBLIC_PINECALL_API_KEY', 'Next.js', 'NEXT_PUBLIC_', 25)],
    },
    {
      code: "const key = process.env['REACT_APP_PINECALL_KEY'];",
      errors: [{ ...exposed('REACT_APP_PINECALL_KEY', 'Create React App', 'REACT_APP_', 25), endColumn: 49 }],
    },
    {
      code: 'const key = process.env[`GATSBY_PINECALL_TOKEN`];',
      errors: [{ ...exposed('GATSBY_PINECALL_TOKEN', 'Gatsby', 'GATSBY_', 25), endColumn: 48 }],
    },
    {
      code: 'const key = process.env?.EXPO_PUBLIC_PINECALL_KEY;',
      errors: [exposed('EXPO_PUBLIC_PINECALL_KEY', 'Expo', 'EXPO_PUBLIC_', 26)],
    },
    {
      code: 'const key = import.meta.env.VITE_PINECALL_KEY;',
      errors: [exposed('VITE_PINECALL_KEY', 'Vite', 'VITE_', 29)],
    },
    {
      code: "const key = import.meta.env['PUBLIC_PINECALL_SECRET'];",
      errors: [{ ...exposed('PUBLIC_PINECALL_SECRET', 'SvelteKit and Astro', 'PUBLIC_', 29), endColumn: 53 }],
    },
    {
      code: 'const {\n  NUXT_PUBLIC_PINECALL_API_KEY,\n  STORYBOOK_PINECALL_KEY: key = "",\n  HOME,\n} = process.env;',
      errors: [
        exposed('NUXT_PUBLIC_PINECALL_API_KEY', 'Nuxt', 'NUXT_PUBLIC_', 3, 2),
        exposed('STORYBOOK_PINECALL_KEY', 'Storybook', 'STORYBOOK_', 3, 3),
      ],
    },
    {
      code: 'let key;\n({ VITE_PINECALL_TOKEN: key } = import.meta.env);',
      errors: [exposed('VITE_PINECALL_TOKEN', 'Vite', 'VITE_', 4, 2)],
    },
    {
      code: 'function connect({ NEXT_PUBLIC_PINECALL_KEY } = process.env) {}',
      errors: [exposed('NEXT_PUBLIC_PINECALL_KEY', 'Next.js', 'NEXT_PUBLIC_', 20)],
    },
    {
      code: 'const key = process.env.WEB_PINECALL_KEY;',
      options: [{ additionalPrefixes: ['WEB_'] }],
      errors: [exposed('WEB_PINECALL_KEY', 'your bundler (configured prefix)', 'WEB_', 25)],
    },
  ],
});

tsTester.run('no-client-exposed-key (TypeScript)', asEslintRule(rule), {
  valid: [{ filename: 'file.ts', code: 'declare const env: { VITE_PINECALL_KEY: string };' }],
  invalid: [
    {
      filename: 'file.ts',
      code: 'const key: string = process.env.NEXT_PUBLIC_PINECALL_KEY!;',
      errors: [exposed('NEXT_PUBLIC_PINECALL_KEY', 'Next.js', 'NEXT_PUBLIC_', 33)],
    },
    {
      filename: 'file.tsx',
      code: 'export const Call = () => <Voice token={import.meta.env.VITE_PINECALL_API_KEY as string} />;',
      errors: [exposed('VITE_PINECALL_API_KEY', 'Vite', 'VITE_', 57)],
    },
  ],
});
