// How reports say what the suppression mechanisms hid: "No Pinecall keys found" while a baseline
// silences five keys would be false.
import type { ScanResult, SuppressionCounts, SuppressionKind } from '../core/types.js';

const BY: Record<SuppressionKind, string> = {
  baseline: 'by the baseline',
  config: 'by the config (allow, ignorePaths)',
  inline: 'by pinecall-scan:allow comments',
};

export function suppressedTotal(result: ScanResult): number {
  const s = result.suppressed;
  return s ? s.baseline + s.config + s.inline : 0;
}

/** "5 known keys suppressed by the baseline", "3 known keys suppressed (2 by the baseline, 1 by …)"; '' for none. */
export function suppressedPhrase(counts: SuppressionCounts | undefined): string {
  if (!counts) return '';
  const kinds = (Object.keys(BY) as SuppressionKind[]).filter((k) => counts[k] > 0);
  const total = kinds.reduce((n, k) => n + counts[k], 0);
  if (total === 0) return '';
  const keys = `${total} known ${total === 1 ? 'key' : 'keys'} suppressed`;
  if (kinds.length === 1) return `${keys} ${BY[kinds[0]!]}`;
  return `${keys} (${kinds.map((k) => `${counts[k]} ${BY[k]}`).join(', ')})`;
}
