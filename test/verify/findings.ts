// Findings shaped as the detector makes them (secret non-enumerable), for verifying without a scan.
import { createHash } from 'node:crypto';
import type { Finding, RuleId } from '../../src/core/types.js';

function ruleFor(key: string): RuleId {
  if (key.startsWith('pc_live_') || key.startsWith('pc_test_')) return 'pinecall-api-key';
  if (key.startsWith('pk_')) return 'pinecall-legacy-key';
  if (key.startsWith('pc_ops_')) return 'pinecall-ops-key';
  return 'pinecall-context-secret';
}

export function findingFor(key: string, file = 'src/app.ts', line = 1): Finding {
  const secretHash = createHash('sha256').update(key).digest('hex');
  const ruleId = ruleFor(key);
  const finding = {
    ruleId,
    confidence: 'high',
    description: 'test finding',
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: key.length + 1,
    start: 0,
    end: key.length,
    match: `${key.slice(0, 10)}…(${key.length})`,
    secretHash,
    fingerprint: `${ruleId}:${secretHash.slice(0, 12)}:${file}`,
  } as Omit<Finding, 'secret'>;
  Object.defineProperty(finding, 'secret', { value: key, enumerable: false });
  return finding as Finding;
}
