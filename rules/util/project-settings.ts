// Per-file settings from the project config (.pinecall-scan.json / package.json#pinecallScan), so the
// ESLint rule and the CLI honour the same allow-list, rule switches and ignored paths.
import { dirname, isAbsolute } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { loadConfigSync, type LoadedConfig } from '../../src/config/load.js';
import type { DetectOptions } from '../../src/core/index.js';

export interface FileSettings {
  /** Does the file match the config's ignorePaths? Asked only of files that pass the keyword gate. */
  ignored(): boolean;
  detectOptions: DetectOptions;
  /** One line naming the bad config file and field; the rule reports it instead of crashing ESLint. */
  configError?: string;
}

const notIgnored = (): boolean => false;
export const NO_PROJECT_SETTINGS: FileSettings = { ignored: notIgnored, detectOptions: {} };

// loadConfigSync caches configs per directory; failures are not cached there, so cache them here
// (a bad config would otherwise be re-read for every file in its tree).
const failures = new Map<string, string>();
const options = new WeakMap<LoadedConfig, DetectOptions>();

function detectOptionsOf(loaded: LoadedConfig): DetectOptions {
  let cached = options.get(loaded);
  if (!cached) {
    cached = { disabledRules: loaded.disabledRules, ...(loaded.allow ? { allow: loaded.allow } : {}) };
    options.set(loaded, cached);
  }
  return cached;
}

export function settingsForFile(filename: string): FileSettings {
  // Text linted without a file (`<input>`, `<text>`) has no directory to start discovery from.
  if (!isAbsolute(filename)) return NO_PROJECT_SETTINGS;
  const dir = dirname(filename);
  const failure = failures.get(dir);
  if (failure !== undefined) return { ...NO_PROJECT_SETTINGS, configError: failure };
  try {
    const loaded = loadConfigSync(dir);
    return { ignored: () => loaded.isIgnored(filename), detectOptions: detectOptionsOf(loaded) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    failures.set(dir, err.message);
    return { ...NO_PROJECT_SETTINGS, configError: err.message };
  }
}
