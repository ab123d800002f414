// The programmatic API: the detector and the scans the CLI runs, without the CLI.
import { compareFindings, detect, type DetectOptions } from './core/index.js';
import type { Finding, ScanResult } from './core/types.js';
import { DEFAULT_MAX_FILE_SIZE } from './sources/limits.js';
import { scanPaths } from './sources/files.js';

export type * from './core/types.js';
export { RULE_IDS } from './core/types.js';
export {
  detect,
  hasKeyword,
  maskSecret,
  sha256Hex,
  isPlaceholder,
  looksLikeSecretValue,
  RULES,
  RULE_DOCS,
  makeKey,
  makeOpsKey,
  type DetectOptions,
  type KeyPrefix,
} from './core/index.js';

export interface ScanTextOptions extends DetectOptions {
  /** Reported file name (default `<text>`). */
  path?: string;
}

/** Finds Pinecall keys in a string. */
export function scanText(text: string, options: ScanTextOptions = {}): Finding[] {
  const { path = '<text>', ...detectOptions } = options;
  return detect({ text, path }, detectOptions);
}

export interface ScanFilesOptions extends DetectOptions {
  /** Base for relative paths and reported file names (default `process.cwd()`). */
  cwd?: string;
  /** Honour .gitignore and skip node_modules (default true). */
  ignore?: boolean;
  /** Bytes (default 10 MB). */
  maxFileSize?: number;
}

/** Scans files and directories as `pinecall-scan [paths…]` does; findings sorted by file, line, column. */
export async function scanFiles(paths: readonly string[], options: ScanFilesOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const { cwd = process.cwd(), ignore = true, maxFileSize = DEFAULT_MAX_FILE_SIZE, ...detectOptions } = options;
  const outcome = await scanPaths({ cwd, paths, ignore, maxFileSize }, (f) => detect(f, detectOptions));
  const findings = outcome.findings.sort(compareFindings);
  return {
    mode: 'files',
    findings,
    skipped: outcome.skipped,
    stats: { ...outcome.stats, durationMs: Math.round(performance.now() - started) },
  };
}
