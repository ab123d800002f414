// A key can sit outside the scanned text: in a file or directory name, a commit author, a path
// recorded in a hand-written baseline. Such places are masked like keys, always (also with
// --show-secrets): the baseline is written from these findings and must never hold a key, and a
// masked path is stable, so baselines keep matching. Only text the detector finds a key in changes.
import { fingerprintOf, redactSecrets } from '../core/index.js';
import type { BaselineEntry, Finding, Skipped } from '../core/types.js';

export function createLocationMasker(): {
  findings(findings: readonly Finding[]): void;
  skipped(skipped: readonly Skipped[]): void;
  entries(entries: readonly BaselineEntry[]): BaselineEntry[];
} {
  const cache = new Map<string, string>();
  const mask = (text: string): string => {
    let masked = cache.get(text);
    if (masked === undefined) cache.set(text, (masked = redactSecrets(text)));
    return masked;
  };
  return {
    findings(findings) {
      for (const f of findings) {
        const file = mask(f.file);
        if (file !== f.file) {
          f.file = file;
          f.fingerprint = fingerprintOf(f.ruleId, f.secretHash, file);
        }
        if (f.author !== undefined) f.author = mask(f.author);
      }
    },
    skipped(skipped) {
      for (const s of skipped) {
        s.file = mask(s.file);
        if (s.detail !== undefined) s.detail = mask(s.detail);
      }
    },
    entries: (entries) => entries.map((e) => ({ ...e, file: mask(e.file) })),
  };
}
