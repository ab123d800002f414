// Deterministic results for reporter tests: fixed key bytes, so reports can be compared in full.
import { detect, makeKey } from '../../src/core/index.js';
import type { Finding, ScanResult } from '../../src/core/types.js';

const bytes = (seed: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i * 73 + seed * 31 + 19) & 255);

export const LIVE = makeKey('pc_live_', bytes(1));
export const SANDBOX = makeKey('pc_test_', bytes(2));

export function findingsIn(path: string, text: string): Finding[] {
  return detect({ text, path });
}

export function sampleResult(overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    mode: 'files',
    findings: [
      ...findingsIn('config/app.ts', `// config\nexport const key = "${LIVE}";\n`),
      ...findingsIn('scripts/dev.sh', `export PINECALL_API_KEY=${SANDBOX}\n`),
    ],
    skipped: [
      { file: 'assets/logo.png', reason: 'binary' },
      { file: 'data/dump.sql', reason: 'too-large', detail: '20000000 bytes' },
    ],
    stats: { files: 12, bytes: 34_567, commits: 0, durationMs: 42 },
    ...overrides,
  };
}
