// `--history`: every commit reachable from any ref (or a range), read from git's object store.
//
// Two git processes work side by side (two cores): `git log --raw` lists each commit's changed paths
// with their new blob ids — no diffs are computed — and `git cat-file --batch` streams each blob's
// bytes. A blob id is read once however many commits or paths share it; a blob that fails the keyword
// gate on its raw bytes is remembered as clean and never read again; only blobs that pass are decoded
// and given to the detector, whole, so a key's context on unchanged lines is seen. On a whole history,
// git first greps every blob of the store (git-grep-gate.ts) and only the blobs it lists are read: the
// log's output is held meanwhile (on a large store the log starts after the gate instead), and an
// entry whose blob git found clean costs a lookup.
//
// How a key is attributed to the commit that introduced it (the same rules as reading added lines):
// - git lists commits oldest first in topological order (`--topo-order --reverse`: every commit after
//   its parents; on a large store git log shows rev-list's list in batches, git-log-batches.ts), so
//   the first commit in which a key appears at a path is the one that added it.
// - A key found at a path where it was already reported (or inherited through a rename, `-M`) is
//   dropped: keeping it, moving it inside the file or renaming the file does not make it new. A copy
//   into another path is new. Keyed by (secret hash, path), so a key deleted and later re-added at the
//   same path is reported once, at the first commit.
// - After a commit, every key of every file it holds is known at its path (by induction: a file is
//   either unchanged from a parent, renamed from one, or scanned whole). So scanning a changed file
//   whole reports exactly the keys its commit added.
// - A merge's new keys are in the files that differ from EVERY parent: what was written while
//   resolving the merge; a file taken from a parent holds only keys reported on that side. On a full
//   scan git lists a merge's changes against its first parent (`--diff-merges=first-parent`, half the
//   cost of `-c` with rename detection): a file taken from another parent is scanned again and its
//   keys, all known at its path, stay quiet; renames a merge shows are not carried (the other side
//   already moved the file, and `-c` would scan it as new at its path). A partial scan has not seen
//   every parent, so it asks for `-c`, as does a git older than 2.31.
// - With --range (or explicit revs), the commits below the range are not scanned, so for each changed file the keys of
//   its previous version (each parent's side) are read first and count as known.
//
// Binaries: marked binary (listed as skipped) unless asked for — `binaries` scans their printable runs
// behind the keyword gate (media and compressed data skipped by signature), `archives` (`--archives`)
// opens zip-family, tar and gzip blobs and scans their entries. Both read the blob whole, so they are
// bounded by `maxFileSize`; with neither, a binary costs its first 8 KiB. A key inside an archive is
// attributed like any other, at the archive's path.
//
// Answers are consumed in log order through a bounded queue; when it fills, the log is paused.
// Memory holds the queue, the (path → hashes) map of reported keys and a bounded set of clean blob ids.
import { hasKeyword } from '../core/detect.js';
import { ownString } from '../core/own-string.js';
import type { Finding, Skipped } from '../core/types.js';
import { EnvironmentError, UsageError } from '../errors.js';
import type { DetectFn, SourceOutcome } from './source.js';
import { blobScanner, PART_BYTES, type BinaryBlobs, type BlobOutcome, type BlobOrigin, type Scratch } from './blob-scan.js';
import { DEFAULT_ARCHIVE_DEPTH } from './archive-limits.js';
import { DEFAULT_MAX_FILE_SIZE } from './limits.js';
import { BlobReader, type BlobSink } from './git-blobs.js';
import { gateObjectStore, type BlobVerdicts } from './git-grep-gate.js';
import { NULL_SHA, RawLogParser, rawLogFormat, type RawCommit, type RawEntry } from './git-raw-log.js';
import { annotatedCommit, listExtraRefs } from './git-refs.js';
import { listCommits, openLogBatches } from './git-log-batches.js';
import { countCommits, objectsDirectory, openGitStream, openRepo, packBytes, type GitStream } from './git-repo.js';

export interface HistoryOptions {
  /** `A..B` (any git revision range): only those commits. Default: everything reachable from any ref. */
  range?: string;
  /** Revisions for `git rev-list` (ids, ref names and a few selection options); wins over `range`. */
  revs?: readonly string[];
  /**
   * Scan commit messages (place `<commit message>`) and, on a full scan, annotated tag messages
   * (`<tag message NAME>`), notes (`<note>`, at the commit they annotate) and every stash entry.
   * Default false here; the CLI and the scan pipeline turn it on (`--no-messages` turns it off).
   */
  messages?: boolean;
  /**
   * Scan the printable runs of binary blobs (media and compressed data skipped by signature), findings
   * carrying `byteOffset`. Default false here; the scan pipeline turns it on.
   */
  binaries?: boolean;
  /** Open archive blobs (zip family, tar, gzip) and scan their entries (`--archives`). Default false. */
  archives?: boolean;
  /** Archives inside archives are opened down to this depth (default 3). */
  maxArchiveDepth?: number;
  /** Bytes: a larger binary or archive blob is not read, nor a larger entry inside an archive. */
  maxFileSize?: number;
  /**
   * A whole-history scan first gates every blob of the store in git (git-grep-gate.ts) when the store
   * holds at least this many bytes of blobs (default 4 MiB); Infinity never does. For tests and benches.
   */
  gateBytes?: number;
  /**
   * From this many bytes of packs the store is large: git log waits for the gate and shows the
   * commits in batches of `logBatch` (default 64 MiB and 5,000). For tests and benches.
   */
  largeStoreBytes?: number;
  logBatch?: number;
  /** Called after each commit is read. */
  onProgress?: (done: number, total: number, findings: number) => void;
}

/** Where a commit message's findings are reported. */
export const COMMIT_MESSAGE_PLACE = '<commit message>';

/** Gitlinks (submodule commits) name objects of another repository. */
const GITLINK_MODE = '160000';
/** Queue length at which the log is paused, and at which it resumes. */
const QUEUE_HIGH = 4096;
const QUEUE_LOW = 1024;
/** Characters of log output held while the store is gated (past this, git log waits). */
const LOG_HELD = 4 * 1024 * 1024;
/**
 * From this many bytes of packs, git log waits for the gate and shows the commits in batches (see
 * run): below it, one git log holds few enough commits, and listing them first would cost a walk
 * (express: 170 ms).
 */
const LARGE_STORE_PACK_BYTES = 64 * 1024 * 1024;
/** Clean blob ids remembered; past this the older half is forgotten (a re-read costs time, not findings). */
const CLEAN_IDS = 250_000;

export async function scanHistory(root: string, opts: HistoryOptions, detect: DetectFn): Promise<SourceOutcome> {
  if (opts.range !== undefined && (opts.range.trim() === '' || opts.range.startsWith('-'))) {
    throw new UsageError(`--range expects a revision range such as main..HEAD, got '${opts.range}'`);
  }
  if (opts.revs !== undefined) checkRevs(opts.revs);
  const outcome: SourceOutcome = { findings: [], skipped: [], stats: { files: 0, bytes: 0, commits: 0 } };
  const repo = await openRepo(root);
  if (opts.revs !== undefined && opts.revs.length === 0) return outcome;
  // Part of the history (a range, or revs): the commits below it are not read.
  const partial = opts.revs !== undefined || opts.range !== undefined;
  // Tags, notes and older stash entries belong to a full scan; a range is a set of commits.
  const extras = opts.messages === true && !partial ? await listExtraRefs(repo.cwd) : undefined;
  // --end-of-options: a range can never be taken for an option. Notes refs are not the code's history:
  // they get a pass of their own with the messages (a note is reported at the commit it annotates).
  const revs =
    opts.revs ??
    (opts.range !== undefined ? ['--end-of-options', opts.range] : ['--exclude=refs/notes/*', '--all', ...(extras?.stash ?? [])]);
  if (repo.shallow) outcome.shallow = true;
  const attribution = new Attribution();
  try {
    await new HistoryScan(repo.cwd, detect, { ...opts, partial }, outcome, attribution, false).run([...revs], !partial);
  } catch (err) {
    // git before 2.31 has no --diff-merges: it refuses the arguments before printing anything.
    if (partial || !(err instanceof EnvironmentError) || !/diff-merges/.test(err.message)) throw err;
    await new HistoryScan(repo.cwd, detect, { ...opts, partial }, outcome, attribution, false).run([...revs], false);
  }
  if (extras !== undefined) {
    if (extras.notes.length > 0) {
      await new HistoryScan(repo.cwd, detect, { messages: false, partial: false }, outcome, attribution, true).run(extras.notes, false);
    }
    attribution.nextCommit();
    for (const tag of extras.tags) {
      const place = `<tag message ${tag.name}>`;
      const message = tag.message.replace(/\n+$/, '');
      if (message === '' || !hasKeyword(message)) continue;
      const findings = detect({ text: message, path: place, commit: tag.target, author: tag.tagger, date: tag.date });
      for (const f of findings) if (attribution.isNew(place, f.secretHash)) outcome.findings.push(f);
      attribution.nextCommit();
    }
  }
  return outcome;
}

/** Selection options a `revs` list may hold; anything else starting with `-` could be any git option. */
const REV_OPTIONS = /^--(?:not|all|branches|tags|remotes)$|^--(?:branches|tags|remotes|exclude)=[^\s]+$/;

function checkRevs(revs: readonly string[]): void {
  for (const rev of revs) {
    if (rev.trim() === '' || (rev.startsWith('-') && !REV_OPTIONS.test(rev))) {
      throw new UsageError(`not a revision: '${rev}'`);
    }
  }
}

/** Where a note's findings are reported; the commit it annotates is the finding's commit. */
export const NOTE_PLACE = '<note>';

/** A blob's keys to judge at `path` (or, for a seed, to record there) once its answer is in. */
interface BlobItem {
  kind: 'blob';
  /** Where keys are remembered (a path; for notes, the annotated commit). */
  path: string;
  /** The reported file, for the skipped list. */
  file: string;
  ready: boolean;
  seed: boolean;
  /** Which of the request's places this item's findings are. */
  index: number;
  result?: BlobOutcome;
}

type Item = { kind: 'commit'; commit: RawCommit; findings: Finding[] } | { kind: 'rename'; from: string; to: string } | BlobItem;

/** One blob asked for: every place it is to be scanned at, and the queue items waiting on it. */
interface Request {
  items: BlobItem[];
  places: BlobOrigin[];
  /** Its answer has begun: places can no longer join it. */
  started: boolean;
  /**
   * Asked for while an earlier read of the same blob was under way. Had that read ended first, a clean
   * or binary answer would have been remembered and this one never read: its bytes are then not
   * counted, so the stats do not depend on how far git had got (fleet runs must merge byte for byte).
   */
  again: boolean;
  size?: number;
}

/** What binary blobs get, from the options; undefined when they are only marked binary. */
function binaryBlobs(opts: HistoryOptions): BinaryBlobs | undefined {
  if (opts.binaries !== true && opts.archives !== true) return undefined;
  return {
    maxBytes: opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    strings: opts.binaries === true,
    archiveDepth: opts.archives === true ? (opts.maxArchiveDepth ?? DEFAULT_ARCHIVE_DEPTH) : 0,
    closedArchive: opts.archives === true ? 'archive, not opened (--max-archive-depth 0)' : 'archive, not opened (--archives opens archives in history)',
  };
}

class HistoryScan {
  private readonly skipped = new Map<string, Skipped>();
  private readonly queue: (Item | undefined)[] = [];
  private head = 0;
  private total: number | undefined;
  private commits = 0;
  private commit: RawCommit | undefined;
  /** Blob ids known to hold no keyword (or to be binary), in two generations. */
  private clean = new Map<string, Known>();
  private cleanOld = new Map<string, Known>();
  /** Blobs asked for and not yet answered: the items waiting on each. */
  private readonly inflight = new Map<string, Request>();
  /** Requests whose scan has not finished (an archive's entries are read after git's answer). */
  private unanswered = 0;
  /** Bytes of reads a sequential scan would not have made (see Request.again). */
  private racedBytes = 0;
  private onSettled: (() => void) | undefined;
  private reader!: BlobReader;
  private parser!: RawLogParser;
  /** Log output not parsed yet: held while the store is gated, then fed as the queue allows. */
  private held: string[] = [];
  private heldChars = 0;
  private holding = false;
  private feeding = false;
  private onFed: (() => void) | undefined;
  /** A full scan's gate: the blobs git found no keyword in are never read. */
  private verdicts: BlobVerdicts | undefined;
  /** Bytes of the blobs the gate searched and found clean (they count as scanned). */
  private gatedBytes = 0;
  private log!: GitStream;
  private paused = false;
  private readonly scratch: Scratch = { buf: Buffer.alloc(0) };
  private readonly binaries: BinaryBlobs | undefined;
  private failure: unknown;

  constructor(
    private readonly cwd: string,
    private readonly detect: DetectFn,
    private readonly opts: HistoryOptions & { partial: boolean },
    private readonly outcome: SourceOutcome,
    private readonly attribution: Attribution,
    /** A pass over notes refs: blobs are notes on the commit their path names. */
    private readonly notes: boolean,
  ) {
    this.binaries = notes ? undefined : binaryBlobs(opts);
  }

  /** `firstParent`: merges listed against their first parent, else combined (`-c`). */
  private firstParent = false;

  async run(revs: string[], firstParent: boolean): Promise<void> {
    this.firstParent = firstParent;
    this.parser = new RawLogParser({
      onCommit: (c) => this.onCommit(c),
      onEntry: (e) => this.onEntry(e),
    });
    const config = [
      // Half the default delta base cache: the same speed on webpack's history, 5 MB less.
      '-c', 'core.deltaBaseCacheLimit=4m',
    ];
    const logArgs = [
      '--raw', '--no-abbrev', firstParent ? '--diff-merges=first-parent' : '-c', '-M', '--no-color', '--no-ext-diff', '--no-textconv', '--no-relative',
      `--format=${rawLogFormat(this.opts.messages === true)}`, '--encoding=UTF-8',
    ];
    // A whole history is gated first, in git, while git log walks the commits and lists their changes;
    // what it prints meanwhile is held (up to LOG_HELD bytes) and parsed once the verdicts are in. A
    // range is a few commits: gating every blob of the store would cost more than reading those.
    // On a large store the commits are listed and shown once the gate is done: beside two greps git
    // would hold its own pack windows and caches (35-40 MB on webpack) while paused, and the gate
    // takes long enough there that the overlap saves little.
    // No object directory (git could not say): no gate, which would only ask again.
    const objects = this.notes ? undefined : await objectsDirectory(this.cwd);
    const large = objects !== undefined && packBytes(objects) >= (this.opts.largeStoreBytes ?? LARGE_STORE_PACK_BYTES);
    let gating: Promise<BlobVerdicts | undefined> | undefined;
    if (!this.opts.partial && objects !== undefined && this.opts.gateBytes !== Infinity) gating = gateObjectStore(this.cwd, this.opts.gateBytes, objects);
    const onText = (text: string): void => {
      if (!this.holding && this.held.length === 0) return this.parser.push(text);
      this.held.push(text);
      this.heldChars += text.length;
      if (this.heldChars > LOG_HELD) this.log.pause();
    };
    let counting: Promise<void> | undefined;
    try {
      if (large) {
        // A large store's history is shown in batches (git-log-batches.ts): one git log would hold all
        // of it. The commits are listed while the gate runs (the list gives progress its total too).
        const listing = listCommits(this.cwd, revs);
        listing.catch(() => undefined);
        if (gating !== undefined) {
          this.verdicts = await gating;
          gating = undefined;
        }
        const commits = await listing;
        this.total = commits.count;
        this.log = openLogBatches(this.cwd, config, logArgs, commits, onText, this.opts.logBatch);
      } else {
        // The total is only for progress (a notes pass reports none): git walks the history twice for it.
        counting = (this.notes || this.opts.onProgress === undefined ? Promise.resolve(0) : countCommits({ cwd: this.cwd, bare: false, shallow: false }, revs)).then((n) => {
          this.total = n;
          this.drain();
        });
        this.log = openGitStream(this.cwd, [...config, 'log', '--topo-order', '--reverse', ...logArgs, ...revs, '--'], onText);
      }
    } catch (err) {
      await gating;
      throw err;
    }
    this.reader = new BlobReader(this.cwd);
    this.holding = gating !== undefined;
    void gating?.then((verdicts) => {
      this.verdicts = verdicts;
      this.holding = false;
      this.feed();
    });
    try {
      const [logBytes] = await Promise.all([this.log.done, counting, gating]);
      // What is still held goes in as the queue lets it (answers drain the queue, drain() feeds).
      if (this.held.length > 0) await new Promise<void>((resolve) => (this.onFed = resolve));
      if (this.failure !== undefined) throw this.failure;
      this.parser.end();
      await this.reader.close();
      if (this.unanswered > 0) await new Promise<void>((resolve) => (this.onSettled = resolve));
      this.outcome.stats.bytes = logBytes + this.reader.bytes + this.gatedBytes - this.racedBytes;
    } catch (err) {
      this.log.kill();
      this.reader.kill();
      await Promise.allSettled([this.log.done, counting, gating]);
      // A failure of ours stopped git: it, not git's "stopped", is the error.
      throw this.failure ?? err;
    }
    if (this.failure !== undefined) throw this.failure;
    this.drain();
    if (this.notes) {
      this.outcome.skipped.push(...this.skipped.values());
      return;
    }
    if (this.commits > 0) this.opts.onProgress?.(this.commits, this.total!, this.outcome.findings.length);
    this.outcome.stats.commits = this.commits;
    this.outcome.skipped = [...this.skipped.values()];
    // Findings stay in the order git gave: oldest commit first, then path, then line.
  }

  private onCommit(commit: RawCommit): void {
    this.commit = commit;
    const findings: Finding[] = [];
    const message = this.notes ? '' : commit.message.replace(/\n+$/, '');
    if (message !== '' && hasKeyword(message)) {
      findings.push(...this.detect({ text: message, path: COMMIT_MESSAGE_PLACE, ...provenance(commit) }));
    }
    this.enqueue({ kind: 'commit', commit, findings });
  }

  /** Where an entry's keys are reported and remembered. */
  private placeOf(path: string): { place: BlobOrigin; key: string } {
    const commit = this.commit!;
    if (this.notes) {
      const annotated = annotatedCommit(path);
      const place = { path: NOTE_PLACE, commit: annotated ?? commit.sha, author: commit.author, date: commit.date };
      return { place, key: `${NOTE_PLACE} ${annotated ?? path}` };
    }
    return { place: { path, ...provenance(commit) }, key: path };
  }

  /** Where an entry's keys are remembered (placeOf's key, without building the place). */
  private keyOf(path: string): string {
    return this.notes ? `${NOTE_PLACE} ${annotatedCommit(path) ?? path}` : path;
  }

  private onEntry(raw: RawEntry): void {
    // A merge listed against its first parent: a rename there is scanned as a new file (see the top).
    const entry = this.firstParent && raw.from !== undefined && this.commit!.parents.length > 1 ? { ...raw, from: undefined } : raw;
    const key = this.keyOf(entry.path);
    if (entry.from !== undefined) this.enqueue({ kind: 'rename', from: this.keyOf(entry.from), to: key });
    if (NULL_SHA.test(entry.newSha) || entry.newMode === GITLINK_MODE) return;
    // A pure rename (same blob) carries its keys and adds none.
    if (entry.from !== undefined && entry.oldShas[0] === entry.newSha) return;
    if (this.opts.partial) {
      // Below the range nothing was scanned: the previous version's keys count as known.
      const before = this.placeOf(entry.from ?? entry.path).place;
      for (const old of entry.oldShas) {
        if (!NULL_SHA.test(old) && old !== entry.newSha) this.blob(old, before, key, true);
      }
    }
    if (!this.notes) this.outcome.stats.files++;
    const clean = this.verdicts?.cleanBytes(entry.newSha) ?? -1;
    if (clean >= 0) {
      this.gatedBytes += clean;
      return;
    }
    this.blob(entry.newSha, this.placeOf(entry.path).place, key, false);
  }

  /** Queues the scan of blob `sha` at `place`; its keys are judged (or, for a seed, recorded) at `path`. */
  private blob(sha: string, place: BlobOrigin, path: string, seed: boolean): void {
    const id = idKey(sha);
    const known = this.clean.get(id) ?? this.cleanOld.get(id);
    if (known === 'clean') return;
    if (known !== undefined) {
      if (!seed) this.enqueue({ kind: 'blob', path, file: place.path, ready: true, seed, index: 0, result: known });
      return;
    }
    const asked = this.inflight.get(sha);
    const waiting = asked !== undefined && !asked.started ? asked : undefined;
    const item: BlobItem = { kind: 'blob', path, file: place.path, ready: false, seed, index: waiting?.places.length ?? 0 };
    if (waiting !== undefined) {
      // Already asked for: this place joins the scan of the answer.
      waiting.items.push(item);
      waiting.places.push(place);
    } else {
      const request: Request = { items: [item], places: [place], started: false, again: asked !== undefined };
      this.inflight.set(sha, request);
      this.unanswered++;
      const places = (): readonly BlobOrigin[] => {
        request.started = true;
        return request.places;
      };
      const scanner = blobScanner(places, this.detect, (result) => this.answered(sha, request, result), this.scratch, PART_BYTES, this.binaries);
      // Its size is kept for the stats (see `answered`).
      const sink: BlobSink = {
        start: (size, type) => {
          request.size = size;
          scanner.start(size, type);
        },
        data: (piece) => scanner.data(piece),
        end: () => scanner.end(),
      };
      this.reader.request(sha, sink);
    }
    this.enqueue(item);
  }

  private answered(sha: string, request: Request, result: BlobOutcome): void {
    if (this.inflight.get(sha) === request) this.inflight.delete(sha);
    // The bytes counted are those a sequential scan reads, whatever the timing: a clean or binary blob is
    // read once (then remembered), any other is read at each place it is asked for. A read that joined
    // an earlier ask, or raced one still under way, is counted accordingly.
    if (result.clean || result.binary) {
      if (request.again) this.racedBytes += request.size ?? 0;
    } else this.racedBytes -= (request.size ?? 0) * (request.items.length - 1);
    if (--this.unanswered === 0) this.onSettled?.();
    if (result.clean || result.binary) this.remember(sha, result.clean ? 'clean' : result.detail === undefined ? binaryOutcome : { ...binaryOutcome, detail: result.detail });
    for (const item of request.items) {
      item.result = result;
      item.ready = true;
    }
    this.drain();
  }

  private remember(sha: string, what: Known): void {
    if (this.clean.size >= CLEAN_IDS) {
      this.cleanOld = this.clean;
      this.clean = new Map();
    }
    this.clean.set(idKey(sha), what);
  }

  private enqueue(item: Item): void {
    this.queue.push(item);
    if (!this.paused && this.queue.length - this.head > QUEUE_HIGH) {
      this.paused = true;
      this.log.pause();
    }
    this.drain();
  }

  /** Applies every item at the head of the queue whose answer is in, in log order. */
  private drain(): void {
    if (this.total === undefined || this.failure !== undefined) return;
    try {
      while (this.head < this.queue.length) {
        const item = this.queue[this.head]!;
        if (item.kind === 'blob' && !item.ready) break;
        this.queue[this.head++] = undefined;
        this.apply(item);
      }
    } catch (err) {
      this.failure = err;
      this.log.kill();
      this.reader.kill();
      return;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (this.paused && this.queue.length - this.head < QUEUE_LOW) {
      this.paused = false;
      this.feed();
    }
  }

  /** Parses held log output while the queue has room; then lets git log go on. */
  private feed(): void {
    // Not again from inside a push (an answer can unpause the queue while a chunk is being parsed).
    if (this.holding || this.feeding) return;
    this.feeding = true;
    while (this.held.length > 0 && !this.paused && this.failure === undefined) {
      const text = this.held.shift()!;
      this.heldChars -= text.length;
      try {
        this.parser.push(text);
      } catch (err) {
        this.failure ??= err;
        this.log.kill();
        this.reader.kill();
      }
    }
    this.feeding = false;
    if (this.held.length === 0 || this.failure !== undefined) {
      this.held = [];
      if (!this.paused) this.log.resume();
      this.onFed?.();
    }
  }

  private apply(item: Item): void {
    switch (item.kind) {
      case 'commit':
        if (this.commits > 0 && !this.notes) this.opts.onProgress?.(this.commits, this.total!, this.outcome.findings.length);
        this.commits++;
        this.attribution.nextCommit();
        this.report(COMMIT_MESSAGE_PLACE, item.findings);
        return;
      case 'rename':
        this.attribution.rename(item.from, item.to);
        return;
      case 'blob': {
        const result = item.result!;
        if (result.missing) {
          if (!item.seed && !this.skipped.has(item.path)) this.skip(item.path, { file: item.file, reason: 'unreadable', detail: 'object missing from the repository' });
          return;
        }
        if (result.binary) {
          if (!item.seed && !this.skipped.has(item.path)) {
            this.skip(item.path, { file: item.file, reason: 'binary', ...(result.detail !== undefined && { detail: result.detail }) });
          }
          return;
        }
        if (result.inner !== undefined && !item.seed) {
          for (const s of result.inner) if (!this.skipped.has(s.file)) this.skip(s.file, s);
        }
        const findings = result.findings[item.index] ?? [];
        if (item.seed) for (const f of findings) this.attribution.know(item.path, f.secretHash);
        else this.report(item.path, findings);
        return;
      }
    }
  }

  /** Paths come from the log's text: kept, they are copied (see ownString). */
  private skip(key: string, skipped: Skipped): void {
    this.skipped.set(ownString(key), { ...skipped, file: ownString(skipped.file) });
  }

  private report(path: string, findings: readonly Finding[]): void {
    for (const finding of findings) {
      if (this.attribution.isNew(path, finding.secretHash)) this.outcome.findings.push(finding);
    }
  }
}

/**
 * A blob id as a map key: its bytes as a fresh 20-character string. The id parsed from the log is a
 * slice of a whole chunk of log text, and as a key it would keep that chunk alive: memory would grow
 * with the history instead of staying under the cap on remembered ids.
 */
function idKey(sha: string): string {
  return Buffer.from(sha, 'hex').toString('latin1');
}

const binaryOutcome: BlobOutcome = { missing: false, binary: true, clean: false, findings: [] };

/** A remembered blob: clean (nothing to find at any path), or a binary not scanned (and why). */
type Known = 'clean' | BlobOutcome;

function provenance(commit: RawCommit): { commit: string; author: string; date: string } {
  return { commit: commit.sha, author: commit.author, date: commit.date };
}

/** Which keys have been reported at which path, so later commits that keep or move them stay quiet. */
class Attribution {
  private readonly seen = new Map<string, Set<string>>();
  /** Keys found by the current commit: all of its lines count, so they join `seen` when it ends. */
  private pending: Array<[string, string]> = [];

  nextCommit(): void {
    for (const [path, hash] of this.pending) this.hashesAt(path).add(hash);
    this.pending = [];
  }

  rename(from: string, to: string): void {
    const carried = this.seen.get(from);
    if (carried === undefined || carried.size === 0) return;
    const target = this.hashesAt(to);
    for (const hash of carried) target.add(hash);
  }

  /** A key already at `path` before the scanned commits (range scans). */
  know(path: string, hash: string): void {
    this.hashesAt(path).add(hash);
  }

  isNew(path: string, hash: string): boolean {
    if (this.seen.get(path)?.has(hash)) return false;
    this.pending.push([path, hash]);
    return true;
  }

  private hashesAt(path: string): Set<string> {
    let set = this.seen.get(path);
    if (set === undefined) this.seen.set(ownString(path), (set = new Set()));
    return set;
  }
}
