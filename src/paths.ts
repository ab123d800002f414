// Reported and matched paths use `/` on every OS (JSON, SARIF, baselines, config globs).
import { sep } from 'node:path';

export const toPosixPath = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));
