// `--staged`: what the next commit would add — the index against HEAD (or against the empty tree
// before the first commit). The working tree is never trusted: a key that is only in the working tree,
// or only in an unstaged hunk (`git add -p`), is not reported; a commit that removes a key passes.
// GIT_INDEX_FILE is inherited, so inside a pre-commit hook of `git commit -a` or `git commit <paths>`
// the index being committed is the one scanned.
//
// `git diff --cached -U0 --full-index` gives each changed file's added line numbers and its staged
// blob id. The detector reads the whole staged blob (so a key's context on an unchanged line — an
// existing `new Pinecall({`, `- name: PINECALL_API_KEY` or `kind: Secret` — is seen) and only findings
// on added lines are reported. The blob is taken from the working-tree file when that file hashes to
// the staged id (the usual case in a hook: no second git process), else from `git cat-file --batch`.
//
// Staged archives (zip family, tar, gzip), which the diff only calls binary, are read from the index
// and opened; with `binaries`, other binaries' printable runs are scanned behind the keyword gate
// (media and compressed data skipped by signature). A key is reported unless the HEAD version of the
// same file already held it (a binary's "added lines"). Binaries not scanned are listed as skipped.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, Skipped } from '../core/types.js';
import { EnvironmentError } from '../errors.js';
import type { DetectFn, SourceOutcome } from './source.js';
import { blobScanner, type BlobOutcome } from './blob-scan.js';
import { BlobReader } from './git-blobs.js';
import { DiffParser } from './git-diff-parse.js';
import { DIFF_ARGS, openRepo, readBlob, repoDirectory, streamGit } from './git-repo.js';
import { DEFAULT_ARCHIVE_DEPTH } from './archive-limits.js';
import { detectCandidate } from './candidate.js';
import { DEFAULT_MAX_FILE_SIZE } from './limits.js';
import { archiveFormat } from './signatures.js';
import { readBinary } from './content.js';

export interface StagedOptions {
  /** Bytes; a larger staged archive (and a larger entry inside one) is not opened. */
  maxFileSize?: number;
  /** Archives inside archives are opened down to this depth (default 3); 0 leaves archives unopened. */
  maxArchiveDepth?: number;
  /**
   * Scan the printable runs of staged binaries (findings carry `byteOffset`); media and compressed
   * data are skipped by signature. Default false here; the scan pipeline turns it on.
   */
  binaries?: boolean;
}

/** Why a binary was not scanned; `undefined` keeps it listed as plain binary. */
type NotScanned = { detail?: string };

/** The findings in a binary blob (an archive's entries, or printable runs); NotScanned when not read. */
async function binaryFindings(
  cwd: string,
  spec: string,
  path: string,
  options: Required<StagedOptions>,
  detect: DetectFn,
  outcome?: SourceOutcome,
): Promise<Finding[] | 'too-large' | NotScanned> {
  const read = await readBlob(cwd, spec, options.maxFileSize);
  if ('tooLarge' in read) return 'too-large';
  if ('missing' in read) return {};
  const format = archiveFormat(read.buf);
  if (!format || options.maxArchiveDepth < 1) {
    if (!options.binaries) return {};
    const content = readBinary(read.buf, path);
    if (content.kind === 'skip') return content.detail !== undefined ? { detail: content.detail } : {};
    if (content.kind !== 'strings') return {};
    if (outcome) {
      outcome.stats.files++;
      outcome.stats.bytes += read.buf.length;
    }
    return content.text === undefined ? [] : detectCandidate(detect, { rel: path, text: content.text, ...(content.runs && { runs: content.runs }) });
  }
  const findings: Finding[] = [];
  // yauzl and tar-stream are loaded only when an archive is staged (the hook's start-up time).
  const { DEFAULT_ARCHIVE_LIMITS, scanArchive } = await import('./archive.js');
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxDepth: options.maxArchiveDepth, maxEntryBytes: options.maxFileSize };
  await scanArchive(read.buf, path, format, limits, {
    candidate: (c) => findings.push(...detectCandidate(detect, c)),
    skipped: (s) => outcome?.skipped.push(s),
    scanned: (bytes) => {
      if (!outcome) return;
      outcome.stats.files++;
      outcome.stats.bytes += bytes;
    },
  });
  return findings;
}

/** Opens the staged archives among the binary files (and with `binaries` reads the others' runs). */
async function stagedBinaries(
  cwd: string,
  binaries: readonly string[],
  skipped: Map<string, Skipped>,
  options: Required<StagedOptions>,
  detect: DetectFn,
  outcome: SourceOutcome,
): Promise<void> {
  for (const path of new Set(binaries)) {
    const now = await binaryFindings(cwd, `:0:${path}`, path, options, detect, outcome);
    if (!Array.isArray(now) && now !== 'too-large') {
      if (now.detail !== undefined) skipped.set(path, { file: path, reason: 'binary', detail: now.detail });
      continue;
    }
    if (now === 'too-large') {
      skipped.set(path, { file: path, reason: 'binary', detail: `more than ${options.maxFileSize} bytes, not opened` });
      continue;
    }
    skipped.delete(path);
    const before = now.length > 0 ? await binaryFindings(cwd, `HEAD:${path}`, path, options, detect) : undefined;
    const old = new Set(Array.isArray(before) ? before.map((f) => f.secretHash) : []);
    for (const f of now) if (!old.has(f.secretHash)) outcome.findings.push(f);
  }
}

interface StagedFile {
  path: string;
  blob: string | undefined;
  added: Set<number>;
}

export async function scanStaged(root: string, opts: StagedOptions, detect: DetectFn): Promise<SourceOutcome> {
  const options: Required<StagedOptions> = {
    maxFileSize: opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    maxArchiveDepth: opts.maxArchiveDepth ?? DEFAULT_ARCHIVE_DEPTH,
    binaries: opts.binaries === true,
  };
  const dir = repoDirectory(root);
  const opening = openRepo(dir);
  const outcome: SourceOutcome = { findings: [], skipped: [], stats: { files: 0, bytes: 0, commits: 0 } };
  const skipped = new Map<string, Skipped>();
  const files = new Map<string, StagedFile>();
  const binaries: string[] = [];

  const parser = new DiffParser({
    onBinary: (path) => {
      skipped.set(path, { file: path, reason: 'binary' });
      binaries.push(path);
    },
    onAdded: (added) => {
      let file = files.get(added.path);
      if (file === undefined) files.set(added.path, (file = { path: added.path, blob: added.blob, added: new Set() }));
      for (const line of added.lineMap) file.added.add(line);
    },
  });
  // With no commit named, `git diff --cached` compares against HEAD, or shows everything staged when
  // there is no commit yet: one git start, whatever the branch's state. It starts beside rev-parse,
  // not after it (git runs from the directory given either way): the pre-commit hook pays for each
  // git start on every commit. What rev-parse says wins: outside a repository, or in a bare one, the
  // diff's own failure is not the one to report.
  const diffing = streamGit(dir, ['diff', '--cached', '--full-index', ...DIFF_ARGS, '--'], (text) => parser.push(text));
  const diffSettled = diffing.then(
    () => undefined,
    () => undefined,
  );
  const repo = await opening.catch(async (err: unknown) => {
    await diffSettled;
    throw err;
  });
  if (repo.bare) {
    await diffSettled;
    throw new EnvironmentError('--staged needs a work tree; this is a bare repository');
  }
  await diffing;
  parser.end();
  if ((options.maxArchiveDepth > 0 || options.binaries) && binaries.length > 0) await stagedBinaries(repo.cwd, binaries, skipped, options, detect, outcome);
  outcome.skipped.push(...skipped.values());

  let reader: BlobReader | undefined;
  for (const file of files.values()) {
    outcome.stats.files++;
    const report = (result: BlobOutcome): void => {
      for (const f of result.findings[0] ?? []) if (file.added.has(f.line)) outcome.findings.push(f);
    };
    const sink = (done: (result: BlobOutcome) => void) => blobScanner(() => [{ path: file.path }], detect, done);
    const bytes = repo.top !== undefined && file.blob !== undefined ? workTreeCopy(join(repo.top, file.path), file.blob) : undefined;
    if (bytes !== undefined) {
      outcome.stats.bytes += bytes.length;
      const s = sink(report);
      s.start(bytes.length, 'blob');
      if (bytes.length > 0) s.data(bytes);
      s.end();
      continue;
    }
    reader ??= new BlobReader(repo.cwd);
    // Without --full-index ids (never, in practice) ask for the index entry by path.
    reader.request(file.blob ?? `:${file.path}`, sink(report));
  }
  if (reader !== undefined) {
    await reader.close();
    outcome.stats.bytes += reader.bytes;
  }
  // Order: path, then line, as the diff gave them.
  outcome.findings.sort(byPlace);
  return outcome;
}

function byPlace(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

/** The working-tree file's bytes if git would store them as `blob` (same content, no filters), else undefined. */
function workTreeCopy(path: string, blob: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const algorithm = blob.length === 64 ? 'sha256' : 'sha1';
  const id = createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  return id === blob ? bytes : undefined;
}
