// How reports name where a finding is: `file:line:column` for text (also inside an archive:
// `app.apk!/assets/config.json:12:5`), `file @ byte N` for a key in a binary's printable runs,
// whose line and column only count runs.
import type { Finding } from '../core/types.js';

export function placeOf(f: Finding, withColumn = true): string {
  if (f.byteOffset !== undefined) return `${f.file} @ byte ${f.byteOffset}`;
  return withColumn ? `${f.file}:${f.line}:${f.column}` : `${f.file}:${f.line}`;
}
