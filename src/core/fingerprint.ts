// sha256 is pure computation; node:crypto is used for speed, not for I/O.
import { createHash } from 'node:crypto';
import type { RuleId } from './types.js';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `ruleId:secretHash-prefix:file` (JSON contract); stable across line moves. */
export function fingerprintOf(ruleId: RuleId, secretHash: string, file: string): string {
  return `${ruleId}:${secretHash.slice(0, 16)}:${file}`;
}
