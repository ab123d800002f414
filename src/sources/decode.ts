// Turning file bytes into text: binary sniffing and BOM-aware decoding.

/** How much of a file is sniffed for NUL bytes (as git and ripgrep do). */
export const BINARY_SNIFF_BYTES = 8192;

export type TextEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

export function sniffEncoding(buf: Uint8Array): TextEncoding {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf8-bom';
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return 'utf16le';
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'utf16be';
  return 'utf8';
}

/** A NUL byte early in a file that is not UTF-16 means binary. */
export function isBinary(buf: Buffer, encoding: TextEncoding = sniffEncoding(buf)): boolean {
  if (encoding === 'utf16le' || encoding === 'utf16be') return false;
  return buf.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1;
}

/** Decodes with the BOM removed, so columns on the first line count from the first real character. */
export function decodeText(buf: Buffer, encoding: TextEncoding = sniffEncoding(buf)): string {
  switch (encoding) {
    case 'utf8':
      return buf.toString('utf8');
    case 'utf8-bom':
      return buf.toString('utf8', 3);
    case 'utf16le':
      return buf.toString('utf16le', 2, buf.length - ((buf.length - 2) % 2));
    case 'utf16be': {
      // Node has no UTF-16BE codec: swap to little-endian on a copy of the whole code units.
      const le = Buffer.from(buf.subarray(2, buf.length - ((buf.length - 2) % 2)));
      return le.swap16().toString('utf16le');
    }
  }
}
