// Reported and matched paths use `/` on every OS (JSON, SARIF, baselines, config globs).
import { sep } from 'node:path';

export const toPosixPath = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/** `child` is `parent` or lies below it (absolute, normalised paths). */
export function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}
