// Environment names that bundlers inline into browser code. A Pinecall secret read from one of them
// ships to every visitor; Pinecall's docs say keys never belong in client-side code.
// Data for the ESLint rule `pinecall/no-client-exposed-key` (the rule holds no patterns).

export interface ClientExposedPrefix {
  /** Case-sensitive, as the bundlers compare it. */
  prefix: string;
  /** Who inlines names with this prefix into client bundles. */
  tool: string;
}

export const CLIENT_EXPOSED_PREFIXES: readonly ClientExposedPrefix[] = [
  { prefix: 'NEXT_PUBLIC_', tool: 'Next.js' },
  { prefix: 'EXPO_PUBLIC_', tool: 'Expo' },
  { prefix: 'NUXT_PUBLIC_', tool: 'Nuxt' },
  { prefix: 'REACT_APP_', tool: 'Create React App' },
  { prefix: 'STORYBOOK_', tool: 'Storybook' },
  { prefix: 'GATSBY_', tool: 'Gatsby' },
  { prefix: 'PUBLIC_', tool: 'SvelteKit and Astro' },
  { prefix: 'VITE_', tool: 'Vite' },
];

const PINECALL = 'PINECALL';
// A regex test does not copy the file text, as toUpperCase() would.
const PINECALL_ANY_CASE = /pinecall/i;
const SECRET_SUFFIXES = ['KEY', 'SECRET', 'TOKEN'] as const;

/** True for a name (without prefix) that holds a Pinecall secret: contains PINECALL, ends in KEY/SECRET/TOKEN. */
export function isPinecallSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  return upper.includes(PINECALL) && SECRET_SUFFIXES.some((s) => upper.endsWith(s));
}

/**
 * The client-exposing prefix of a Pinecall secret name (`NEXT_PUBLIC_PINECALL_API_KEY` → Next.js),
 * or undefined when the name is not both client-exposed and a Pinecall secret. `extraPrefixes` are
 * project-specific prefixes (e.g. a custom Vite `envPrefix`).
 */
export function clientExposedSecretName(
  name: string,
  extraPrefixes: readonly string[] = [],
): ClientExposedPrefix | undefined {
  if (!isPinecallSecretName(name)) return undefined;
  const known = CLIENT_EXPOSED_PREFIXES.find((p) => name.startsWith(p.prefix));
  if (known) return known;
  const extra = extraPrefixes.find((p) => p.length > 0 && name.startsWith(p));
  return extra === undefined ? undefined : { prefix: extra, tool: 'your bundler (configured prefix)' };
}

export function isClientExposedSecretName(name: string, extraPrefixes: readonly string[] = []): boolean {
  return clientExposedSecretName(name, extraPrefixes) !== undefined;
}

/** Cheap pre-check on a whole file: could it reference such a name at all? */
export function mayNameClientExposedSecret(text: string): boolean {
  return PINECALL_ANY_CASE.test(text);
}

/** Run by test/core/client-exposed.test.ts. */
export const CLIENT_EXPOSED_SAMPLES = {
  exposed: [
    'NEXT_PUBLIC_PINECALL_API_KEY',
    'NEXT_PUBLIC_PINECALL_KEY',
    'VITE_PINECALL_KEY',
    'VITE_PINECALL_TOKEN',
    'REACT_APP_PINECALL_API_KEY',
    'PUBLIC_PINECALL_SECRET',
    'EXPO_PUBLIC_PINECALL_KEY',
    'NUXT_PUBLIC_PINECALL_API_KEY',
    'GATSBY_PINECALL_KEY',
    'STORYBOOK_PINECALL_API_KEY',
    'VITE_MY_PINECALL_OPS_KEY',
    'NEXT_PUBLIC_PinecallApiKey',
  ],
  notExposed: [
    'PINECALL_API_KEY',
    'PINECALL_KEY',
    'NEXT_PUBLIC_PINECALL_KEY_ID',
    'NEXT_PUBLIC_PINECALL_ORG',
    'NEXT_PUBLIC_PINECALL_URL',
    'VITE_API_KEY',
    'NEXT_PUBLIC_STRIPE_KEY',
    'next_public_pinecall_key',
    'SERVER_PINECALL_KEY',
    'MY_VITE_PINECALL_KEY',
  ],
} as const;
