// Turning one stored blob into findings: binary sniff, keyword gate on the raw bytes, decode, detect.
// Blobs arrive in pieces from `git cat-file --batch`; a blob up to PART_BYTES is scanned whole, a
// larger one in parts cut at line ends (memory stays bounded whatever the file size).
//
// A binary blob is only marked binary, unless `BinaryBlobs` asks for more: then (up to a size) it is
// read whole and, as in the files scan, an archive is opened (`--archives` in history) and any other
// binary's printable runs are scanned behind the keyword gate; media and compressed data are skipped
// by signature. The binary sniff looks at the first bytes only, so text blobs pay nothing for it.
import { hasKeyword } from '../core/detect.js';
import type { Finding, Fragment, Skipped } from '../core/types.js';
import { decodeText, isBinary, sniffEncoding, BINARY_SNIFF_BYTES } from './decode.js';
import type { BlobSink } from './git-blobs.js';
import { bytesHaveKeyword } from './byte-gate.js';
import { byteOffsetAt } from './binary-strings.js';
import { readBinary } from './content.js';
import { archiveFormat, binaryKind, TAR_MAGIC_OFFSET, type ArchiveFormat } from './signatures.js';

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

/** What binary blobs get beyond being marked binary. */
export interface BinaryBlobs {
  /** A binary larger than this is not read (it stays marked binary, with a detail saying why). */
  maxBytes: number;
  /** Scan the printable runs of binaries (media and compressed data are skipped by signature). */
  strings: boolean;
  /** Open archives (zip family, tar, gzip) down to this depth; 0 leaves them closed. */
  archiveDepth: number;
  /** Why a closed archive was not opened, for the skipped list. */
  closedArchive: string;
}

/** What scanning one blob gave, for each place it was asked for. */
export interface BlobOutcome {
  /** The object is not in the repository (a partial or damaged clone). */
  missing: boolean;
  /** Not scanned as a binary (see `detail`); a binary whose runs or entries were scanned is not. */
  binary: boolean;
  /** Why a binary was not scanned, when it was looked at (media, a closed archive, too large). */
  detail?: string;
  /** Entries of an archive that were not read (too large, too deep, encrypted…), at the first place. */
  inner?: Skipped[];
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
  binaries?: BinaryBlobs,
): BlobSink {
  let outcome: BlobOutcome;
  /** The places as they were when the answer began: a place added later has its own request. */
  let at: readonly BlobOrigin[];
  let buf: Buffer;
  let filled = 0;
  let size = 0;
  /** The whole blob, when it came in one piece (no copy made). */
  let whole: Buffer | undefined;
  /** Whether the first bytes were sniffed (binary or archive, text). */
  let sniffed = false;
  /** A binary being read whole for `binaries`. */
  let binary: Buffer | undefined;
  /** 1-based line number of the first line of the part being filled. */
  let startLine = 1;
  let skipRest = false;

  const markBinary = (detail?: string): void => {
    outcome.binary = true;
    outcome.clean = false;
    if (detail !== undefined) outcome.detail = detail;
    skipRest = true;
  };

  /** Looks at the first bytes: text goes on part by part; a binary is marked, or read whole. */
  const sniff = (head: Buffer): void => {
    sniffed = true;
    // An archive first: a small gzip file may hold no NUL byte in its first 8 KiB.
    const archive = binaries !== undefined && archiveFormat(head) !== undefined;
    if (!archive && !isBinary(head)) return;
    if (binaries === undefined) return markBinary();
    if (archive && binaries.archiveDepth < 1) return markBinary(binaries.closedArchive);
    if (!archive && !binaries.strings) return markBinary();
    if (!archive) {
      // Media and compressed data are known by their first bytes (or name): not worth reading whole.
      const kind = binaryKind(head, at[0]?.path ?? '');
      if (kind.kind === 'media') return markBinary(kind.name);
      if (kind.kind === 'opaque') return markBinary(`${kind.name}, not opened`);
    }
    if (size > binaries.maxBytes) return markBinary(`more than ${binaries.maxBytes} bytes, not read`);
    binary = Buffer.allocUnsafe(size);
  };

  const scanPart = (part: Buffer, final: boolean): void => {
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
      for (let i = 0; i < at.length; i++) {
        const fragment: Fragment = { ...at[i]!, text };
        if (startLine !== 1) fragment.startLine = startLine;
        for (const f of detect(fragment)) outcome.findings[i]!.push(f);
      }
    }
    if (!final) startLine += countLines(part);
  };

  /** Bytes to sniff before deciding: the binary sniff and the tar magic. */
  const sniffBytes = (): number => Math.min(size, Math.max(BINARY_SNIFF_BYTES, TAR_MAGIC_OFFSET + 8));

  return {
    start(s) {
      at = places();
      outcome = { missing: s === undefined, binary: false, clean: true, findings: at.map(() => []) };
      size = s ?? 0;
      const want = Math.min(size, partBytes);
      if (scratch.buf.length < want) scratch.buf = Buffer.allocUnsafe(Math.max(want, Math.min(partBytes, scratch.buf.length * 2)));
      buf = scratch.buf.subarray(0, want);
    },
    data(piece) {
      if (skipRest) return;
      if (binary !== undefined) {
        piece.copy(binary, filled);
        filled += piece.length;
        return;
      }
      if (filled === 0 && piece.length === size) {
        whole = piece;
        sniff(piece);
        if (binary !== undefined) {
          piece.copy(binary);
          filled = size;
        }
        return;
      }
      let from = 0;
      while (from < piece.length) {
        if (filled === buf.length) {
          // Full, and more follows: scan up to the last line end, keep the rest for the next part.
          const nl = buf.lastIndexOf(0x0a);
          const cut = nl === -1 ? buf.length : nl + 1;
          scanPart(buf.subarray(0, cut), false);
          if (skipRest) return;
          buf.copy(buf, 0, cut, filled);
          filled -= cut;
        }
        const take = Math.min(buf.length - filled, piece.length - from);
        piece.copy(buf, filled, from, from + take);
        filled += take;
        from += take;
        if (!sniffed && filled >= sniffBytes()) {
          sniff(buf.subarray(0, filled));
          if (skipRest) return;
          if (binary !== undefined) {
            // From now on the blob is read whole into its own buffer.
            buf.copy(binary, 0, 0, filled);
            piece.copy(binary, filled, from);
            filled += piece.length - from;
            return;
          }
        }
      }
    },
    end() {
      if (binary === undefined && whole === undefined && !sniffed && !skipRest && filled > 0) {
        sniff(buf.subarray(0, filled));
        if (binary !== undefined) buf.copy(binary, 0, 0, filled);
      }
      if (binary !== undefined) {
        scanBinary(binary, at, detect, outcome, binaries!).then(
          () => done(outcome),
          () => {
            markBinary('unreadable');
            done(outcome);
          },
        );
        return;
      }
      if (!skipRest) {
        if (whole !== undefined) scanPart(whole, true);
        else if (!outcome.missing && filled > 0) scanPart(buf.subarray(0, filled), true);
      }
      done(outcome);
    },
  };
}

/** A binary blob read whole: an archive's entries, or a binary's printable runs, at each place. */
async function scanBinary(bytes: Buffer, at: readonly BlobOrigin[], detect: (fragment: Fragment) => Finding[], outcome: BlobOutcome, binaries: BinaryBlobs): Promise<void> {
  outcome.clean = false;
  const format = archiveFormat(bytes);
  if (format !== undefined) {
    await scanArchiveBlob(bytes, format, at, detect, outcome, binaries);
    return;
  }
  const content = readBinary(bytes, at[0]?.path ?? '');
  if (content.kind === 'skip') {
    outcome.binary = true;
    if (content.detail !== undefined) outcome.detail = content.detail;
    return;
  }
  if (content.kind !== 'strings' || content.text === undefined || content.runs === undefined) {
    // Runs without a keyword: scanned, nothing to find at any path.
    outcome.clean = true;
    return;
  }
  for (let i = 0; i < at.length; i++) {
    for (const f of detect({ ...at[i]!, text: content.text })) {
      f.byteOffset = byteOffsetAt(content.runs, f.start);
      // A key never spans two runs (they are joined by newlines), so its end maps within its run.
      f.byteLength = byteOffsetAt(content.runs, f.end) - f.byteOffset;
      outcome.findings[i]!.push(f);
    }
  }
}

async function scanArchiveBlob(
  bytes: Buffer,
  format: ArchiveFormat,
  at: readonly BlobOrigin[],
  detect: (fragment: Fragment) => Finding[],
  outcome: BlobOutcome,
  binaries: BinaryBlobs,
): Promise<void> {
  // yauzl and tar-stream load only when a history holds an archive and --archives asked for it.
  const { DEFAULT_ARCHIVE_LIMITS, scanArchive } = await import('./archive.js');
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxDepth: binaries.archiveDepth, maxEntryBytes: binaries.maxBytes };
  const inner: Skipped[] = [];
  let found = false;
  for (let i = 0; i < at.length; i++) {
    const place = at[i]!;
    await scanArchive(bytes, place.path, format, limits, {
      candidate: (c) => {
        for (const f of detect({ ...place, text: c.text, path: c.rel })) {
          if (c.runs) {
            f.byteOffset = byteOffsetAt(c.runs, f.start);
            f.byteLength = byteOffsetAt(c.runs, f.end) - f.byteOffset;
          }
          f.archive = place.path;
          outcome.findings[i]!.push(f);
          found = true;
        }
      },
      skipped: (s) => {
        if (i === 0) inner.push(s);
      },
      scanned: () => {},
    });
  }
  if (inner.length > 0) outcome.inner = inner;
  // Nothing found and nothing left unread: the same blob elsewhere needs no second look.
  if (!found && inner.length === 0) outcome.clean = true;
}

function countLines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
}
