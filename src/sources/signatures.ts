// What a binary file is, from its first bytes (magic numbers) and, for media, its extension: an
// archive to open, media with no string worth reading, a compressed format this tool does not open,
// or anything else (executables, databases, bytecode) whose printable runs are scanned.

export type ArchiveFormat = 'zip' | 'gzip' | 'tar';

export type BinaryKind =
  | { kind: 'archive'; format: ArchiveFormat }
  /** Images, audio, video, fonts: skipped unscanned. `name` is set when a signature said so. */
  | { kind: 'media'; name?: string }
  /** Compressed or encrypted containers this tool cannot see into. */
  | { kind: 'opaque'; name: string }
  | { kind: 'other' };

interface Signature {
  name: string;
  kind: 'media' | 'opaque';
  /** Byte offset of the magic. */
  at: number;
  magic: readonly number[];
  /** A second magic that must also be present (RIFF and ISO-BMFF share their first bytes). */
  also?: { at: number; magic: readonly number[] };
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  { name: 'PNG image', kind: 'media', at: 0, magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'JPEG image', kind: 'media', at: 0, magic: [0xff, 0xd8, 0xff] },
  { name: 'GIF image', kind: 'media', at: 0, magic: ascii('GIF8') },
  { name: 'WebP image', kind: 'media', at: 0, magic: ascii('RIFF'), also: { at: 8, magic: ascii('WEBP') } },
  { name: 'WAV audio', kind: 'media', at: 0, magic: ascii('RIFF'), also: { at: 8, magic: ascii('WAVE') } },
  { name: 'AVI video', kind: 'media', at: 0, magic: ascii('RIFF'), also: { at: 8, magic: ascii('AVI ') } },
  { name: 'TIFF image', kind: 'media', at: 0, magic: [0x49, 0x49, 0x2a, 0x00] },
  { name: 'TIFF image', kind: 'media', at: 0, magic: [0x4d, 0x4d, 0x00, 0x2a] },
  { name: 'icon', kind: 'media', at: 0, magic: [0x00, 0x00, 0x01, 0x00] },
  { name: 'Photoshop image', kind: 'media', at: 0, magic: ascii('8BPS') },
  // ISO base media (MP4, MOV, M4A, HEIC, AVIF): a box size, then `ftyp`.
  { name: 'ISO media (MP4, MOV, HEIC, AVIF)', kind: 'media', at: 4, magic: ascii('ftyp') },
  { name: 'Matroska/WebM video', kind: 'media', at: 0, magic: [0x1a, 0x45, 0xdf, 0xa3] },
  { name: 'MP3 audio', kind: 'media', at: 0, magic: ascii('ID3') },
  { name: 'Ogg media', kind: 'media', at: 0, magic: ascii('OggS') },
  { name: 'FLAC audio', kind: 'media', at: 0, magic: ascii('fLaC') },
  { name: 'WOFF font', kind: 'media', at: 0, magic: ascii('wOFF') },
  { name: 'WOFF2 font', kind: 'media', at: 0, magic: ascii('wOF2') },
  { name: 'OpenType font', kind: 'media', at: 0, magic: ascii('OTTO') },
  { name: 'TrueType font', kind: 'media', at: 0, magic: [0x00, 0x01, 0x00, 0x00, 0x00] },
  { name: 'bzip2 data', kind: 'opaque', at: 0, magic: ascii('BZh') },
  { name: 'xz data', kind: 'opaque', at: 0, magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: '7-Zip archive', kind: 'opaque', at: 0, magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'RAR archive', kind: 'opaque', at: 0, magic: ascii('Rar!\x1a\x07') },
  { name: 'zstd data', kind: 'opaque', at: 0, magic: [0x28, 0xb5, 0x2f, 0xfd] },
];

/** Media by name, for files whose signature is damaged or unlisted; only binary files get here. */
const MEDIA_EXTENSION =
  /\.(?:png|apng|jpe?g|gif|webp|bmp|ico|icns|cur|tiff?|avif|heic|heif|psd|mp3|mp4|m4a|m4v|mov|avi|mkv|webm|wav|flac|ogg|oga|ogv|opus|aac|wma|wmv|flv|ttf|otf|woff2?|eot)$/i;

function hasAt(buf: Uint8Array, at: number, magic: readonly number[]): boolean {
  if (buf.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (buf[at + i] !== magic[i]) return false;
  return true;
}

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const GZIP = [0x1f, 0x8b, 0x08];
const USTAR = ascii('ustar');
export const TAR_MAGIC_OFFSET = 257;

export function archiveFormat(buf: Uint8Array): ArchiveFormat | undefined {
  if (hasAt(buf, 0, ZIP_LOCAL) || hasAt(buf, 0, ZIP_EMPTY)) return 'zip';
  if (hasAt(buf, 0, GZIP)) return 'gzip';
  if (hasAt(buf, TAR_MAGIC_OFFSET, USTAR)) return 'tar';
  return undefined;
}

/** Classifies a file already known to be binary; `path` is only used for media extensions. */
export function binaryKind(buf: Uint8Array, path: string): BinaryKind {
  const format = archiveFormat(buf);
  if (format) return { kind: 'archive', format };
  for (const s of SIGNATURES) {
    if (hasAt(buf, s.at, s.magic) && (!s.also || hasAt(buf, s.also.at, s.also.magic))) {
      return s.kind === 'media' ? { kind: 'media', name: s.name } : { kind: 'opaque', name: s.name };
    }
  }
  if (MEDIA_EXTENSION.test(path)) return { kind: 'media' };
  return { kind: 'other' };
}
