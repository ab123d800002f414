// Verifies the distinct keys among a list of findings: each key asked once, at most 4 in flight, one overall budget.
import { prefixOf } from '../core/patterns.js';
import type { Finding, Verification } from '../core/types.js';
import { checkKey, type KeyKind, type Verdict } from './client.js';
import { resolveVerifyTarget, type VerifyTarget } from './target.js';

export interface VerifyOptions {
  /** Endpoints; default: Pinecall's hosts (see target.ts). */
  target?: VerifyTarget;
  /** Per-request timeout, ms (default 5000). */
  timeoutMs?: number;
  /** Overall budget for the whole verification, ms (default 30000). */
  budgetMs?: number;
  /** Requests in flight at once, 1–4 (default 4; never more than 4). */
  concurrency?: number;
  /** Total tries per key when rate limited (default 3). */
  maxTries?: number;
  /** First backoff delay after a 429 without Retry-After, doubling (default 1000). */
  backoffMs?: number;
  /** Cap on a Retry-After wait (default 10000). */
  maxRetryAfterMs?: number;
}

export interface VerifySummary {
  /** Distinct keys seen. */
  keys: number;
  active: number;
  inactive: number;
  unknown: number;
  /** HTTP requests sent, retries included. */
  requests: number;
}

export const MAX_CONCURRENCY = 4;
import { DEFAULT_BUDGET_MS, DEFAULT_TIMEOUT_MS } from './defaults.js';

export { DEFAULT_BUDGET_MS, DEFAULT_TIMEOUT_MS };

/** The API its rule record names for the key's prefix (`pc_live_`/`pc_test_` whoami, `pk_` REST); undefined: none. */
export function keyKind(secret: string): KeyKind | undefined {
  return prefixOf(secret)?.rule.verify?.api;
}

// Header-safe: a value with spaces or control characters is not a key we would send.
const SENDABLE = /^[\x21-\x7e]{8,512}$/;

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/**
 * Sets `verification` and `verificationDetail` on every finding whose key was checked — all of them:
 * keys without an endpoint are `unknown` with the reason. Never throws for network trouble.
 */
export async function verifyFindings(findings: readonly Finding[], options: VerifyOptions = {}): Promise<VerifySummary> {
  const target = options.target ?? resolveVerifyTarget();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const concurrency = Math.max(1, Math.min(MAX_CONCURRENCY, Math.floor(options.concurrency ?? MAX_CONCURRENCY)));
  const summary: VerifySummary = { keys: 0, active: 0, inactive: 0, unknown: 0, requests: 0 };

  const byHash = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = byHash.get(finding.secretHash);
    if (group) group.push(finding);
    else byHash.set(finding.secretHash, [finding]);
  }
  summary.keys = byHash.size;

  const verdicts = new Map<string, Verdict>();
  const toSend: Array<{ hash: string; key: string; kind: KeyKind }> = [];
  for (const [hash, group] of byHash) {
    const key = group[0]!.secret;
    const kind = keyKind(key);
    if (!kind) verdicts.set(hash, { verification: 'unknown', detail: 'no verification endpoint for this key type' });
    else if (!SENDABLE.test(key)) verdicts.set(hash, { verification: 'unknown', detail: 'not a sendable key value' });
    else toSend.push({ hash, key, kind });
  }

  await pool(toSend, concurrency, async ({ hash, key, kind }) => {
    const url = kind === 'cloud' ? target.whoami : target.agents;
    const verdict = await checkKey(key, url, kind, {
      timeoutMs,
      deadline,
      maxTries: Math.max(1, options.maxTries ?? 3),
      backoffMs: options.backoffMs ?? 1000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 10_000,
      onRequest: () => summary.requests++,
    });
    verdicts.set(hash, verdict);
  });

  for (const [hash, group] of byHash) {
    const verdict = verdicts.get(hash)!;
    summary[verdict.verification satisfies Verification]++;
    for (const finding of group) {
      finding.verification = verdict.verification;
      finding.verificationDetail = verdict.detail;
    }
  }
  return summary;
}
