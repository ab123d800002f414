// Scanning input too big to hold as one string (V8 strings stop at ~512 MB): in overlapping chunks,
// with lines, columns and offsets reported as if the whole text had been scanned at once.
//
// A key is at most ~60 characters and every binder looks at most 500 characters around it. Chunks
// overlap by 16–32 KiB; a chunk only reports what lies at least MARGIN characters from a cut (nearer
// a cut a value may be truncated or its context missing), and its neighbour sees that part whole. A
// finding seen by two neighbouring chunks is reported once.
import type { Finding } from '../core/types.js';
import { BINARY_SNIFF_BYTES, sniffEncoding } from './decode.js';
import type { DetectFn } from './source.js';

/** Above this many bytes, input is scanned in chunks (callers may lower it, e.g. in tests). */
export const HUGE_INPUT_BYTES = 64 * 1024 * 1024;
export const CHUNK_BYTES = 16 * 1024 * 1024;
const OVERLAP = 32 * 1024;
/** Characters next to a cut where a chunk reports nothing (the neighbour does). */
const MARGIN = 1024;

/** Random access to the input's bytes: fills `buf` from `position`, returns the count (0 at the end). */
export type ReadAt = (buf: Buffer, offset: number, length: number, position: number) => number;

export type ChunkedOutcome =
  | { findings: Finding[]; bytes: number }
  | { skip: 'binary' | 'utf-16' };

function fill(read: ReadAt, buf: Buffer, position: number): number {
  let filled = 0;
  while (filled < buf.length) {
    const n = read(buf, filled, buf.length - filled, position + filled);
    if (n === 0) break;
    filled += n;
  }
  return filled;
}

/** The last UTF-8 character boundary at or before `at`. */
function charBoundary(buf: Buffer, at: number): number {
  let i = at;
  while (i > 0 && (buf[i]! & 0xc0) === 0x80) i--;
  return i;
}

export interface ChunkOptions {
  chunkBytes?: number;
  /** Skip input with a NUL byte early on, as files are (default true). */
  skipBinary?: boolean;
}

export function detectInChunks(read: ReadAt, path: string, detect: DetectFn, options: ChunkOptions = {}): ChunkedOutcome {
  const size = Math.max(options.chunkBytes ?? CHUNK_BYTES, 4 * OVERLAP);
  const buf = Buffer.allocUnsafe(size);
  let n = fill(read, buf, 0);
  const encoding = sniffEncoding(buf.subarray(0, n));
  // UTF-16 files this big are not worth a second chunking scheme: listed, not scanned.
  if (encoding === 'utf16le' || encoding === 'utf16be') return { skip: 'utf-16' };
  if (options.skipBinary !== false && buf.subarray(0, Math.min(n, BINARY_SNIFF_BYTES)).indexOf(0) !== -1) return { skip: 'binary' };

  const findings: Finding[] = [];
  let start = encoding === 'utf8-bom' ? 3 : 0;
  // Where the chunk in `buf` starts, in file coordinates.
  let position = 0;
  let line = 1;
  let column0 = 0;
  let charBase = 0;
  let previous = new Set<string>();
  for (;;) {
    const last = n < size;
    let end = n;
    if (!last) {
      const nl = buf.lastIndexOf(0x0a, n - 1);
      end = nl >= n / 2 ? nl + 1 : charBoundary(buf, n);
    }
    const text = buf.toString('utf8', start, end);
    const current = new Set<string>();
    const from = position > 0 ? MARGIN : 0;
    const to = last ? text.length : text.length - MARGIN;
    for (const f of detect({ text, path, startLine: line })) {
      if (f.start < from || f.end > to) continue;
      if (f.line === line) f.column += column0;
      if (f.endLine === line) f.endColumn += column0;
      f.start += charBase;
      f.end += charBase;
      const key = `${f.ruleId}:${f.start}`;
      current.add(key);
      if (!previous.has(key)) findings.push(f);
    }
    if (last) break;
    // The next chunk starts inside this one's tail, at a line start when the tail has one.
    const tailFrom = end - OVERLAP;
    const nl = buf.indexOf(0x0a, tailFrom);
    const next = nl !== -1 && nl < end - OVERLAP / 2 ? nl + 1 : charBoundary(buf, tailFrom);
    const tailChars = buf.toString('utf8', next, end).length;
    const headChars = text.length - tailChars;
    let lastBreak = -1;
    for (let i = text.indexOf('\n'); i !== -1 && i < headChars; i = text.indexOf('\n', i + 1)) {
      line++;
      lastBreak = i;
    }
    column0 = lastBreak === -1 ? column0 + headChars : headChars - lastBreak - 1;
    charBase += headChars;
    previous = current;
    position += next;
    n = fill(read, buf, position);
    start = 0;
  }
  return { findings, bytes: position + n };
}
