// What the bytes of one file (or archive entry) hand to the detector: decoded text, the printable
// runs of a binary, an archive to open, or nothing (media, compressed data). Synchronous and
// dependent on nothing but the decoder and the core's keyword gate, so reader threads run it.
import { hasKeyword } from '../core/index.js';
import { binaryKeywords, printableRuns, type RunTable } from './binary-strings.js';
import { decodeText, isBinary, sniffEncoding, type TextEncoding } from './decode.js';
import { archiveFormat, binaryKind, type ArchiveFormat } from './signatures.js';

export type Content =
  /** `text` is absent when the keyword gate found nothing to look at. */
  | { kind: 'text'; text?: string }
  /** A binary's printable runs; `runs` maps them back to byte offsets. */
  | { kind: 'strings'; text?: string; runs?: RunTable }
  | { kind: 'archive'; format: ArchiveFormat }
  /** Media or a compressed format: not scanned. `detail` names the signature when one matched. */
  | { kind: 'skip'; detail?: string };

/**
 * The keyword gate on bytes: every keyword is ASCII, and a latin1 view keeps ASCII bytes where they
 * are (UTF-8 never uses bytes below 0x80 inside a multi-byte character), so most files are never
 * decoded as UTF-8 at all.
 */
function mightHoldKey(buf: Buffer, encoding: TextEncoding): boolean {
  if (encoding === 'utf16le' || encoding === 'utf16be') return true;
  return hasKeyword(buf.toString('latin1'));
}

/** A binary's content: media and compressed data skipped, an archive, or its printable runs. */
export function readBinary(buf: Buffer, path: string): Content {
  const kind = binaryKind(buf, path);
  if (kind.kind === 'media') return kind.name === undefined ? { kind: 'skip' } : { kind: 'skip', detail: kind.name };
  if (kind.kind === 'opaque') return { kind: 'skip', detail: `${kind.name}, not opened` };
  if (kind.kind === 'archive') return { kind: 'archive', format: kind.format };
  const encodings = binaryKeywords(buf);
  if (encodings === 0) return { kind: 'strings' };
  const { text, runs } = printableRuns(buf, undefined, encodings);
  return hasKeyword(text) ? { kind: 'strings', text, runs } : { kind: 'strings' };
}

export function readContent(buf: Buffer, path: string): Content {
  // Archives first: a small gzip file may hold no NUL byte in its first 8 KiB.
  const format = archiveFormat(buf);
  if (format) return { kind: 'archive', format };
  const encoding = sniffEncoding(buf);
  if (!isBinary(buf, encoding)) {
    return mightHoldKey(buf, encoding) ? { kind: 'text', text: decodeText(buf, encoding) } : { kind: 'text' };
  }
  return readBinary(buf, path);
}
