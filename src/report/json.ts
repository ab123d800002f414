// JSON report (contract, docs/output-formats.md#json): exactly the listed fields, keys masked unless showSecrets.
import type { BaselineEntry, Finding, Reporter, ScanResult, Skipped, SuppressionCounts } from '../core/types.js';
import { shownKey } from '../core/redact.js';

export interface JsonFinding {
  ruleId: Finding['ruleId'];
  confidence: Finding['confidence'];
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  commit?: string;
  author?: string;
  date?: string;
  match: string;
  secretHash: string;
  fingerprint: string;
  env?: Finding['env'];
  verification?: Finding['verification'];
  /** With --verify: what Pinecall said (org, scopes, "expired", or why it is unknown). Never a secret. */
  verificationDetail?: string;
  /** The key was found base64-decoded (a Kubernetes Secret's data:). */
  encoding?: Finding['encoding'];
  /** The key reaches every visitor's browser (a bundler-public name or a built client bundle). */
  exposure?: Finding['exposure'];
  /** A production key in a test or dev place. */
  placeHint?: Finding['placeHint'];
  /** Found inside an archive: the archive's path (`file` reads `archive!/inner/path`). */
  archive?: string;
  /** Found in a binary's printable runs: the key's byte offset (`line` is then the run's ordinal). */
  byteOffset?: number;
  /** Found in built code with a source map: the original source, line and column it maps back to. */
  original?: Finding['original'];
}

export interface JsonReport {
  version: 1;
  findings: JsonFinding[];
  /** How many findings each mechanism hid (they are not in `findings`); every scan sets it. */
  summary?: { findings: number; suppressed: SuppressionCounts };
  skipped: Pick<Skipped, 'file' | 'reason'>[];
  stats: ScanResult['stats'];
  /** Only with --baseline: entries that matched nothing in this scan. */
  staleBaseline?: BaselineEntry[];
  /** History scans of a shallow clone: only the commits present were scanned. */
  shallow?: true;
}

function toJsonFinding(f: Finding, showSecrets: boolean): JsonFinding {
  return {
    ruleId: f.ruleId,
    confidence: f.confidence,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    ...(f.commit !== undefined && { commit: f.commit }),
    ...(f.author !== undefined && { author: f.author }),
    ...(f.date !== undefined && { date: f.date }),
    match: shownKey(f, showSecrets),
    secretHash: f.secretHash,
    fingerprint: f.fingerprint,
    ...(f.env !== undefined && { env: f.env }),
    ...(f.verification !== undefined && { verification: f.verification }),
    ...(f.verificationDetail !== undefined && { verificationDetail: f.verificationDetail }),
    ...(f.encoding !== undefined && { encoding: f.encoding }),
    ...(f.exposure !== undefined && { exposure: f.exposure }),
    ...(f.placeHint !== undefined && { placeHint: f.placeHint }),
    ...(f.archive !== undefined && { archive: f.archive }),
    ...(f.byteOffset !== undefined && { byteOffset: f.byteOffset }),
    ...(f.original !== undefined && { original: { file: f.original.file, line: f.original.line, column: f.original.column } }),
  };
}

export function toJsonReport(result: ScanResult, showSecrets: boolean): JsonReport {
  return {
    version: 1,
    findings: result.findings.map((f) => toJsonFinding(f, showSecrets)),
    ...(result.suppressed !== undefined && {
      summary: { findings: result.findings.length, suppressed: { ...result.suppressed } },
    }),
    skipped: result.skipped.map((s) => ({ file: s.file, reason: s.reason })),
    stats: {
      files: result.stats.files,
      bytes: result.stats.bytes,
      commits: result.stats.commits,
      durationMs: result.stats.durationMs,
    },
    ...(result.staleBaseline !== undefined &&
      result.staleBaseline.length > 0 && {
        staleBaseline: result.staleBaseline.map((e) => ({ ruleId: e.ruleId, secretHash: e.secretHash, file: e.file })),
      }),
    ...(result.shallow === true && { shallow: true as const }),
  };
}

export const jsonReporter: Reporter = (result, options) =>
  JSON.stringify(toJsonReport(result, options.showSecrets), null, 2) + '\n';
