// What the project config contributes to one scan: detector options, the path filter and the
// file-size limit, with the paths each mode reports findings against.
import path from 'node:path';
import type { DetectOptions } from '../core/index.js';
import type { Finding, ScanMode } from '../core/types.js';
import { isDirectory } from '../fs-util.js';
import { isInside } from '../paths.js';
import { emptyConfig, mayHaveConfig } from './discover.js';
import type { LoadedConfig, LoadConfigOptions } from './load.js';
import type { ProjectConfig } from './schema.js';

export interface ScanConfigOptions {
  /** The first scanned path (a file or directory, absolute); for text scans, the working directory. */
  scanned: string;
  /** A text scan (no file system path): config discovery starts at `cwd`. */
  text: boolean;
  /** A config file path, a config object, or false for none; default: discovered upward. */
  config?: string | ProjectConfig | false;
  /** Bytes, given by the caller: wins over the config's maxFileSize. */
  maxFileSize?: number;
  /**
   * The top level of the git work tree holding a directory, undefined outside one: history and staged
   * findings are relative to it. The pipeline passes the git module's (config/ runs no git itself).
   */
  workTreeTop: (dir: string) => Promise<string | undefined>;
}

export interface ScanConfig {
  loaded: LoadedConfig;
  detectOptions: DetectOptions;
  /** For the files source: paths (relative to the working directory) the config leaves out. */
  exclude?: (file: string) => boolean;
  /** Bytes: the caller's, else the config's; absent when neither says. */
  maxFileSize?: number;
  /** The directory finding paths are relative to, for this mode. */
  findingsRoot(mode: ScanMode): Promise<string>;
  /** Drops findings under ignorePaths (history, staged and stdin findings are not filtered at the source). */
  dropIgnored(mode: ScanMode, findings: Finding[]): Promise<Finding[]>;
}


/** The loader (validator, picomatch, re2js) is imported only when there is a config to load. */
async function loadProjectConfig(options: LoadConfigOptions & { cwd: string }): Promise<LoadedConfig> {
  const discovering = options.explicit === undefined && options.object === undefined;
  if (options.none || (discovering && !mayHaveConfig(path.resolve(options.cwd, options.root)))) {
    return emptyConfig(path.resolve(options.cwd, options.root));
  }
  return (await import('./load.js')).loadConfig(options);
}


export async function resolveScanConfig(options: ScanConfigOptions, cwd: string): Promise<ScanConfig> {
  const first = options.scanned;
  const firstIsDir = options.text || isDirectory(first);
  const scanned = options.text ? cwd : firstIsDir ? first : path.dirname(first);
  const given = options.config;
  const loaded = await loadProjectConfig({
    root: scanned,
    cwd,
    ...(typeof given === 'string' && { explicit: given }),
    ...(typeof given === 'object' && { object: given }),
    ...(given === false && { none: true }),
  });

  const detectOptions: DetectOptions = {};
  if (loaded.disabledRules.length > 0) detectOptions.disabledRules = loaded.disabledRules;
  if (loaded.allow) detectOptions.allow = loaded.allow;

  // Same rule as the files source: paths are reported relative to the working directory when the
  // scanned path is inside it, otherwise relative to the scanned directory.
  const filesRoot = isInside(first, cwd) ? cwd : scanned;
  let repoTop: Promise<string> | undefined;
  const findingsRoot = (mode: ScanMode): Promise<string> => {
    if (mode !== 'history' && mode !== 'staged') return Promise.resolve(mode === 'stdin' ? cwd : filesRoot);
    repoTop ??= options.workTreeTop(scanned).then((top) => top ?? scanned);
    return repoTop;
  };
  const hasGlobs = (loaded.config.ignorePaths?.length ?? 0) > 0;
  const maxFileSize = options.maxFileSize ?? loaded.maxFileSize;

  const config: ScanConfig = {
    loaded,
    detectOptions,
    ...(maxFileSize !== undefined && { maxFileSize }),
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
