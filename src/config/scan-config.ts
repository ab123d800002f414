// What the project config contributes to one CLI scan: detector options, the path filter and the
// file-size limit, with the paths each mode reports findings against.
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DetectOptions } from '../core/index.js';
import type { Finding, ScanMode } from '../core/types.js';
import { isInside } from '../paths.js';
import { loadConfig, type LoadedConfig } from './load.js';

export interface ScanConfigOptions {
  paths: readonly string[];
  history: boolean;
  staged: boolean;
  stdin: boolean;
  config?: string;
  maxFileSize: number;
  /** --max-file-size was given: it wins over the config's maxFileSize. */
  maxFileSizeGiven?: boolean;
}

export interface ScanConfig {
  loaded: LoadedConfig;
  detectOptions: DetectOptions;
  /** For the files source: paths (relative to the working directory) the config leaves out. */
  exclude?: (file: string) => boolean;
  maxFileSize: number;
  /** The directory finding paths are relative to, for this mode. */
  findingsRoot(mode: ScanMode): Promise<string>;
  /** Drops findings under ignorePaths (history, staged and stdin findings are not filtered at the source). */
  dropIgnored(mode: ScanMode, findings: Finding[]): Promise<Finding[]>;
}

const run = promisify(execFile);

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

export async function resolveScanConfig(options: ScanConfigOptions, cwd: string): Promise<ScanConfig> {
  const first = path.resolve(cwd, options.paths[0] ?? '.');
  const firstIsDir = options.stdin || (await isDirectory(first));
  const scanned = options.stdin ? cwd : firstIsDir ? first : path.dirname(first);
  const loaded = await loadConfig({ root: scanned, cwd, ...(options.config !== undefined && { explicit: options.config }) });

  const detectOptions: DetectOptions = {};
  if (loaded.disabledRules.length > 0) detectOptions.disabledRules = loaded.disabledRules;
  if (loaded.allow) detectOptions.allow = loaded.allow;

  // Same rule as the files source: paths are reported relative to the working directory when the
  // scanned path is inside it, otherwise relative to the scanned directory.
  const filesRoot = isInside(first, cwd) ? cwd : scanned;
  let repoTop: Promise<string> | undefined;
  const findingsRoot = (mode: ScanMode): Promise<string> => {
    if (mode !== 'history' && mode !== 'staged') return Promise.resolve(mode === 'stdin' ? cwd : filesRoot);
    repoTop ??= run('git', ['rev-parse', '--show-toplevel'], { cwd: scanned, encoding: 'utf8' }).then(
      (r) => r.stdout.trim(),
      () => scanned,
    );
    return repoTop;
  };
  const hasGlobs = (loaded.config.ignorePaths?.length ?? 0) > 0;

  const config: ScanConfig = {
    loaded,
    detectOptions,
    maxFileSize: options.maxFileSizeGiven ? options.maxFileSize : (loaded.maxFileSize ?? options.maxFileSize),
    findingsRoot,
    async dropIgnored(mode, findings) {
      if (!hasGlobs || findings.length === 0) return findings;
      const ignored = loaded.ignoreFilter(await findingsRoot(mode));
      return findings.filter((f) => !ignored(f.file));
    },
  };
  if (hasGlobs) config.exclude = loaded.ignoreFilter(filesRoot);
  return config;
}
