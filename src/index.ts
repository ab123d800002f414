// The programmatic API: the scan pipeline the CLI runs (`scan`), the detector, and small helpers.
import { detect, type DetectOptions } from './core/index.js';
import type { Finding } from './core/types.js';
import { scan, type ScanOutcome } from './scan/index.js';

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
export * from './scan/index.js';
export type { ProjectConfig } from './config/schema.js';
export { ScanError, UsageError, ConfigError, EnvironmentError } from './errors.js';

export interface ScanTextOptions extends DetectOptions {
  /** Reported file name (default `<text>`). */
  path?: string;
}

/**
 * Finds Pinecall keys in a string: the detector alone, synchronously (no config, baseline or
 * verification; `scan({ text })` runs the whole pipeline).
 */
export function scanText(text: string, options: ScanTextOptions = {}): Finding[] {
  const { path = '<text>', ...detectOptions } = options;
  return detect({ text, path }, detectOptions);
}

export interface ScanFilesOptions extends DetectOptions {
  /** Base for relative paths and reported file names (default `process.cwd()`). */
  cwd?: string;
  /** Honour .gitignore and skip node_modules (default true); `scan`'s `respectGitignore`. */
  respectGitignore?: boolean;
  /** @deprecated The old name of `respectGitignore`, still honoured (`respectGitignore` wins). */
  ignore?: boolean;
  /** Bytes (default 10 MB). */
  maxFileSize?: number;
}

/**
 * Scans files and directories as `pinecall-scan [paths…]` does, without a project config (as before
 * `scan` existed); findings sorted by file, line, column.
 */
export async function scanFiles(paths: readonly string[], options: ScanFilesOptions = {}): Promise<ScanOutcome> {
  const { cwd, ignore, respectGitignore = ignore, maxFileSize, ...detectOptions } = options;
  return scan({
    files: paths,
    config: false,
    remedies: false,
    detect: detectOptions,
    ...(cwd !== undefined && { cwd }),
    ...(respectGitignore !== undefined && { respectGitignore }),
    ...(maxFileSize !== undefined && { maxFileSize }),
  });
}
