// Finds and loads the project config: `.pinecall-scan.json` or `package.json#pinecallScan`, from the
// scanned directory upward to the repository root; an explicit `--config FILE` wins.
// The CLI uses the async API; the ESLint rules call loadConfigSync once per directory (cached).
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { RuleId } from '../core/types.js';
import { buildAllow, buildPathMatcher, disabledRules, type AllowFn } from './allow.js';
import { errorCode } from '../fs-util.js';
import { displayPath, toPosixPath } from '../paths.js';
import { CONFIG_FILE, PACKAGE_JSON_KEY, emptyConfig } from './discover.js';
import { parseJson } from './json.js';
import { validateConfig, type ProjectConfig } from './schema.js';

export { CONFIG_FILE, PACKAGE_JSON_KEY };

export interface LoadedConfig {
  /** Absolute path of the file the config came from; absent when none was found. */
  file?: string;
  /** `ignorePaths` are relative to this directory. */
  baseDir: string;
  config: ProjectConfig;
  disabledRules: RuleId[];
  allow?: AllowFn;
  maxFileSize?: number;
  /** True when an absolute path falls under `ignorePaths`. */
  isIgnored(absolutePath: string): boolean;
  /** A matcher for `/`-separated paths relative to `root` (how sources and findings name files). */
  ignoreFilter(root: string): (relPath: string) => boolean;
}

export interface LoadConfigOptions {
  /** The scanned root: discovery starts here. */
  root: string;
  /** `--config FILE`, resolved against `cwd`. */
  explicit?: string;
  /** A config given as an object (the programmatic API): validated like a file; `ignorePaths` relative to `cwd`. */
  object?: unknown;
  /** No config at all: no discovery. */
  none?: boolean;
  cwd?: string;
}

/** Loads the config for a CLI run. Throws ConfigError (exit 2) on a bad file. */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  if (options.none) return emptyConfig(resolve(cwd, options.root));
  if (options.object !== undefined) return build(validateConfig(options.object, '<config object>'), undefined, cwd);
  if (options.explicit !== undefined) {
    const file = resolve(cwd, options.explicit);
    const label = displayPath(file, cwd);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`${label}: cannot read (${errorCode(err)})`);
    }
    return explicitConfig(text, file, label, cwd);
  }
  let dir = resolve(cwd, options.root);
  for (;;) {
    const found = await candidateAsync(dir, cwd);
    if (found) return found;
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return emptyConfig(resolve(cwd, options.root));
    dir = parent;
  }
}

const syncCache = new Map<string, LoadedConfig>();

/**
 * The config that applies to files in `fromDir` (absolute), discovered upward as the CLI does.
 * Cached per directory for the life of the process; throws ConfigError on a bad file.
 */
export function loadConfigSync(fromDir: string): LoadedConfig {
  const start = resolve(fromDir);
  const visited: string[] = [];
  let dir = start;
  let result: LoadedConfig | undefined;
  for (;;) {
    result = syncCache.get(dir);
    if (result) break;
    visited.push(dir);
    result = candidateSync(dir);
    if (result) break;
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) {
      result = emptyConfig(dir);
      break;
    }
    dir = parent;
  }
  for (const d of visited) syncCache.set(d, result);
  return result;
}

export function clearConfigCache(): void {
  syncCache.clear();
}

async function candidateAsync(dir: string, cwd: string): Promise<LoadedConfig | undefined> {
  const own = join(dir, CONFIG_FILE);
  const ownText = await readIfExists(own, cwd);
  if (ownText !== undefined) return fromConfigFile(ownText, own, displayPath(own, cwd));
  const pkg = join(dir, 'package.json');
  const pkgText = await readIfExists(pkg, cwd, true);
  return pkgText === undefined ? undefined : fromPackageJson(pkgText, pkg, displayPath(pkg, cwd));
}

function candidateSync(dir: string): LoadedConfig | undefined {
  const own = join(dir, CONFIG_FILE);
  const ownText = readIfExistsSync(own);
  if (ownText !== undefined) return fromConfigFile(ownText, own, displayPath(own));
  const pkg = join(dir, 'package.json');
  const pkgText = readIfExistsSync(pkg, true);
  return pkgText === undefined ? undefined : fromPackageJson(pkgText, pkg, displayPath(pkg));
}

function fromConfigFile(text: string, file: string, label: string): LoadedConfig {
  return build(validateConfig(parseJson(text, label), label), file, dirname(file));
}

/** undefined when the package.json has no `pinecallScan` key (discovery goes on upward). */
function fromPackageJson(text: string, file: string, label: string): LoadedConfig | undefined {
  // Most package.json files have no config: skip parsing them.
  if (!text.includes(`"${PACKAGE_JSON_KEY}"`)) return undefined;
  const pkg = parseJson(text, label);
  if (pkg === null || typeof pkg !== 'object' || !(PACKAGE_JSON_KEY in pkg)) return undefined;
  const raw = (pkg as Record<string, unknown>)[PACKAGE_JSON_KEY];
  return build(validateConfig(raw, label, `/${PACKAGE_JSON_KEY}`), file, dirname(file));
}

function explicitConfig(text: string, file: string, label: string, cwd: string): LoadedConfig {
  if (basename(file) === 'package.json') {
    const found = fromPackageJson(text, file, label);
    if (!found) throw new ConfigError(`${label}: has no "${PACKAGE_JSON_KEY}" key`);
    return { ...found, ...matchers(found.config, cwd) };
  }
  return build(validateConfig(parseJson(text, label), label), file, cwd);
}

function build(config: ProjectConfig, file: string | undefined, baseDir: string): LoadedConfig {
  const loaded: LoadedConfig = {
    config,
    disabledRules: disabledRules(config),
    ...matchers(config, baseDir),
  };
  if (file !== undefined) loaded.file = file;
  const allow = buildAllow(config.allow);
  if (allow) loaded.allow = allow;
  if (config.maxFileSize !== undefined) loaded.maxFileSize = config.maxFileSize;
  return loaded;
}

function matchers(config: ProjectConfig, baseDir: string): Pick<LoadedConfig, 'baseDir' | 'isIgnored' | 'ignoreFilter'> {
  const matches = buildPathMatcher(config.ignorePaths);
  const hasGlobs = (config.ignorePaths?.length ?? 0) > 0;
  const isIgnored = (absolutePath: string): boolean =>
    hasGlobs && matches(toPosixPath(relative(baseDir, absolutePath)));
  const ignoreFilter = (root: string): ((relPath: string) => boolean) => {
    if (!hasGlobs) return () => false;
    const absRoot = resolve(root);
    if (absRoot === baseDir) return matches;
    const prefix = toPosixPath(relative(baseDir, absRoot));
    if (!prefix.startsWith('..')) return (relPath) => matches(`${prefix}/${relPath}`);
    return (relPath) => matches(toPosixPath(relative(baseDir, resolve(absRoot, relPath))));
  };
  return { baseDir, isIgnored, ignoreFilter };
}

// An unreadable package.json is skipped, not an error: most hold no config, and a project's
// package.json that pinecall-scan may not read (another user's, a directory by that name) is theirs.
async function readIfExists(file: string, cwd: string, optional = false): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if (optional || isMissing(err)) return undefined;
    throw new ConfigError(`${displayPath(file, cwd)}: cannot read (${errorCode(err)})`);
  }
}

function readIfExistsSync(file: string, optional = false): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if (optional || isMissing(err)) return undefined;
    throw new ConfigError(`${displayPath(file)}: cannot read (${errorCode(err)})`);
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

