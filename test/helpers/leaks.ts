// The leak check of the property tests: does a text carry 12 or more consecutive characters of a
// key's body (the key without its prefix)?
import { KEY_PREFIXES } from '../../src/core/patterns.js';

export const LEAK_RUN = 12;

/** The pieces of `LEAK_RUN` characters of any key body that `text` contains (empty: no leak). */
export function keyBodyLeaks(text: string, keys: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const key of keys) {
    const prefix = KEY_PREFIXES.find((p) => key.startsWith(p)) ?? '';
    const body = key.slice(prefix.length);
    for (let i = 0; i + LEAK_RUN <= body.length; i++) {
      const piece = body.slice(i, i + LEAK_RUN);
      if (text.includes(piece)) {
        leaks.push(piece);
        break;
      }
    }
  }
  return leaks;
}
