// Key patterns as data, each rule with its true and false samples right beside it
// (test/core/patterns.test.ts runs every sample). The key shapes they encode
// (pc_live_/pc_test_/pk_ + a 43-character base64url body, pc_ops_ + 48 hex, Pinecall context) are listed
// for users in docs/detection.md.
//
// Samples are templates: {live} {test} {pk} {ops} {hex} {b64} … are filled with freshly generated
// synthetic values at test time (see samples.ts), so no key-shaped string is ever committed.
import type { Confidence, KeyEnv, RuleId } from './types.js';

export interface Samples {
  /** Each must produce at least one finding of this rule. */
  positive: readonly string[];
  /** Each must produce no finding of this rule. */
  negative: readonly string[];
}

/** Which Pinecall API answers for a key: the v2 gateway's whoami, or the documented REST API. */
export type VerifyApi = 'cloud' | 'rest';

/** Where a key of a rule is verified: `path` under `base` (or under `--verify-url`). */
export interface VerifyEndpoint {
  api: VerifyApi;
  base: string;
  path: string;
}

/** A rule for a key recognisable by its shape alone. */
export interface ShapeRule<Id extends string = RuleId> {
  kind: 'shape';
  id: Id;
  title: string;
  description: string;
  /** Literal prefixes, also the cheap pre-check keywords. */
  prefixes: readonly string[];
  /** The environment a prefix names (a finding's `env`); a prefix without one names none. */
  envs?: { readonly [prefix: string]: KeyEnv };
  /** Where a live check sends the key; a rule without one has no verification endpoint. */
  verify?: VerifyEndpoint;
  /** Bounded, anchored by look-arounds so it never matches inside a longer token; group 1 is the key. */
  regex: RegExp;
  /** Length of the random body after the prefix. */
  bodyLength: number;
  /** The last character of a 43-character base64url body carries 4 bits: one of these 16. */
  lastCharCheck: boolean;
  /** Minimum Shannon entropy of the body, bits per character. */
  minEntropy: number;
  /** Bodies starting like this belong to other vendors (Stripe/Clerk publishable keys). */
  foreignBodyPrefixes?: readonly string[];
  confidence: Confidence;
  /** Confidence when no Pinecall name or host is near (collides with other vendors). */
  confidenceWithoutContext?: Confidence;
  samples: Samples;
}

/**
 * A binder ties a value to a Pinecall name or place. The value is in one of the named groups
 * dq / sq / bq (quoted) or bare (unquoted).
 */
export interface Binder {
  name: string;
  regex: RegExp;
  /** The binder only counts with "pinecall" (or a Pinecall host) near the match. */
  requires?: 'pinecall-near' | 'pinecall-host-near';
}

export interface ContextRule<Id extends string = RuleId> {
  kind: 'context';
  id: Id;
  title: string;
  description: string;
  keywords: readonly string[];
  binders: readonly Binder[];
  confidence: Confidence;
  samples: Samples;
}

export type Rule<Id extends string = RuleId> = ShapeRule<Id> | ContextRule<Id>;

/** The 16 characters that can end an unpadded base64url encoding of 32 bytes. */
export const LAST_CHARS_32_BYTES = 'AEIMQUYcgkosw048';

const B = '[A-Za-z0-9_-]';
// Not inside a longer token — but a key right after an escape (`"\\npc_live_…"` in source) or a
// percent-encoded character (`token%3Dpc_live_…`) starts there.
const NOT_BODY_BEFORE = '(?:(?<![A-Za-z0-9_-])|(?<=\\\\[nrtbfv0])|(?<=%[0-9A-Fa-f]{2}))';
const NOT_BODY_AFTER = '(?![A-Za-z0-9_-])';

// Names like PINECALL_API_KEY, NEXT_PUBLIC_PINECALL_TOKEN, pinecallApiKey, pinecall_vault_secret.
const NAME = '(?<![A-Za-z0-9_])[A-Za-z0-9_]{0,60}pinecall[A-Za-z0-9_]{0,60}?(?:key|secret|token)(?![A-Za-z0-9_])';
// The same names matched from "pinecall" on: a regex that starts with a literal is ~50x faster to
// scan with, and what comes before "pinecall" in a name does not change the verdict.
const NAME_FROM_PINECALL = 'pinecall[A-Za-z0-9_]{0,60}?(?:key|secret|token)(?![A-Za-z0-9_])';
const VALUE =
  '(?:"(?<dq>[^"\\r\\n]{1,512})"|\'(?<sq>[^\'\\r\\n]{1,512})\'|`(?<bq>[^`\\r\\n]{1,512})`|(?<bare>[^\\s"\'`,;#)}\\]]{1,512}))';
// Not part of a longer name (`pinecall-api-key:` in our own reports), but `--api-key` is fine.
const GENERIC_NAME = '(?<![A-Za-z0-9_])(?<![A-Za-z0-9_]-)(?:api[_-]?key|apikey|access[_-]?token|auth[_-]?token|secret[_-]?key|token)';

// `as const`: the rule ids (RuleId) and key prefixes (KeyPrefix) are types derived from these records.
export const RULES = [
  {
    kind: 'shape',
    id: 'pinecall-api-key',
    title: 'Pinecall API key',
    description: 'A Pinecall API key (pc_live_ production or pc_test_ sandbox).',
    prefixes: ['pc_live_', 'pc_test_'],
    envs: { pc_live_: 'production', pc_test_: 'sandbox' },
    verify: { api: 'cloud', base: 'https://cloud.pinecall.io', path: '/v1/whoami' },
    regex: new RegExp(`${NOT_BODY_BEFORE}(pc_(?:live|test)_${B}{43})${NOT_BODY_AFTER}`, 'g'),
    bodyLength: 43,
    lastCharCheck: true,
    minEntropy: 3.5,
    confidence: 'high',
    samples: {
      positive: [
        'PINECALL_KEY={live}',
        'const key = "{test}";',
        'curl -H "Authorization: Bearer {live}" https://cloud.pinecall.io/v1/whoami',
        '  api_key: {live}\n',
        'const client = new Pinecall({ apiKey: `{test}` });',
        '{"api_key": "{live}"}',
        'url = "wss://voice.pinecall.io/listen?token={live}"',
        'const banner = "key:\\n{live}\\n";',
        'https://example.com/cb?next=%2Fsetup%3Fkey%3D{test}',
      ],
      negative: [
        'PINECALL_KEY=pc_live_…',
        'PINECALL_KEY=pc_live_{body42}',
        'PINECALL_KEY=pc_live_{body44}',
        'PINECALL_KEY=pc_live_{badlast}',
        'PINECALL_KEY=xpc_live_{b64}',
        'PINECALL_KEY=pc_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        'docs: use `pc_test_xxx` in the sandbox',
        'PINECALL_KEY=pc_prod_{b64}',
      ],
    },
  },
  {
    kind: 'shape',
    id: 'pinecall-legacy-key',
    title: 'Pinecall legacy API key',
    description: 'A legacy Pinecall API key (pk_ + 43 characters).',
    prefixes: ['pk_'],
    verify: { api: 'rest', base: 'https://api.pinecall.io', path: '/v1/agents' },
    regex: new RegExp(`${NOT_BODY_BEFORE}(pk_${B}{43})${NOT_BODY_AFTER}`, 'g'),
    bodyLength: 43,
    lastCharCheck: true,
    minEntropy: 3.5,
    foreignBodyPrefixes: ['live_', 'test_'],
    confidence: 'high',
    confidenceWithoutContext: 'medium',
    samples: {
      positive: [
        'PINECALL_API_KEY={pk}',
        'pinecall.configure(api_key="{pk}")',
        'const k = "{pk}"',
        'export PINECALL_API_KEY="{pk}"',
        '  apiKey: \'{pk}\',',
      ],
      negative: [
        'PINECALL_API_KEY=pk_...',
        'PINECALL_API_KEY=pk_your_api_key',
        'STRIPE_PUBLISHABLE_KEY=pk_live_{b64}',
        'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=pk_test_{b64}',
        'key = "pk_{body42}"',
        'key = "pk_{body44}"',
        'key = "pk_{badlast}"',
        'column pk_{b64}_idx',
        'const s = "scanpk_{b64}";',
      ],
    },
  },
  {
    kind: 'shape',
    id: 'pinecall-ops-key',
    title: 'Pinecall operator key',
    description: 'A self-hosted Pinecall operator key (pc_ops_ + 48 hex).',
    prefixes: ['pc_ops_'],
    regex: new RegExp(`${NOT_BODY_BEFORE}(pc_ops_[0-9a-f]{48})${NOT_BODY_AFTER}`, 'g'),
    bodyLength: 48,
    lastCharCheck: false,
    minEntropy: 3.0,
    confidence: 'high',
    samples: {
      positive: [
        'PINECALL_OPS_KEY={ops}',
        'ops_key: "{ops}"',
        'ENV PINECALL_OPS_KEY={ops}',
        'operator = "{ops}"',
        '--ops-key {ops}',
      ],
      negative: [
        'PINECALL_OPS_KEY=pc_ops_...',
        'PINECALL_OPS_KEY=pc_ops_{hex47}',
        'PINECALL_OPS_KEY=pc_ops_{hex49}',
        'PINECALL_OPS_KEY=pc_ops_{HEX48}',
        'PINECALL_OPS_KEY=pc_ops_000000000000000000000000000000000000000000000000',
        'x_pc_ops_{hex48}x',
      ],
    },
  },
  {
    kind: 'context',
    id: 'pinecall-context-secret',
    title: 'Pinecall secret',
    description: 'A high-entropy value assigned to a Pinecall key, secret or token name.',
    keywords: ['pinecall'],
    confidence: 'medium',
    binders: [
      // .env, shell export, YAML, JSON, Terraform, code: NAME = value, NAME: value, "NAME": "value", NAME || "value"
      {
        name: 'assignment',
        regex: new RegExp(`(?<name>${NAME_FROM_PINECALL})["'\`]?\\]?[ \\t]{0,4}(?:=>|:=|\\?\\?|\\|\\||[=:])[ \\t]{0,4}${VALUE}`, 'gi'),
      },
      // Dockerfile ENV NAME value / ARG NAME value
      {
        name: 'dockerfile',
        regex: new RegExp(`^[ \\t]{0,8}(?:ENV|ARG)[ \\t]{1,8}(?<name>${NAME})[ \\t]{1,8}${VALUE}`, 'gim'),
      },
      // Kubernetes / compose env lists: - name: NAME \n value: v
      {
        name: 'name-value',
        regex: new RegExp(`name:[ \\t]{0,4}["']?(?<name>${NAME})["']?[ \\t]{0,4}\\r?\\n[ \\t-]{0,40}value:[ \\t]{0,4}${VALUE}`, 'gi'),
      },
      // getenv("NAME", "default") and friends: a default value is a hard-coded key
      {
        name: 'env-default',
        regex: new RegExp(`\\(\\s{0,4}["'](?<name>${NAME})["']\\s{0,4},\\s{0,4}${VALUE}`, 'gi'),
      },
      // new Pinecall({ apiKey: … }), {"api_key": …} in ~/.pinecall/credentials, --api-key=…
      {
        name: 'generic-name-near-pinecall',
        regex: new RegExp(`${GENERIC_NAME}["']?[ \\t]{0,4}(?:=>|:=|[=:])[ \\t]{0,4}${VALUE}`, 'gi'),
        requires: 'pinecall-near',
      },
      {
        name: 'cli-flag',
        regex: new RegExp(`--(?:api-key|token)[ \\t]{1,4}${VALUE}`, 'g'),
        requires: 'pinecall-near',
      },
      // Authorization: Bearer … in a request to a Pinecall host
      {
        name: 'bearer',
        regex: /Bearer[ \t]{1,4}(?<bare>[A-Za-z0-9._~+/=-]{8,512})/g,
        requires: 'pinecall-host-near',
      },
      // v1 live-listening URLs carry the key in ?token=
      {
        name: 'url-token',
        regex: /pinecall\.io[^\s"'<>`]{0,512}?[?&](?:token|api_key|apikey|key)=(?<bare>[^&\s"'<>#`]{1,512})/gi,
      },
    ],
    samples: {
      positive: [
        'PINECALL_VAULT_KEY={hex}',
        'export PINECALL_TOKEN_KEY="{hex}"',
        '  PINECALL_WORKER_KEY: {b64}',
        '{"PINECALL_SIGNUP_KEY": "{hex}"}',
        'ENV PINECALL_DEV_KEY {hex}',
        'ARG PINECALL_OPERATOR_KEY={hex}',
        'variable "x" { default = "" }\nPINECALL_PEER_KEY = "{hex}"',
        'const pinecallSecret = "{b64}";',
        '- name: PINECALL_SANDBOX_KEY\n  value: "{hex}"',
        'const client = new Pinecall({\n  apiKey: "{b64}",\n});',
        'npx pinecall agents list --api-key={b64}',
        'await fetch("https://api.pinecall.io/v1/agents", {\n  headers: { Authorization: "Bearer {b64}" },\n});',
        'const ws = new WebSocket("wss://voice.pinecall.io/v1/listen?call=42&token={b64}");',
        'const key = process.env.PINECALL_API_KEY ?? "{hex}";',
        'key = os.getenv("PINECALL_API_KEY", "{hex}")',
        // Older pk_ keys of other lengths, bound to a Pinecall name or place.
        'PINECALL_API_KEY={pk32}',
        'export PINECALL_API_KEY="{pk20}"',
        'const pinecall = new Pinecall({ apiKey: "{pk28}" });',
        '{"mcpServers": {"pinecall": {"command": "npx", "args": ["-y", "@pinecall/mcp"],\n  "env": {"PINECALL_API_KEY": "{pk36}"}}}}',
        'pinecall calls list --api-key {pk32}',
        '# ~/.pinecall/credentials\n{"api_key": "{pk28}"}',
        'PINECALL_API_KEY=pk_test_{b64_32}',
      ],
      negative: [
        'PINECALL_API_KEY=',
        'PINECALL_API_KEY=your_api_key_here',
        'PINECALL_API_KEY=$PINECALL_API_KEY',
        'PINECALL_KEY=${PINECALL_KEY}',
        'apiKey: process.env.PINECALL_API_KEY,',
        'PINECALL_API_KEY: <PINECALL_API_KEY>',
        'PINECALL_API_KEY: ${{ secrets.PINECALL_API_KEY }}',
        'PINECALL_API_KEY={{ secrets.PINECALL_API_KEY }}',
        'PINECALL_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxx',
        'PINECALL_API_KEY=changeme',
        'PINECALL_API_KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        'PINECALL_KEY_ID=k_{hex16}',
        'PINECALL_ORG=org_{b64}',
        'const apiKey = config.pinecall.apiKey;',
        'const required = ["PINECALL_API_KEY", "PINECALL_OPS_KEY"];',
        'Authorization: Bearer {b64}   (request to api.example.com)',
        'const client = new OpenAI({ apiKey: "{b64}" });',
        'PINECALL_TOKEN=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyb29tIn0.{b64}',
        'PINECALL_TOKEN=lc_{b64_32}',
        '- name: PINECALL_API_KEY\n  valueFrom:\n    secretKeyRef: {name: pinecall, key: api-key}',
        'PINECALL_API_KEY=pc_live_…',
        '{"fingerprint": "pinecall-api-key:{hex16}:src/app.ts", "secretHash": "{hex}"}',
        // Written by hand in Pinecall's own SDK repositories: words, not random.
        'PINECALL_API_KEY=pk_test',
        'PINECALL_API_KEY=pk_test123',
        'export PINECALL_API_KEY="pk_test_key_123456"',
        'const pinecall = new Pinecall({ apiKey: "pk_test_never_used" });',
        'PINECALL_API_KEY: pk_secret_value',
        'PINECALL_API_KEY=pk_smoke',
        '{"env": {"PINECALL_API_KEY": "pk_env"}}',
        'pinecall agents list --api-key pk_rc_secret',
        'PINECALL_API_KEY=pk_demo',
        'const pinecall = new Pinecall({ apiKey: "pk_test_shouldneverappear123456" });',
        'PINECALL_API_KEY="pk_your_key_here"',
        'PINECALL_API_KEY=pk_live_shouldNeverAppearInLogs2024',
        'PINECALL_API_KEY=my_super_secret_pinecall_key_2024',
        // A Stripe key beside the word Pinecall is still Stripe's (only a Pinecall *name* binds a pk_live_).
        'const pinecall = new Pinecall(); const stripe = new Stripe({ apiKey: "pk_live_{b64}" });',
      ],
    },
  },
] as const satisfies readonly Rule<string>[];

const ALL_RULES: readonly Rule[] = RULES;
export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);
export const SHAPE_RULES: readonly ShapeRule[] = ALL_RULES.filter((r): r is ShapeRule => r.kind === 'shape');
export const CONTEXT_RULE: ContextRule = ALL_RULES.find((r): r is ContextRule => r.kind === 'context')!;

/** The prefixes of keys with a 43-character base64url body (32 random bytes): what `makeKey` builds. */
export type KeyPrefix = Extract<(typeof RULES)[number], { bodyLength: 43 }>['prefixes'][number];

function shapeRule(id: RuleId): ShapeRule {
  return SHAPE_RULES.find((r) => r.id === id)!;
}

/** Every key prefix of every shape rule. */
export const KEY_PREFIXES: readonly string[] = SHAPE_RULES.flatMap((r) => r.prefixes);
/**
 * The older key format's prefix: unlike the others it occurs in ordinary text (`pk_id`), and a value
 * with it and another body length is an older key.
 */
export const LEGACY_PREFIX: string = shapeRule('pinecall-legacy-key').prefixes[0]!;
/** The self-hosted operator key's prefix (its body is hex, not base64url). */
export const OPS_PREFIX: string = shapeRule('pinecall-ops-key').prefixes[0]!;

/** The shape rule whose prefix `key` starts with, and that prefix. */
export function prefixOf(key: string): { rule: ShapeRule; prefix: string } | undefined {
  for (const rule of SHAPE_RULES) {
    const prefix = rule.prefixes.find((p) => key.startsWith(p));
    if (prefix !== undefined) return { rule, prefix };
  }
  return undefined;
}

/** The prefix of keys of environment `env` (`sandbox`: the key to use in tests). */
export function prefixFor(env: KeyEnv): string {
  for (const rule of SHAPE_RULES) {
    for (const [prefix, named] of Object.entries(rule.envs ?? {})) if (named === env) return prefix;
  }
  throw new RangeError(`no key prefix names the ${env} environment`);
}

/**
 * Short help per rule, shared by the text, SARIF and hook reporters and the ESLint messages. What to
 * do about a finding is not here: src/report/remedies.ts fits it to the file and the place.
 */
export const RULE_DOCS: Record<RuleId, { title: string; description: string }> = Object.fromEntries(
  RULES.map((r) => [r.id, { title: r.title, description: r.description }]),
) as Record<RuleId, { title: string; description: string }>;
