// The cheap half of config discovery: does anything from the scanned directory up to the repository
// root look like a project config? Most repositories have none, and then the loader (load.ts, with the
// schema validator, picomatch and re2js) is never imported: the pre-commit hook pays on every commit.
// When something is there, load.ts walks again and decides; this never parses or judges a file.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { LoadedConfig } from './load.js';

export const CONFIG_FILE = '.pinecall-scan.json';
export const PACKAGE_JSON_KEY = 'pinecallScan';

/**
 * True when load.ts's upward walk from `root` would meet a config file, a package.json that mentions
 * the config key, or a config file it cannot read (an error load.ts reports); false when it would
 * find nothing and return the empty config. Same walk: each directory up to one holding `.git`.
 */
export function mayHaveConfig(root: string): boolean {
  for (let dir = resolve(root); ; ) {
    try {
      readFileSync(join(dir, CONFIG_FILE));
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return true;
    }
    try {
      if (readFileSync(join(dir, 'package.json'), 'utf8').includes(`"${PACKAGE_JSON_KEY}"`)) return true;
    } catch {
      // load.ts skips an unreadable package.json too
    }
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return false;
    dir = parent;
  }
}

/** What applies when there is no config: nothing disabled, allowed or ignored. */
export function emptyConfig(baseDir: string): LoadedConfig {
  return { config: {}, disabledRules: [], baseDir, isIgnored: () => false, ignoreFilter: () => () => false };
}
