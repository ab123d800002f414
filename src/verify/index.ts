// Live verification (opt-in): loaded lazily by the CLI so a plain scan never pays for it.
export { verifyFindings, keyKind, MAX_CONCURRENCY, DEFAULT_BUDGET_MS, DEFAULT_TIMEOUT_MS } from './verify.js';
export type { VerifyOptions, VerifySummary } from './verify.js';
export { resolveVerifyTarget, isLoopbackHost, VerifyUrlError, VERIFY_URL_ENV } from './target.js';
export type { VerifyTarget } from './target.js';
export { checkKey, interpret, parseRetryAfter, requestHeaders } from './client.js';
export type { Verdict, KeyKind } from './client.js';
