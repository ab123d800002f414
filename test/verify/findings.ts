// Findings made by the real detector (real mask, fingerprint and non-enumerable secret), for verifying
// without a scan: the key is bound to a Pinecall name, so unprefixed context secrets are found too.
import { detect } from '../../src/core/index.js';
import type { Finding } from '../../src/core/types.js';

export function findingFor(key: string, file = 'src/app.ts', line = 1): Finding {
  const text = `${'\n'.repeat(line - 1)}export const PINECALL_API_KEY = "${key}";\n`;
  const found = detect({ text, path: file }).filter((f) => f.secret === key);
  if (found.length !== 1) throw new Error(`expected the detector to find the key once in ${file}, found ${found.length}`);
  return found[0]!;
}
