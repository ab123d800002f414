// A key can sit outside the scanned text: in a file or directory name, a commit author, a path
// recorded in a hand-written baseline. Such places go through the scan's output masker, always (also
// with --show-secrets): the baseline is written from these findings and must never hold a key. A
// finding whose path was masked keeps the hash of its real path (non-enumerable `pathHash`), so a
// baseline entry still names exactly one file.
import { fingerprintOf, sha256Hex, type OutputMasker } from '../core/index.js';
import type { BaselineEntry, Finding, Skipped } from '../core/types.js';

export function createLocationMasker(maskText: OutputMasker): {
  findings(findings: readonly Finding[]): void;
  skipped(skipped: readonly Skipped[]): void;
  entries(entries: readonly BaselineEntry[]): BaselineEntry[];
} {
  const cache = new Map<string, string>();
  const mask = (text: string): string => {
    let masked = cache.get(text);
    if (masked === undefined) cache.set(text, (masked = maskText(text)));
    return masked;
  };
  return {
    findings(findings) {
      for (const f of findings) {
        const file = mask(f.file);
        if (file !== f.file) {
          Object.defineProperty(f, 'pathHash', { value: sha256Hex(f.file), enumerable: false, configurable: true });
          f.file = file;
          f.fingerprint = fingerprintOf(f.ruleId, f.secretHash, file);
        }
        if (f.author !== undefined) f.author = mask(f.author);
        if (f.archive !== undefined) f.archive = mask(f.archive);
        if (f.original !== undefined) f.original.file = mask(f.original.file);
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
