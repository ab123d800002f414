// Masking (a stable contract, docs/security.md#masking): prefix, first two body characters, "…", total length.

const KNOWN_PREFIXES = ['pc_live_', 'pc_test_', 'pc_ops_', 'pk_'] as const;

export function maskSecret(secret: string): string {
  const prefix = KNOWN_PREFIXES.find((p) => secret.startsWith(p)) ?? '';
  const body = secret.slice(prefix.length);
  return `${prefix}${body.slice(0, 2)}…(${secret.length})`;
}
