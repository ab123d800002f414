// Reported and matched paths use `/` on every OS (JSON, SARIF, baselines, config globs).
import { isAbsolute, relative, sep } from 'node:path';

export const toPosixPath = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/** `child` is `parent` or lies below it (absolute, normalised paths). */
export function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/** How a path is named in messages: relative to `base` (forward slashes) when inside it, else as given. */
export function displayPath(absolute: string, base: string = process.cwd()): string {
  const rel = relative(base, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return absolute;
  return toPosixPath(rel);
}

/** Single-quotes a word for a POSIX shell (a `'` inside becomes `'\''`). */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A path as a word the user can paste into a POSIX shell: as is when safe, else single-quoted. */
export function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : shellQuote(path);
}
