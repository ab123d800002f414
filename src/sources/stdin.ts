// The stdin source: one fragment named by --stdin-filename. Bytes are decoded like a file's (BOM-aware
// UTF-8 or UTF-16); input too big for one string is scanned in chunks.
import { CHUNK_BYTES, HUGE_INPUT_BYTES, detectInChunks } from './chunked.js';
import { decodeText } from './decode.js';
import type { DetectFn, SourceOutcome } from './source.js';

export const DEFAULT_STDIN_FILENAME = '<stdin>';

export interface StdinOptions {
  /** Internal (tests): input above this many bytes is scanned in chunks of `chunkBytes`. */
  hugeInputBytes?: number;
  chunkBytes?: number;
}

export async function scanStdin(
  read: () => Promise<string | Uint8Array>,
  filename: string,
  detect: DetectFn,
  options: StdinOptions = {},
): Promise<SourceOutcome> {
  const path = filename || DEFAULT_STDIN_FILENAME;
  const input = await read();
  if (typeof input !== 'string') {
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (bytes.length > (options.hugeInputBytes ?? HUGE_INPUT_BYTES)) {
      const read = (buf: Buffer, offset: number, length: number, position: number): number =>
        bytes.copy(buf, offset, position, Math.min(bytes.length, position + length));
      const outcome = detectInChunks(read, path, detect, { chunkBytes: options.chunkBytes ?? CHUNK_BYTES, skipBinary: false });
      if ('skip' in outcome) {
        const skipped = [{ file: path, reason: 'too-large', detail: 'UTF-16 text above the chunking threshold' }];
        return { findings: [], skipped, stats: { files: 0, bytes: 0, commits: 0 } };
      }
      return { findings: outcome.findings, skipped: [], stats: { files: 1, bytes: outcome.bytes, commits: 0 } };
    }
    const findings = detect({ text: decodeText(bytes), path });
    return { findings, skipped: [], stats: { files: 1, bytes: bytes.length, commits: 0 } };
  }
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const findings = detect({ text, path });
  return { findings, skipped: [], stats: { files: 1, bytes: Buffer.byteLength(text, 'utf8'), commits: 0 } };
}
