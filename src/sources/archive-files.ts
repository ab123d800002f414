// The files source's archives: read again on the main thread (the reader threads only spot them)
// and opened one at a time. Loaded only when a tree holds an archive.

import { open } from 'node:fs/promises';
import type { Finding, Skipped } from '../core/types.js';
import { DEFAULT_ARCHIVE_DEPTH, DEFAULT_ARCHIVE_LIMITS, scanArchive } from './archive.js';
import { detectCandidate } from './candidate.js';
import { errorCode } from '../fs-util.js';
import { OPEN_FLAGS, type Target } from './read-files.js';
import { archiveFormat } from './signatures.js';
import type { DetectFn, SourceOutcome } from './source.js';

/** Symlinks were passed over while listing; one swapped in since is not followed either. */
async function readNoFollow(abs: string | Uint8Array): Promise<Buffer> {
  const handle = await open(typeof abs === 'string' ? abs : Buffer.from(abs), OPEN_FLAGS);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

export async function openArchives(
  targets: readonly Target[],
  options: { maxFileSize: number; maxDepth?: number },
  detect: DetectFn,
): Promise<{ findings: Finding[]; skipped: Skipped[] } & SourceOutcome['stats']> {
  const out = { findings: [] as Finding[], skipped: [] as Skipped[], files: 0, bytes: 0, commits: 0 };
  const { maxFileSize, maxDepth = DEFAULT_ARCHIVE_DEPTH } = options;
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxDepth, maxEntryBytes: maxFileSize };
  for (const target of targets) {
    if (maxDepth < 1) {
      out.skipped.push({ file: target.rel, reason: 'binary', detail: 'archive, not opened (--max-archive-depth 0)' });
      continue;
    }
    let buf: Buffer;
    try {
      buf = await readNoFollow(target.abs);
    } catch (err) {
      out.skipped.push({ file: target.rel, reason: 'unreadable', detail: errorCode(err) });
      continue;
    }
    const format = archiveFormat(buf);
    if (!format || buf.length > maxFileSize) continue; // changed since it was first read
    await scanArchive(buf, target.rel, format, limits, {
      candidate: (c) => out.findings.push(...detectCandidate(detect, c)),
      skipped: (s) => out.skipped.push(s),
      scanned: (bytes) => {
        out.files++;
        out.bytes += bytes;
      },
    });
  }
  return out;
}
