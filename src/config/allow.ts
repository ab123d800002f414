// Turns the validated config into the matchers the detector and the sources use.
import picomatch from 'picomatch';
import { RULE_IDS, type RuleId } from '../core/types.js';
import { SHA256_PREFIX, type ProjectConfig } from './schema.js';

/** Same signature as `DetectOptions.allow`: true means "never report this key". */
export type AllowFn = (secret: string, secretHash: string) => boolean;

/** Builds the allow-list matcher; undefined when the config allows nothing. */
export function buildAllow(entries: readonly string[] | undefined): AllowFn | undefined {
  if (!entries || entries.length === 0) return undefined;
  const hashes = new Set<string>();
  const regexes: RegExp[] = [];
  for (const entry of entries) {
    if (entry.toLowerCase().startsWith(SHA256_PREFIX)) hashes.add(entry.slice(SHA256_PREFIX.length).toLowerCase());
    else regexes.push(new RegExp(entry));
  }
  return (secret, secretHash) => hashes.has(secretHash.toLowerCase()) || regexes.some((re) => re.test(secret));
}

export function disabledRules(config: ProjectConfig): RuleId[] {
  return RULE_IDS.filter((id) => config.rules?.[id] === 'off');
}

/**
 * Builds a matcher for `/`-separated paths relative to the config's base directory, with .gitignore
 * habits: a leading `/` anchors, a glob without `/` matches at any depth, and a matching directory
 * covers everything below it.
 */
export function buildPathMatcher(globs: readonly string[] | undefined): (relPath: string) => boolean {
  if (!globs || globs.length === 0) return () => false;
  const matchers = globs.map((glob) => picomatch(normalizeGlob(glob), { dot: true, strictBrackets: true }));
  const matchesOne = (path: string): boolean => matchers.some((m) => m(path));
  return (relPath) => {
    const path = relPath.replace(/^\.\//, '');
    if (path === '' || path === '..' || path.startsWith('../')) return false;
    if (matchesOne(path)) return true;
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
      if (matchesOne(path.slice(0, i))) return true;
    }
    return false;
  };
}

function normalizeGlob(glob: string): string {
  let g = glob.trim().replace(/^\.\//, '');
  const anchored = g.startsWith('/');
  if (anchored) g = g.replace(/^\/+/, '');
  g = g.replace(/\/+$/, '');
  if (!anchored && !g.includes('/')) g = `**/${g}`;
  return g;
}
