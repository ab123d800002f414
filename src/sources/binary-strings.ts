// Printable runs of a binary file, as `strings` finds them: 16 or more printable ASCII characters
// (space to `~`, and tab) in a row, either as single bytes or as UTF-16LE code units (Windows
// resources, .NET and Java class strings). The runs are joined by newlines into one text for the
// detector, in byte order, so a finding's "line" is the ordinal of its run; `byteOffsetAt` maps a
// position in that text back to the byte offset in the file.

export const MIN_RUN_CHARS = 16;

/**
 * Flat [textStart, byteStart, width] triples, one per run in text order: plain numbers, so the
 * table crosses a worker-thread boundary cheaply.
 */
export type RunTable = number[];

export interface BinaryText {
  text: string;
  runs: RunTable;
}

/** Printable bytes (space to `~`, and tab), as a table: the loops below run over every byte. */
const PRINTABLE = new Uint8Array(256);
for (let b = 0x20; b <= 0x7e; b++) PRINTABLE[b] = 1;
PRINTABLE[0x09] = 1;
const printable = (b: number | undefined): boolean => b !== undefined && PRINTABLE[b] === 1;

interface Run {
  byteStart: number;
  byteEnd: number;
  width: 1 | 2;
}

function asciiRuns(buf: Uint8Array, min: number, out: Run[]): void {
  let start = -1;
  for (let i = 0; i <= buf.length; i++) {
    if (i < buf.length && printable(buf[i])) {
      if (start === -1) start = i;
    } else if (start !== -1) {
      if (i - start >= min) out.push({ byteStart: start, byteEnd: i, width: 1 });
      start = -1;
    }
  }
}

function utf16Runs(buf: Uint8Array, min: number, out: Run[]): void {
  // Each byte parity is its own sequence of code units.
  for (const parity of [0, 1]) {
    let start = -1;
    let i = parity;
    for (; i + 1 < buf.length; i += 2) {
      if (buf[i + 1] === 0 && printable(buf[i])) {
        if (start === -1) start = i;
      } else if (start !== -1) {
        if ((i - start) / 2 >= min) out.push({ byteStart: start, byteEnd: i, width: 2 });
        start = -1;
      }
    }
    if (start !== -1 && (i - start) / 2 >= min) out.push({ byteStart: start, byteEnd: i, width: 2 });
  }
}

/** Which run encodings to extract (see `binaryKeywords`). */
export const ASCII = 1;
export const UTF16 = 2;

/** The printable runs of `buf`, joined by newlines in byte order, with their positions. */
export function printableRuns(buf: Uint8Array, min = MIN_RUN_CHARS, encodings = ASCII | UTF16): BinaryText {
  const found: Run[] = [];
  if (encodings & ASCII) asciiRuns(buf, min, found);
  if (encodings & UTF16) utf16Runs(buf, min, found);
  found.sort((a, b) => a.byteStart - b.byteStart);
  const parts: string[] = [];
  const runs: RunTable = [];
  let textPos = 0;
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  for (const r of found) {
    const part = r.width === 1 ? bytes.toString('latin1', r.byteStart, r.byteEnd) : bytes.toString('utf16le', r.byteStart, r.byteEnd);
    runs.push(textPos, r.byteStart, r.width);
    parts.push(part);
    textPos += part.length + 1;
  }
  return { text: parts.join('\n'), runs };
}

/** The file's byte offset of the character at `textOffset` in a BinaryText's text. */
export function byteOffsetAt(runs: RunTable, textOffset: number): number {
  let lo = 0;
  let hi = runs.length / 3 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (runs[mid * 3]! <= textOffset) lo = mid;
    else hi = mid - 1;
  }
  const i = lo * 3;
  return runs[i + 1]! + (textOffset - runs[i]!) * runs[i + 2]!;
}

const lower = (b: number | undefined): number => (b ?? 0) | 0x20;

/**
 * The keyword gate on a binary's bytes, in one pass and without building a string (a latin1 string
 * of every binary would cost more than the rest of a tree scan's gating): which run encodings may
 * hold a key — ASCII when `pc_`, `pk_`, `pinecall` in any case or `kind:` (a Kubernetes manifest)
 * appear as bytes, UTF16 when `pc_` or `pk_` appear as UTF-16LE code units; 0 for neither.
 */
export function binaryKeywords(b: Uint8Array): number {
  const n = b.length;
  let found = 0;
  for (let i = 2; i < n; i++) {
    const x = b[i]!;
    if (x === 0x5f) {
      const y = b[i - 1]!;
      if ((y === 0x63 || y === 0x6b) && b[i - 2] === 0x70) found |= ASCII;
      else if (y === 0 && i >= 4 && b[i - 3] === 0) {
        const z = b[i - 2]!;
        if ((z === 0x63 || z === 0x6b) && b[i - 4] === 0x70) found |= UTF16;
      }
      if (found === (ASCII | UTF16)) return found;
    } else if ((x | 0x20) === 0x6c) {
      if (
        i >= 7 &&
        lower(b[i - 1]) === 0x6c &&
        lower(b[i - 2]) === 0x61 &&
        lower(b[i - 3]) === 0x63 &&
        lower(b[i - 4]) === 0x65 &&
        lower(b[i - 5]) === 0x6e &&
        lower(b[i - 6]) === 0x69 &&
        lower(b[i - 7]) === 0x70
      ) {
        found |= ASCII;
      }
    } else if (x === 0x3a && i >= 4 && b[i - 1] === 0x64 && b[i - 2] === 0x6e && b[i - 3] === 0x69 && b[i - 4] === 0x6b) {
      found |= ASCII;
    }
  }
  return found;
}
