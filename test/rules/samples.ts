// Realistic files holding a synthetic key, shared by the compatibility, snapshot and integration tests.
export { liveKey, testKey } from '../helpers/keys.js';

/** A module with a key in a string, a template, a comment, and a browser-exposed env name. */
export function pinecallSample(key: string): string {
  return [
    "import { Pinecall } from '@pinecall/sdk';",
    '',
    `// rotated last week: ${key}`,
    `const client = new Pinecall({ apiKey: '${key}' });`,
    `export const listenUrl = \`wss://voice.pinecall.io/listen?call=\${callId}&token=${key}\`;`,
    'export const browserKey = process.env.NEXT_PUBLIC_PINECALL_API_KEY;',
    'export default client;',
    '',
  ].join('\n');
}

/** The same module done right. */
export const cleanSample = [
  "import { Pinecall } from '@pinecall/sdk';",
  '',
  'const client = new Pinecall({ apiKey: process.env.PINECALL_API_KEY });',
  "export const docs = 'Set PINECALL_KEY=pc_live_… in .env';",
  'export default client;',
  '',
].join('\n');
