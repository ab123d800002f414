// The files source: walks the given paths (./walk.ts), reads each file once, in reader threads for
// big trees (./reader-pool.ts), and hands one Fragment per text file that passes the keyword gate to
// the detector. Files too big for one string are scanned in chunks (./chunked.ts).
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Finding, Skipped } from '../core/types.js';
import { CHUNK_BYTES, HUGE_INPUT_BYTES, detectInChunks } from './chunked.js';
import { OPEN_FLAGS, openFailure, readBatch, type BatchResult, type ReadOptions, type Target } from './read-files.js';
import { ReaderPool, workerScript } from './reader-pool.js';
import type { DetectFn, SourceOutcome } from './source.js';
import { listTargets, type WalkOptions } from './walk.js';
import { detectCandidate, type Candidate } from './candidate.js';

export { ReaderPool } from './reader-pool.js';

export interface FilesSourceOptions extends WalkOptions {
  /** Bytes; larger files are skipped as `too-large`. */
  maxFileSize: number;
  /**
   * Threads that read, the main thread included (it walks first, then reads). Default: one per core
   * (at most 4), with worker threads only for trees of 1500 files or more; given explicitly, workers
   * are used whatever the size (1 = in-process only).
   */
  threads?: number;
  /** Internal (tests): files above this many bytes are scanned in chunks of `chunkBytes`. */
  hugeFileBytes?: number;
  chunkBytes?: number;
  /** Archives are opened down to this nesting depth (default 3); 0 leaves them unopened. */
  maxArchiveDepth?: number;
}

const MAY_HAVE_SOURCE_MAP = /\.(?:map|m?js|cjs)$/;

const BATCH_SIZE = 256;
/** Below this many files, starting threads costs more than it saves. */
const WORKER_THRESHOLD = 1500;
const MAX_WORKERS = 4;

/** A file too big for one string, read and detected chunk by chunk on this thread. */
function scanHugeFile(target: Target, chunkBytes: number, detect: DetectFn): { findings: Finding[]; bytes: number } | Omit<Skipped, 'file'> {
  let fd: number;
  try {
    fd = openSync(typeof target.abs === 'string' ? target.abs : Buffer.from(target.abs), OPEN_FLAGS);
  } catch (err) {
    return openFailure(err);
  }
  try {
    const outcome = detectInChunks((buf, offset, length, position) => readSync(fd, buf, offset, length, position), target.rel, detect, { chunkBytes });
    if ('skip' in outcome) return outcome.skip === 'binary' ? { reason: 'binary' } : { reason: 'too-large', detail: 'UTF-16 text above the chunking threshold' };
    return outcome;
  } catch (err) {
    return openFailure(err);
  } finally {
    closeSync(fd);
  }
}

/** Scans files and directories; a nonexistent path is a UsageError, an unreadable file is skipped. */
export async function scanFileSystem(options: FilesSourceOptions, detect: DetectFn): Promise<SourceOutcome> {
  const skipped: Skipped[] = [];
  const findings: Finding[] = [];
  const huge: Target[] = [];
  const archives: Target[] = [];
  /** Findings in source maps and scripts that may name one: their original places are looked up last. */
  const mapped: { found: Finding[]; candidate: Candidate }[] = [];
  let files = 0;
  let bytes = 0;
  const onResult = (result: BatchResult): void => {
    files += result.files;
    bytes += result.bytes;
    for (const s of result.skipped) skipped.push(s);
    for (const t of result.huge ?? []) huge.push(t);
    for (const a of result.archives ?? []) archives.push(a);
    for (const c of result.candidates) {
      const found = detectCandidate(detect, c);
      if (found.length === 0) continue;
      if (MAY_HAVE_SOURCE_MAP.test(c.rel)) mapped.push({ found, candidate: c });
      for (const f of found) findings.push(f);
    }
  };

  const readOptions: ReadOptions = { maxFileSize: options.maxFileSize, hugeFileBytes: options.hugeFileBytes ?? HUGE_INPUT_BYTES };
  const threads = Math.min(options.threads ?? availableParallelism(), MAX_WORKERS);
  const script = threads > 1 ? workerScript() : undefined;
  const workers = threads - 1;
  const threshold = options.threads ? 1 : WORKER_THRESHOLD;
  let pending: Target[] = [];
  let listed = 0;
  let pool: ReaderPool | undefined;
  const onTargets = (chunk: Target[]): void => {
    for (const t of chunk) pending.push(t);
    listed += chunk.length;
    // Threads start once the tree is known to be big enough to pay for them.
    if (!pool && script && listed >= threshold) pool = new ReaderPool(script, workers, readOptions, onResult);
    if (pool) {
      while (pending.length >= BATCH_SIZE) pool.send(pending.splice(0, BATCH_SIZE));
    }
  };
  try {
    await listTargets(options, skipped, onTargets);
  } catch (err) {
    await pool?.abort();
    throw err;
  }
  if (pool) {
    if (pending.length > 0) pool.send(pending);
    pending = [];
    await pool.finish();
  } else {
    onResult(readBatch(pending, readOptions));
  }
  for (const target of huge) {
    const outcome = scanHugeFile(target, options.chunkBytes ?? CHUNK_BYTES, detect);
    if ('reason' in outcome) {
      skipped.push({ file: target.rel, ...outcome });
      continue;
    }
    files++;
    bytes += outcome.bytes;
    for (const f of outcome.findings) findings.push(f);
  }
  // Source-map and archive code is loaded only when the tree needs it (start-up time of every scan).
  if (mapped.length > 0) {
    const { addOriginalPlaces, mapBeside } = await import('./source-maps.js');
    for (const { found, candidate: c } of mapped) {
      if (c.abs !== undefined) addOriginalPlaces(found, c.rel, c.text, mapBeside(c.abs, options.maxFileSize));
    }
  }
  if (archives.length > 0) {
    const { openArchives } = await import('./archive-files.js');
    const opened = await openArchives(
      archives,
      { maxFileSize: options.maxFileSize, ...(options.maxArchiveDepth !== undefined && { maxDepth: options.maxArchiveDepth }) },
      detect,
    );
    files += opened.files;
    bytes += opened.bytes;
    for (const s of opened.skipped) skipped.push(s);
    for (const f of opened.findings) findings.push(f);
  }

  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { findings, skipped, stats: { files, bytes, commits: 0 } };
}
