// The one contract module: sources, detector, filters, reporters, CLI and ESLint rules all speak these types.
// How they flow through the floors: docs/architecture.md; the JSON contract: docs/output-formats.md.
import type { RULES } from './patterns.js';

/** The ids of the rules in patterns.ts, derived from them. */
export type RuleId = (typeof RULES)[number]['id'];

export { RULE_IDS } from './patterns.js';

export type Confidence = 'high' | 'medium' | 'low';

/** `pc_live_` keys are production keys, `pc_test_` keys are sandbox server tokens. */
export type KeyEnv = 'production' | 'sandbox';

/** Why a finding's place deserves extra advice. */
export type PlaceHint = 'production-key-in-test-place';

export type Verification = 'active' | 'inactive' | 'unknown';

/** Text with provenance, as produced by a source. */
export interface Fragment {
  text: string;
  /** Path relative to the scan root, forward slashes. */
  path: string;
  /** 1-based file line of the fragment's first line (default 1). */
  startLine?: number;
  /**
   * For diff fragments whose lines are not contiguous in the file: the 1-based file line of each
   * fragment line, in order. Wins over startLine.
   */
  lineMap?: readonly number[];
  commit?: string;
  author?: string;
  date?: string;
}

/** A place in an original source, as a source map names it (1-based line and column). */
export interface OriginalPlace {
  file: string;
  line: number;
  column: number;
}

/** What the detector returns: offsets into the fragment plus file coordinates. */
export interface Finding {
  ruleId: RuleId;
  confidence: Confidence;
  /**
   * The rule's title ("Pinecall API key", `RULE_DOCS[ruleId].title`). Named `description` because
   * `scan`, `scanText` and `detect` return findings as they are: renaming it would break API users.
   */
  description: string;
  /** Relative path, forward slashes. */
  file: string;
  /** 1-based, UTF-16 code units, of the first character of the key. */
  line: number;
  column: number;
  endLine: number;
  /** 1-based column just past the last character of the key (exclusive end). */
  endColumn: number;
  /** Offsets of the key in the fragment text (0-based, end exclusive). */
  start: number;
  end: number;
  /** Masked key, e.g. `pc_live_Ab…(51)` — safe to print. */
  match: string;
  /** sha256 hex of the key. */
  secretHash: string;
  /** `ruleId:secretHash-prefix:file`. */
  fingerprint: string;
  env?: KeyEnv;
  /** Set when the key was found inside an encoded value (e.g. base64 in a Kubernetes Secret). */
  encoding?: 'base64';
  /**
   * Set when the key reaches every visitor's browser: a bundler-public name
   * (`NEXT_PUBLIC_PINECALL_API_KEY=…`) or a built client bundle.
   */
  exposure?: 'client';
  /** A production key in a test or dev place (test file, fixture, `.env.test`, a CI test job). */
  placeHint?: PlaceHint;
  /**
   * Set when the key was found inside an archive: the archive's own path (on disk, or in the
   * repository). `file` then reads `archive!/inner/path` (`!/` again for each nested archive).
   */
  archive?: string;
  /**
   * Set when the key was found in a binary file's printable runs: the 0-based byte offset of its
   * first byte (in the innermost archive entry when `archive` is set). `line` is then the ordinal of
   * the printable run, `column` the character within it.
   */
  byteOffset?: number;
  /** With byteOffset: the key's length in bytes (twice its length in UTF-16 runs). */
  byteLength?: number;
  /**
   * Set for a key in a source map's `sourcesContent`, or in a script whose source map maps the key's
   * position: the original source and line it comes from (the path as the map names it).
   */
  original?: OriginalPlace;
  commit?: string;
  author?: string;
  date?: string;
  verification?: Verification;
  /** Free text from verification (org, scopes, "expired", reason for unknown). Never a secret. */
  verificationDetail?: string;
  /**
   * sha256 hex of the real path, set (non-enumerable) when `file` is shown masked because the path
   * holds a key: the baseline records it so its entry still names exactly one file.
   */
  readonly pathHash?: string;
  /**
   * The key in clear. Non-enumerable on every Finding the detector creates, so JSON.stringify and
   * object spreads never carry it into output by accident; read it only to verify, hash or --show-secrets.
   */
  readonly secret: string;
}

export interface Skipped {
  file: string;
  reason: 'binary' | 'too-large' | 'unreadable' | 'symlink-outside-root' | 'symlink-loop' | string;
  detail?: string;
}

export interface ScanStats {
  files: number;
  bytes: number;
  commits: number;
  durationMs: number;
}

export type ScanMode = 'files' | 'history' | 'staged' | 'stdin';

/**
 * What hid a finding from the report: a baseline entry, the project config (`allow`, `ignorePaths`)
 * or an inline `pinecall-scan:allow` marker.
 */
export type SuppressionKind = 'baseline' | 'config' | 'inline';

export type SuppressionCounts = Record<SuppressionKind, number>;

/** A finding a suppression mechanism hid (SARIF reports these as suppressed results). */
export interface SuppressedFinding {
  by: SuppressionKind;
  finding: Finding;
}

export interface ScanResult {
  mode: ScanMode;
  findings: Finding[];
  skipped: Skipped[];
  stats: ScanStats;
  /** History scans of a shallow clone only see what is there. */
  shallow?: boolean;
  /** Baseline entries that matched nothing in this scan. */
  staleBaseline?: BaselineEntry[];
  /** Where each finding sits, so the remedy can fit the place (keyed by fingerprint). */
  remedies?: Record<string, string>;
  /** How many findings each mechanism hid (set by the scan pipeline). */
  suppressed?: SuppressionCounts;
  /** The findings behind `suppressed`, in scan order (set by the scan pipeline). */
  suppressedFindings?: SuppressedFinding[];
  /** The baseline file the scan applied, as given (the stale-entry hint names it). */
  baselineFile?: string;
  /**
   * History findings whose key is no longer in the working tree at that path (keyed by fingerprint):
   * reports point at the commit rather than at a file that no longer holds it.
   */
  historyOnly?: Record<string, true>;
}

export interface BaselineEntry {
  ruleId: RuleId;
  secretHash: string;
  /** The path, masked when it holds a key. */
  file: string;
  /** sha256 hex of the real path, only when `file` is masked. */
  pathHash?: string;
}

export interface ReportOptions {
  showSecrets: boolean;
  color: boolean;
}

/** A reporter is a pure function from a result to the text of a report. */
export type Reporter = (result: ScanResult, options: ReportOptions) => string;
