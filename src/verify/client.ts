// The HTTP check of one key: one GET with the key in the Authorization header, the answer mapped to a verdict.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { VerifyApi } from '../core/patterns.js';
import type { Verification } from '../core/types.js';
import { safeText } from './sanitize.js';
import { isLoopbackHost } from './target.js';

/** Which endpoint a key is checked against. */
/** Which API answers for a key (the rule records in core/patterns.ts say which). */
export type KeyKind = VerifyApi;

export interface Verdict {
  verification: Verification;
  /** Human text: org/env/scopes, "expired", or why the answer is unknown. Never a secret. */
  detail: string;
}

export interface CheckOptions {
  /** Per-request timeout, ms. */
  timeoutMs: number;
  /** Absolute time (epoch ms) after which no request starts and none waits. */
  deadline: number;
  /** Total tries when rate limited (429). */
  maxTries: number;
  /** First backoff delay when a 429 carries no Retry-After; doubles each try. */
  backoffMs: number;
  /** Longest wait a Retry-After may impose. */
  maxRetryAfterMs: number;
  /** Counts every request sent (for the summary). */
  onRequest?: () => void;
}

export const USER_AGENT = 'pinecall-scan';
const MAX_BODY_BYTES = 64 * 1024;
// A request with less time than this left cannot finish; don't start it.
const MIN_REQUEST_MS = 10;

interface RawResponse {
  ok: true;
  status: number;
  retryAfter?: string;
  body: string;
}
interface RawFailure {
  ok: false;
  reason: string;
}

/** Exactly what is sent: method GET, these three headers, no body, no cookies, no redirects followed. */
export function requestHeaders(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}`, Accept: 'application/json', 'User-Agent': USER_AGENT };
}

function describeError(error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTLOOPBACK') return 'refused: the http:// host does not resolve to a loopback address';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return `DNS lookup failed (${code})`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN') return `network unreachable (${code})`;
  if (code === 'ETIMEDOUT') return 'connection timed out';
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/.test(code)) return `TLS error (${code})`;
  return code ? `request failed (${code})` : 'request failed';
}

/** The addresses a name resolved to may carry a key over plain http only if every one is loopback. */
export function allLoopback(addresses: readonly LookupAddress[]): boolean {
  return addresses.length > 0 && addresses.every((a) => isLoopbackHost(a.address));
}

/**
 * Plain http carries the key unencrypted, so the name must not only look local (`localhost`) but
 * resolve to loopback: /etc/hosts or a resolver could point it anywhere.
 */
const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    if (!allLoopback(addresses)) {
      const refused: NodeJS.ErrnoException = new Error(`${hostname} does not resolve to a loopback address`);
      refused.code = 'ENOTLOOPBACK';
      return callback(refused, '', 0);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** One GET. Resolves with the status and (capped) body, or with a reason it got none; never rejects. */
export function getOnce(url: URL, key: string, timeoutMs: number): Promise<RawResponse | RawFailure> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: RawResponse | RawFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const plain = url.protocol === 'http:';
    // agent: false: a fresh connection per request, nothing kept alive to hold the process open.
    const request = (plain ? http : https).request(url, {
      method: 'GET',
      headers: requestHeaders(key),
      agent: false,
      ...(plain && { lookup: loopbackLookup }),
    });
    const timer = setTimeout(() => {
      finish({ ok: false, reason: `timed out after ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish({ ok: false, reason: safeText(describeError(error), key) });
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (): void => {
        const header = response.headers['retry-after'];
        finish({
          ok: true,
          status: response.statusCode ?? 0,
          ...(header ? { retryAfter: header } : {}),
          body: Buffer.concat(chunks).toString('utf8'),
        });
      };
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        else {
          done();
          response.destroy();
        }
      });
      response.on('end', done);
      response.on('error', () => done());
    });
    request.end();
  });
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The server's own words: `detail` (FastAPI), `error`, `message`, or the plain-text body. */
function serverMessage(body: string): string {
  const json = parseJson(body);
  if (isRecord(json)) {
    for (const name of ['detail', 'error', 'message']) {
      const value = json[name];
      if (typeof value === 'string') return value;
      if (isRecord(value) && typeof value.message === 'string') return value.message;
    }
    return '';
  }
  return json === undefined ? body : '';
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function orgOf(body: Record<string, unknown>): string | undefined {
  const org = body.org ?? body.organization;
  if (isRecord(org)) return text(org.name) ?? text(org.slug) ?? text(org.id);
  return text(org) ?? text(body.org_name) ?? text(body.org_id) ?? text(body.orgId);
}

function scopesOf(body: Record<string, unknown>): string[] {
  const scopes = body.scopes ?? body.scope;
  if (Array.isArray(scopes)) return scopes.map(text).filter((s): s is string => s !== undefined);
  if (typeof scopes === 'string') return scopes.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** 200 from whoami: "org acme; env production; scopes calls:read, agents:write". */
function describeIdentity(body: string, kind: KeyKind, key: string): string {
  const json = parseJson(body);
  if (kind === 'rest') {
    const count = Array.isArray(json)
      ? json.length
      : isRecord(json) && Array.isArray(json.agents ?? json.data)
        ? ((json.agents ?? json.data) as unknown[]).length
        : undefined;
    return count === undefined ? 'key accepted by the REST API' : `key accepted by the REST API (${count} agents visible)`;
  }
  if (!isRecord(json)) return 'key accepted';
  const parts: string[] = [];
  const org = orgOf(json);
  if (org) parts.push(`org ${org}`);
  const env = text(json.env ?? json.environment);
  if (env) parts.push(`env ${env}`);
  const scopes = scopesOf(json);
  if (scopes.length > 0) {
    const shown = scopes.slice(0, 8).join(', ');
    parts.push(`scopes ${shown}${scopes.length > 8 ? ` (+${scopes.length - 8} more)` : ''}`);
  }
  return parts.length > 0 ? safeText(parts.join('; '), key) : 'key accepted';
}

/** Maps one HTTP answer (other than 429) to a verdict. */
export function interpret(status: number, body: string, kind: KeyKind, key: string): Verdict {
  if (status >= 200 && status < 300) {
    return { verification: 'active', detail: describeIdentity(body, kind, key) };
  }
  // Room for the longest lead-in ("restricted permissions (403): "): a detail stays within 160 characters.
  const message = safeText(serverMessage(body), key, 128);
  if (status === 401) {
    if (/expired/i.test(message)) {
      const at = /expired at ([^;,"]+)/i.exec(message)?.[1]?.trim();
      return { verification: 'inactive', detail: at ? `expired at ${at}`.slice(0, 120) : 'expired' };
    }
    return { verification: 'inactive', detail: message ? `invalid or revoked: ${message}` : 'invalid or revoked' };
  }
  if (status === 403) {
    // The key authenticated; it only lacks a scope or world. Still a live credential.
    return {
      verification: 'active',
      detail: message ? `restricted permissions (403): ${message}` : 'restricted permissions (403)',
    };
  }
  if (status >= 300 && status < 400) {
    return { verification: 'unknown', detail: `redirect ${status} not followed` };
  }
  if (status >= 500) return { verification: 'unknown', detail: `server error ${status}` };
  return { verification: 'unknown', detail: `unexpected status ${status}` };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Checks one key, retrying only on 429 within the tries and the deadline. */
export async function checkKey(key: string, url: URL, kind: KeyKind, options: CheckOptions): Promise<Verdict> {
  for (let attempt = 1; ; attempt++) {
    const remaining = options.deadline - Date.now();
    if (remaining < MIN_REQUEST_MS) return { verification: 'unknown', detail: 'verification budget exhausted' };
    const timeout = Math.min(options.timeoutMs, remaining);
    options.onRequest?.();
    const answer = await getOnce(url, key, timeout);
    if (!answer.ok) {
      const reason = timeout < options.timeoutMs && answer.reason.startsWith('timed out')
        ? `${answer.reason} (verification budget exhausted)`
        : answer.reason;
      return { verification: 'unknown', detail: reason };
    }
    if (answer.status !== 429) return interpret(answer.status, answer.body, kind, key);
    if (attempt >= options.maxTries) {
      return { verification: 'unknown', detail: `rate limited (429) after ${attempt} tries` };
    }
    const asked = parseRetryAfter(answer.retryAfter);
    const delay = Math.min(asked ?? options.backoffMs * 2 ** (attempt - 1), options.maxRetryAfterMs);
    if (Date.now() + delay >= options.deadline) {
      return { verification: 'unknown', detail: 'rate limited (429); verification budget exhausted' };
    }
    await sleep(delay);
  }
}
