// Opening archives in memory: zip and its family (jar, apk, whl, docx…) with yauzl, tar and gzip
// with tar-stream and node:zlib. Entries are streamed and read one at a time, never written to disk;
// each text entry (or a binary entry's printable runs) becomes a candidate named
// `outer.zip!/inner/path`, and archives inside archives are opened down to a depth limit.
//
// Limits against archive bombs, each skip listed with its reason:
// - an entry larger than `maxEntryBytes` uncompressed: `too-large`;
// - an entry (or a gzip stream) inflating more than `maxRatio` times past RATIO_FLOOR: `archive-bomb`;
// - more than `maxTotalBytes` inflated for one archive on disk, nested archives included, or more
//   than `maxEntries` entries: `archive-too-large` (what was read until then is still reported);
// - an archive nested deeper than `maxDepth`: `archive-too-deep`;
// - an encrypted entry: `encrypted`; a damaged archive: `unreadable`.
import { Readable } from 'node:stream';
import type * as Zlib from 'node:zlib';
import type * as TarStream from 'tar-stream';
import type * as Yauzl from 'yauzl';
import type { Skipped } from '../core/types.js';
import { DEFAULT_ARCHIVE_DEPTH } from './archive-limits.js';
import { readContent } from './content.js';
import type { Candidate } from './candidate.js';
import { TAR_MAGIC_OFFSET, archiveFormat, type ArchiveFormat } from './signatures.js';

// yauzl, tar-stream and zlib are loaded by the first scanArchive call, not with this module: the
// pre-commit hook's file holds this one but rarely meets an archive.
let yauzl: typeof Yauzl;
let tar: typeof TarStream;
let createGunzip: typeof Zlib.createGunzip;
let loading: Promise<void> | undefined;
function loadArchiveLibraries(): Promise<void> {
  loading ??= Promise.all([import('yauzl'), import('tar-stream'), import('node:zlib')]).then(([y, t, z]) => {
    // Both are CommonJS: their functions are always on the default export (module.exports), and only
    // there once the build has bundled them.
    yauzl = (y as { default: typeof Yauzl }).default;
    tar = (t as { default: typeof TarStream }).default;
    createGunzip = z.createGunzip;
  });
  return loading;
}

export interface ArchiveLimits {
  /** Archives inside archives are opened down to this depth (the archive on disk is depth 1). */
  maxDepth: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxRatio: number;
  maxEntries: number;
}

export { DEFAULT_ARCHIVE_DEPTH };
export const DEFAULT_ARCHIVE_LIMITS: Omit<ArchiveLimits, 'maxEntryBytes'> = {
  maxDepth: DEFAULT_ARCHIVE_DEPTH,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 100_000,
};
/** Below this many inflated bytes no ratio is suspicious (a megabyte of spaces is harmless). */
export const RATIO_FLOOR = 1024 * 1024;

/** What an archive hands to the detector: like a file's candidate, named inside its archive. */
export type ArchiveCandidate = Candidate & { archive: string };

export interface ArchiveVisitor {
  candidate(c: ArchiveCandidate): void;
  skipped(s: Skipped): void;
  /** An entry was read (counted as a scanned file). */
  scanned(bytes: number): void;
}

/** Ends the whole archive on disk. */
class TotalLimit extends Error {}
/** Ends one (possibly nested) archive. */
class BombError extends Error {}

interface Context {
  limits: ArchiveLimits;
  visit: ArchiveVisitor;
  /** The archive on disk. */
  root: string;
  inflated: number;
  entries: number;
}

const MB = 1024 * 1024;
const mb = (n: number): string => `${Math.round((n / MB) * 10) / 10} MB`;

function count(ctx: Context, bytes: number): void {
  ctx.inflated += bytes;
  if (ctx.inflated > ctx.limits.maxTotalBytes) {
    throw new TotalLimit(`more than ${mb(ctx.limits.maxTotalBytes)} uncompressed; the rest was not scanned`);
  }
}

/** One entry's bytes: scanned as a file would be, or opened as an archive one level down. */
async function visitEntry(ctx: Context, buf: Buffer, path: string, depth: number): Promise<void> {
  const content = readContent(buf, path);
  switch (content.kind) {
    case 'archive':
      if (depth >= ctx.limits.maxDepth) {
        ctx.visit.skipped({ file: path, reason: 'archive-too-deep', detail: `nested deeper than ${ctx.limits.maxDepth}` });
        return;
      }
      await openNested(ctx, buf, path, content.format, depth + 1);
      return;
    case 'skip':
      // Images and fonts fill app packages by the hundred: passed over without a listing.
      return;
    case 'text':
    case 'strings':
      ctx.visit.scanned(buf.length);
      if (content.text !== undefined) {
        ctx.visit.candidate({
          rel: path,
          text: content.text,
          archive: ctx.root,
          ...(content.kind === 'strings' && content.runs && { runs: content.runs }),
        });
      }
  }
}

/** Opens a nested archive; a bomb or damage inside it skips it, not its parent. */
async function openNested(ctx: Context, buf: Buffer, path: string, format: ArchiveFormat, depth: number): Promise<void> {
  try {
    await openAny(ctx, buf, path, format, depth);
  } catch (err) {
    if (err instanceof TotalLimit) throw err;
    ctx.visit.skipped(skipFor(err, path));
  }
}

function skipFor(err: unknown, path: string): Skipped {
  if (err instanceof BombError) return { file: path, reason: 'archive-bomb', detail: err.message };
  const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  return { file: path, reason: 'unreadable', detail: `damaged archive: ${message}` };
}

function openAny(ctx: Context, buf: Buffer, path: string, format: ArchiveFormat, depth: number): Promise<void> {
  switch (format) {
    case 'zip':
      return openZip(ctx, buf, path, depth);
    case 'gzip':
      return openGzip(ctx, buf, path, depth);
    case 'tar':
      return openTar(ctx, Readable.from([buf]), path, depth, false);
  }
}

function tooManyEntries(ctx: Context): void {
  if (++ctx.entries > ctx.limits.maxEntries) {
    throw new TotalLimit(`more than ${ctx.limits.maxEntries} entries; the rest were not scanned`);
  }
}

/**
 * Reads a stream into one buffer, giving up past the entry limit whatever the archive declared.
 * `counted`: the bytes were already counted as they were inflated (a tar inside a gzip).
 */
async function collect(stream: AsyncIterable<Buffer>, ctx: Context, counted: boolean): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > ctx.limits.maxEntryBytes) return undefined;
    chunks.push(chunk);
  }
  if (!counted) count(ctx, total);
  return Buffer.concat(chunks, total);
}

async function openZip(ctx: Context, buf: Buffer, path: string, depth: number): Promise<void> {
  // Names are decoded here rather than by yauzl, which refuses a whole archive over one entry named
  // `../x` or `/x`: nothing is written to disk, so such a name is only a name.
  const zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  try {
    for await (const entry of zip.eachEntry()) {
      tooManyEntries(ctx);
      const rawName = entry.fileName as unknown as Buffer;
      const name = rawName.toString((entry.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1').replace(/\\/g, '/');
      if (name.endsWith('/')) continue;
      const inner = `${path}!/${name.replace(/^\/+/, '')}`;
      if (entry.isEncrypted()) {
        ctx.visit.skipped({ file: inner, reason: 'encrypted' });
        continue;
      }
      const size = entry.uncompressedSize;
      if (size > ctx.limits.maxEntryBytes) {
        ctx.visit.skipped({ file: inner, reason: 'too-large', detail: `${size} bytes` });
        continue;
      }
      if (size > RATIO_FLOOR && size > ctx.limits.maxRatio * Math.max(1, entry.compressedSize)) {
        ctx.visit.skipped({ file: inner, reason: 'archive-bomb', detail: `inflates ${Math.round(size / Math.max(1, entry.compressedSize))} times` });
        continue;
      }
      // Declared sizes are checked before inflating anything (yauzl then holds the entry to them).
      if (ctx.inflated + size > ctx.limits.maxTotalBytes) count(ctx, size);
      const stream = await zip.openReadStreamPromise(entry);
      const data = await collect(stream as AsyncIterable<Buffer>, ctx, false);
      if (data === undefined) {
        stream.destroy();
        ctx.visit.skipped({ file: inner, reason: 'too-large', detail: `more than ${ctx.limits.maxEntryBytes} bytes` });
        continue;
      }
      await visitEntry(ctx, data, inner, depth);
    }
  } finally {
    zip.close();
  }
}

/** The name inside a plain `.gz`: the file's own name without the suffix. */
function gunzippedName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.gz$/i, '').replace(/\.tgz$/i, '.tar') || 'data';
}

async function* gunzip(ctx: Context, buf: Buffer): AsyncGenerator<Buffer> {
  const inflater = Readable.from([buf]).pipe(createGunzip());
  let out = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      out += chunk.length;
      if (out > RATIO_FLOOR && out > ctx.limits.maxRatio * buf.length) {
        throw new BombError(`inflates more than ${ctx.limits.maxRatio} times`);
      }
      count(ctx, chunk.length);
      yield chunk;
    }
  } finally {
    inflater.destroy();
  }
}

async function openGzip(ctx: Context, buf: Buffer, path: string, depth: number): Promise<void> {
  const chunks = gunzip(ctx, buf);
  // Peek far enough to tell a tarball from a single compressed file.
  const head: Buffer[] = [];
  let headLength = 0;
  let done = false;
  while (headLength < TAR_MAGIC_OFFSET + 8) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headLength += next.value.length;
  }
  const start = Buffer.concat(head);
  async function* rest(): AsyncGenerator<Buffer> {
    yield start;
    if (!done) yield* chunks;
  }
  if (archiveFormat(start) === 'tar') {
    await openTar(ctx, Readable.from(rest()), path, depth, true);
    return;
  }
  // A single compressed file: its bytes were counted as they were inflated.
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of rest()) {
    total += chunk.length;
    if (total > ctx.limits.maxEntryBytes) {
      await chunks.return(undefined);
      ctx.visit.skipped({ file: `${path}!/${gunzippedName(path)}`, reason: 'too-large', detail: `more than ${ctx.limits.maxEntryBytes} bytes` });
      return;
    }
    parts.push(chunk);
  }
  await visitEntry(ctx, Buffer.concat(parts, total), `${path}!/${gunzippedName(path)}`, depth);
}

async function openTar(ctx: Context, source: Readable, path: string, depth: number, inflated: boolean): Promise<void> {
  const extract = tar.extract();
  let sourceError: unknown;
  source.on('error', (err) => {
    sourceError = err;
    extract.destroy(err);
  });
  source.pipe(extract);
  try {
    for await (const entry of extract) {
      const { header } = entry;
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      tooManyEntries(ctx);
      const inner = `${path}!/${header.name.replace(/^\.?\/+/, '')}`;
      const size = header.size ?? 0;
      if (size > ctx.limits.maxEntryBytes) {
        entry.resume();
        ctx.visit.skipped({ file: inner, reason: 'too-large', detail: `${size} bytes` });
        continue;
      }
      const data = await collect(entry as unknown as AsyncIterable<Buffer>, ctx, inflated);
      if (data === undefined) continue;
      await visitEntry(ctx, data, inner, depth);
    }
  } catch (err) {
    throw sourceError ?? err;
  } finally {
    source.destroy();
  }
}

/**
 * Opens the archive `buf` named `path` (its path on disk or in the repository) and hands every
 * scannable entry to `visit`. Never throws for bad input: a damaged or hostile archive is listed
 * as skipped with its reason.
 */
export async function scanArchive(
  buf: Buffer,
  path: string,
  format: ArchiveFormat,
  limits: ArchiveLimits,
  visit: ArchiveVisitor,
): Promise<void> {
  const ctx: Context = { limits, visit, root: path, inflated: 0, entries: 0 };
  await loadArchiveLibraries();
  try {
    await openAny(ctx, buf, path, format, 1);
  } catch (err) {
    if (err instanceof TotalLimit) visit.skipped({ file: path, reason: 'archive-too-large', detail: err.message });
    else visit.skipped(skipFor(err, path));
  }
}
