// Turns the validated config into the matchers the detector and the sources use.
import { createRequire } from 'node:module';
import type Picomatch from 'picomatch';
import type { RE2JS } from 're2js';
import { RULE_IDS, type RuleId } from '../core/types.js';
import { SHA256_PREFIX, type ProjectConfig } from './schema.js';

// picomatch and re2js are loaded on first use, not with this module: a config without globs or allow
// patterns (and the pre-commit hook's bundle, which holds this file) never needs them.
const requireLibrary = createRequire(import.meta.url);
let picomatchLib: typeof Picomatch | undefined;
let re2jsLib: typeof RE2JS | undefined;

/** picomatch, loaded on first use. */
export function picomatch(glob: string, options: Picomatch.PicomatchOptions): Picomatch.Matcher {
  picomatchLib ??= requireLibrary('picomatch') as typeof Picomatch;
  return picomatchLib(glob, options);
}

function re2js(): typeof RE2JS {
  return (re2jsLib ??= (requireLibrary('re2js') as typeof import('re2js')).RE2JS);
}

/** Same signature as `DetectOptions.allow`: true means "never report this key". */
export type AllowFn = (secret: string, secretHash: string) => boolean;

/**
 * Compiles an allow pattern with RE2 semantics (re2js): matching takes time linear in the key, so no
 * pattern, however written, can stall a scan. JavaScript spellings (`(?<name>…)`, `\/`) are accepted;
 * look-arounds and back-references are not (RE2JSSyntaxException, reported by the config check).
 */
export function compileAllowPattern(entry: string): RE2JS {
  const re2 = re2js();
  return re2.compile(re2.translateRegExp(entry));
}

/** Builds the allow-list matcher; undefined when the config allows nothing. */
export function buildAllow(entries: readonly string[] | undefined): AllowFn | undefined {
  if (!entries || entries.length === 0) return undefined;
  const hashes = new Set<string>();
  const regexes: RE2JS[] = [];
  for (const entry of entries) {
    if (entry.toLowerCase().startsWith(SHA256_PREFIX)) hashes.add(entry.slice(SHA256_PREFIX.length).toLowerCase());
    else regexes.push(compileAllowPattern(entry));
  }
  return (secret, secretHash) => hashes.has(secretHash.toLowerCase()) || regexes.some((re) => re.test(secret));
}

export function disabledRules(config: ProjectConfig): RuleId[] {
  return RULE_IDS.filter((id) => config.rules?.[id] === 'off');
}

// Characters that make a glob more than a literal path (picomatch syntax, plus its escape).
const GLOB_SYNTAX = /[*?[\]{}()!+@\\]/;

/** True when picomatch would read `glob` as a plain path: no compiled matcher needed. */
export function isLiteralGlob(glob: string): boolean {
  return !GLOB_SYNTAX.test(glob);
}

/**
 * Builds a matcher for `/`-separated paths relative to the config's base directory, with .gitignore
 * habits: a leading `/` anchors, a glob without `/` matches at any depth, and a matching directory
 * covers everything below it.
 *
 * Built once per config, in time linear in the globs, and cheap per path however many there are:
 * literal entries (`dist`, `fixtures/**`, `a/b.env`) are set lookups, other globs are indexed by the
 * literal end of their last segment (`*.min.js` by ".min.js"), so a path tries only the globs whose
 * ending it has; only globs that end in a wildcard are tried on every path.
 */
export function buildPathMatcher(globs: readonly string[] | undefined): (relPath: string) => boolean {
  if (!globs || globs.length === 0) return () => false;
  const paths = new Set<string>();
  const names = new Set<string>();
  const byEnding = new Map<string, ((path: string) => boolean)[]>();
  const always: ((path: string) => boolean)[] = [];
  for (const glob of globs) {
    const g = normalizeGlob(glob);
    const dir = g.replace(/\/\*\*$/, '');
    if (isLiteralGlob(dir)) {
      paths.add(dir);
      continue;
    }
    const name = g.slice(3);
    if (g.startsWith('**/') && isLiteralGlob(name) && !name.includes('/')) {
      names.add(name);
      continue;
    }
    const matcher = picomatch(g, { dot: true, strictBrackets: true });
    const ending = /[^*?[\]{}()!+@\\/]*$/.exec(g)![0];
    if (ending === '') always.push(matcher);
    else {
      const list = byEnding.get(ending);
      if (list) list.push(matcher);
      else byEnding.set(ending, [matcher]);
    }
  }
  const matchesOne = (path: string): boolean => {
    if (paths.has(path)) return true;
    const slash = path.lastIndexOf('/');
    const last = path.slice(slash + 1);
    if (names.has(last)) return true;
    if (byEnding.size > 0) {
      for (let i = 0; i < last.length; i++) {
        const list = byEnding.get(last.slice(i));
        if (list?.some((m) => m(path))) return true;
      }
    }
    return always.some((m) => m(path));
  };
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
