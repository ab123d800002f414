// What a caller asks of the scan pipeline. Every entry point (CLI, programmatic API, hooks, Action,
// fleet) builds one of these; nothing here knows about argv, TTYs or exit codes.
import type { DetectOptions } from '../core/detect.js';
import type { BaselineEntry } from '../core/types.js';
import type { ProjectConfig } from '../config/schema.js';
import type { VerifyTarget } from '../verify/target.js';

export interface ScanRequestCommon {
  /** Relative paths (files, repository, config, baseline) resolve here. Default `process.cwd()`. */
  cwd?: string;
  /**
   * The project config: a file path, a config object (validated like the file), or `false` for none.
   * Default: discovered upward from the scanned directory (`.pinecall-scan.json`, package.json).
   */
  config?: string | ProjectConfig | false;
  /** Known findings to leave out: a baseline file path, or its entries. */
  baseline?: string | readonly BaselineEntry[];
  /** Ask Pinecall whether each found key is live (sends keys over the network: opt-in). */
  verify?: boolean | VerifyRequest;
  /** Bytes; larger files are skipped. Wins over the config's `maxFileSize`. Default 10 MB. */
  maxFileSize?: number;
  /**
   * Archives (zip family, tar, gzip) are opened, and archives inside them down to this depth (the
   * archive itself is depth 1). 0 leaves archives unopened. Default 3. Files and staged scans, and
   * history scans with `history.archives`.
   */
  maxArchiveDepth?: number;
  /** Work out a remedy for each finding from where it sits (a few git calls). Default true. */
  remedies?: boolean;
  /** Detector options applied on top of the config's (the allow-list and disabled rules add up). */
  detect?: DetectOptions;
  /** History scans: called after each commit is read. */
  onProgress?: (done: number, total: number, findings: number) => void;
}

export interface VerifyRequest {
  /** Base URL of the verification endpoints, or an already resolved target. Default: Pinecall's hosts. */
  target?: string | VerifyTarget;
  /** Per request, ms. */
  timeoutMs?: number;
  /** The whole verification, ms. */
  budgetMs?: number;
}

/** Files and directories, as `pinecall-scan [paths…]`. */
export interface FilesScanRequest extends ScanRequestCommon {
  /** Files or directories; empty means `cwd`. */
  files: readonly string[];
  /** Honour .gitignore and skip node_modules (default true; false = `--no-ignore`). */
  respectGitignore?: boolean;
  /**
   * A symlink named in `files` is scanned at its target when that lies inside the root (the working
   * directory, or the link's own directory outside it); default false: such a link is listed as
   * skipped. Links met inside scanned directories are never followed.
   */
  followSymlinks?: boolean;
  /**
   * Build-output directories (`--build .next dist`), scanned whatever .gitignore says; findings in the
   * browser-served parts carry `exposure: 'client'`. With `files` empty, only these are scanned.
   */
  build?: readonly string[];
}

/** Git history, as `pinecall-scan --history`. */
export interface HistoryScanRequest extends ScanRequestCommon {
  history: {
    /** A revision range (`main..HEAD`); default every commit reachable from any ref. */
    range?: string;
    /**
     * Revisions as `git rev-list` takes them, instead of `range`: commit ids and ref names, plus
     * `--not`, `--all`, `--branches`, `--tags`, `--remotes[=…]`, `--exclude=…`. For hooks and
     * incremental runs: `[newTip, '--not', '--all']` is what a push adds; `[...tips, '--not', ...oldTips]`
     * what a fetch brought.
     */
    revs?: readonly string[];
    /** The repository (default `cwd`). */
    repo?: string;
    /**
     * Also scan commit messages and, without a range, annotated tag messages, notes and every stash
     * entry (default true).
     */
    messages?: boolean;
    /**
     * Also open archive blobs (zip family, tar, gzip) and scan their entries, down to
     * `maxArchiveDepth` (default false: an archive blob is listed as skipped).
     */
    archives?: boolean;
  };
}

/** The index, as the pre-commit hook's `pinecall-scan --staged`. */
export interface StagedScanRequest extends ScanRequestCommon {
  staged: true | { repo?: string };
}

/** One text, as `pinecall-scan --stdin`. */
export interface TextScanRequest extends ScanRequestCommon {
  /** Text, or bytes decoded as a file's are (BOM-aware UTF-8/UTF-16; chunked when too big for one string). */
  text: string | Uint8Array;
  /** The name findings report (default `<stdin>`). */
  path?: string;
}

export type ScanRequest = FilesScanRequest | HistoryScanRequest | StagedScanRequest | TextScanRequest;
