// JSON parsing for user files (config, baseline). V8's messages can quote the source text, and the
// text may hold a key, so errors keep only the position.
import { ConfigError } from '../cli/errors.js';

export function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new ConfigError(`${label}: not valid JSON${jsonErrorPlace(text, err)}`);
  }
}

function jsonErrorPlace(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : '';
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return ` (line ${lineCol[1]}, column ${lineCol[2]})`;
  const position = /position (\d+)/.exec(message);
  if (position) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset).split('\n');
    return ` (line ${before.length}, column ${before[before.length - 1]!.length + 1})`;
  }
  if (/end of (JSON )?input/i.test(message)) return ' (unexpected end of file)';
  return '';
}

/** How a user file is named in messages: relative to the working directory when inside it. */
export function displayPath(absolute: string, cwd: string = process.cwd()): string {
  if (absolute.startsWith(cwd + '/') || absolute.startsWith(cwd + '\\')) return absolute.slice(cwd.length + 1);
  return absolute;
}
