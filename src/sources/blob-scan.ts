// Turning one stored blob into findings: binary sniff, keyword gate on the raw bytes, decode, detect.
// Blobs arrive in pieces from `git cat-file --batch`; a blob up to PART_BYTES is scanned whole, a
// larger one in parts cut at line ends (memory stays bounded whatever the file size).
import { hasKeyword } from '../core/detect.js';
import type { Finding, Fragment } from '../core/types.js';
import { decodeText, isBinary, sniffEncoding } from './decode.js';
import type { BlobSink } from './git-blobs.js';
import { bytesHaveKeyword } from './byte-gate.js';

/** Larger blobs are scanned in parts of about this size, cut at a line end. */
export const PART_BYTES = 8 * 1024 * 1024;

/** Where a blob is being scanned: the path and commit its findings are reported at. */
export type BlobOrigin = Omit<Fragment, 'text' | 'startLine' | 'lineMap'>;

/**
 * A buffer reused from blob to blob (they arrive one after another and are scanned as the last byte
 * arrives), so reading thousands of blobs allocates almost nothing.
 */
export interface Scratch {
  buf: Buffer;
}

/** What scanning one blob gave, for each place it was asked for. */
export interface BlobOutcome {
  /** The object is not in the repository (a partial or damaged clone). */
  missing: boolean;
  binary: boolean;
  /** No part passed the keyword gate: the blob can hold no finding at any path. */
  clean: boolean;
  /** One list per place, in the order the places were given. */
  findings: Finding[][];
}

/**
 * A sink for one blob, scanned at one or more places (the same blob at several paths is read once).
 * Detection runs only on parts that pass the keyword gate.
 */
export function blobScanner(
  places: () => readonly BlobOrigin[],
  detect: (fragment: Fragment) => Finding[],
  done: (outcome: BlobOutcome) => void,
  scratch: Scratch = { buf: Buffer.alloc(0) },
  partBytes = PART_BYTES,
): BlobSink {
  let outcome: BlobOutcome;
  let buf: Buffer;
  let filled = 0;
  let size = 0;
  /** The whole blob, when it came in one piece (no copy made). */
  let whole: Buffer | undefined;
  let first = true;
  /** 1-based line number of the first line of the part being filled. */
  let startLine = 1;
  let skipRest = false;

  const scanPart = (part: Buffer, final: boolean): void => {
    if (first) {
      first = false;
      if (isBinary(part)) {
        outcome.binary = true;
        outcome.clean = false;
        skipRest = true;
        return;
      }
    }
    const encoding = sniffEncoding(part);
    let text: string | undefined;
    if (encoding === 'utf8' || encoding === 'utf8-bom') {
      if (bytesHaveKeyword(part)) text = decodeText(part, encoding);
    } else if (startLine === 1) {
      // UTF-16 (BOM-marked): ASCII keywords are not byte-contiguous, so decode first.
      const decoded = decodeText(part, encoding);
      if (hasKeyword(decoded)) text = decoded;
    }
    if (text !== undefined) {
      outcome.clean = false;
      const at = places();
      for (let i = 0; i < at.length; i++) {
        const fragment: Fragment = { ...at[i]!, text };
        if (startLine !== 1) fragment.startLine = startLine;
        for (const f of detect(fragment)) outcome.findings[i]!.push(f);
      }
    }
    if (!final) startLine += countLines(part);
  };

  return {
    start(s) {
      outcome = { missing: s === undefined, binary: false, clean: true, findings: places().map(() => []) };
      size = s ?? 0;
      const want = Math.min(size, partBytes);
      if (scratch.buf.length < want) scratch.buf = Buffer.allocUnsafe(Math.max(want, Math.min(partBytes, scratch.buf.length * 2)));
      buf = scratch.buf.subarray(0, want);
    },
    data(piece) {
      if (skipRest) return;
      if (filled === 0 && piece.length === size) {
        whole = piece;
        return;
      }
      let at = 0;
      while (at < piece.length) {
        if (filled === buf.length) {
          // Full, and more follows: scan up to the last line end, keep the rest for the next part.
          const nl = buf.lastIndexOf(0x0a);
          const cut = nl === -1 ? buf.length : nl + 1;
          scanPart(buf.subarray(0, cut), false);
          if (skipRest) return;
          buf.copy(buf, 0, cut, filled);
          filled -= cut;
        }
        const take = Math.min(buf.length - filled, piece.length - at);
        piece.copy(buf, filled, at, at + take);
        filled += take;
        at += take;
      }
    },
    end() {
      if (whole !== undefined) scanPart(whole, true);
      else if (!outcome.missing && !skipRest && filled > 0) scanPart(buf.subarray(0, filled), true);
      done(outcome);
    },
  };
}

function countLines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
}
