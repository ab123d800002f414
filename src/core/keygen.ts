// Builds well-formed synthetic keys from caller-supplied random bytes (tests, benchmarks, fixtures).
// The core does no I/O, so randomness comes from the caller.
import { OPS_PREFIX, type KeyPrefix } from './patterns.js';

export type { KeyPrefix };

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Unpadded base64url, as Pinecall encodes the 32 random bytes of a key body. */
export function base64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64URL[(n >> 18) & 63]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]! + B64URL[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64URL[(n >> 18) & 63]! + B64URL[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64URL[(n >> 18) & 63]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]!;
  }
  return out;
}

/** A key with a 43-character body: `prefix` + base64url(32 bytes). */
export function makeKey(prefix: KeyPrefix, bytes: Uint8Array): string {
  if (bytes.length !== 32) throw new RangeError('a key body is exactly 32 bytes');
  return prefix + base64url(bytes);
}

/** A self-hosted operator key: its prefix (`pc_ops_`) + 48 lowercase hex characters (24 bytes). */
export function makeOpsKey(bytes: Uint8Array): string {
  if (bytes.length !== 24) throw new RangeError('an operator key body is exactly 24 bytes');
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return OPS_PREFIX + hex;
}
