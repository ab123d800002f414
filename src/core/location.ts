// The one place where offsets become 1-based lines and columns, and findings are put in order.
import type { Finding } from './types.js';

export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(
    private readonly text: string,
    private readonly startLine = 1,
    private readonly lineMap?: readonly number[],
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** Fragment-relative 0-based line index of an offset. */
  lineIndexOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): Position {
    const idx = this.lineIndexOf(offset);
    const line = this.lineMap?.[idx] ?? this.startLine + idx;
    return { line, column: offset - this.starts[idx]! + 1 };
  }

  /** The text of the line holding an offset, without its line break. */
  lineText(offset: number): string {
    const idx = this.lineIndexOf(offset);
    const start = this.starts[idx]!;
    const next = this.starts[idx + 1];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }
}

/**
 * Report order: keys served to browsers first (the most urgent), then file, line, column, then
 * commit (history can hold one place in several commits).
 */
export function compareFindings(a: Finding, b: Finding): number {
  const ac = a.exposure === 'client';
  if (ac !== (b.exposure === 'client')) return ac ? -1 : 1;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return (a.commit ?? '') < (b.commit ?? '') ? -1 : (a.commit ?? '') > (b.commit ?? '') ? 1 : 0;
}
