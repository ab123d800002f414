// Masking (a stable contract, docs/security.md#masking): prefix, first two body characters, "…", total length.
import { KEY_PREFIXES } from './patterns.js';
import type { Finding } from './types.js';

export function maskSecret(secret: string): string {
  const prefix = KEY_PREFIXES.find((p) => secret.startsWith(p)) ?? '';
  const body = secret.slice(prefix.length);
  return `${prefix}${body.slice(0, 2)}…(${secret.length})`;
}

/** The key as a report shows it: masked (`match`), or the key itself with `--show-secrets`. */
export function shownKey(finding: Pick<Finding, 'match' | 'secret'>, showSecrets: boolean): string {
  return showSecrets ? finding.secret : finding.match;
}
