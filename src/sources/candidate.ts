// Turning a source's candidate (decoded text, a binary's printable runs, an archive entry) into
// findings: the detector runs on the text, then each finding gets the byte offset and archive that
// only the source knows.
import type { Finding } from '../core/types.js';
import { byteOffsetAt, type RunTable } from './binary-strings.js';
import type { DetectFn } from './source.js';

export interface Candidate {
  /** Reported path: relative, forward slashes; `archive!/inner` inside an archive. */
  rel: string;
  text: string;
  /** Set for a binary's printable runs. */
  runs?: RunTable;
  /** Set for an archive entry: the archive's own path. */
  archive?: string;
  /** The file on disk (files source), to find a script's source map beside it. */
  abs?: string | Uint8Array;
}

export function detectCandidate(detect: DetectFn, c: Candidate): Finding[] {
  const findings = detect({ text: c.text, path: c.rel });
  for (const f of findings) {
    if (c.runs) {
      f.byteOffset = byteOffsetAt(c.runs, f.start);
      // A key never spans two runs (they are joined by newlines), so its end maps within its run.
      f.byteLength = byteOffsetAt(c.runs, f.end) - f.byteOffset;
    }
    if (c.archive !== undefined) f.archive = c.archive;
  }
  return findings;
}
