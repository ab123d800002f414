// The reports' colors. picocolors works out when it loads whether the terminal takes colors, and
// loads node:tty for that (with net and stream behind it): ~5 ms that every pre-commit hook run paid
// while printing plain text. It is loaded only when colors are on; off, each color is the identity.
import { createRequire } from 'node:module';
import type { Colors } from 'picocolors/types';

/** The colors the reports use. */
export type Palette = Pick<Colors, 'bold' | 'dim' | 'underline' | 'red' | 'green' | 'yellow' | 'cyan'>;

const plain = (input: unknown): string => String(input);

const PLAIN: Palette = { bold: plain, dim: plain, underline: plain, red: plain, green: plain, yellow: plain, cyan: plain };

export function palette(color: boolean): Palette {
  if (!color) return PLAIN;
  return (createRequire(import.meta.url)('picocolors') as typeof import('picocolors')).createColors(true);
}
