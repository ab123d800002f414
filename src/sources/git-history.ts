// `--history`: every commit reachable from any ref (or a range), only the lines each commit added.
//
// How a key is attributed to the commit that introduced it:
// - git streams the log oldest first in topological order (`--topo-order --reverse`: every commit after
//   its parents), so the first commit in which a key appears at a path is the one that added it.
// - A key found at a path where it was already reported (or inherited through a rename, `-M`) is
//   dropped: moving it inside the file, or renaming the file, does not make it new. A copy into another
//   path is new. Keyed by (secret hash, path), so a key deleted and later re-added at the same path is
//   reported once, at the first commit.
// - Merge commits are shown as dense combined diffs (`--cc`); only lines new against EVERY parent count,
//   i.e. what was written while resolving the merge. Lines taken from a parent were added, and
//   reported, by a commit on that side.
//
// The log is read from a child process as it is produced; memory holds one file's added lines and
// the (path → hashes) map of reported keys, never the log.
import type { Skipped } from '../core/types.js';
import { UsageError } from '../errors.js';
import type { DetectFn, SourceOutcome } from './source.js';
import { COMMIT_FORMAT, DiffParser, type AddedLines } from './git-diff-parse.js';
import { DIFF_ARGS, countCommits, openRepo, streamGit } from './git-repo.js';

export interface HistoryOptions {
  /** `A..B` (any git revision range): only those commits. Default: everything reachable from any ref. */
  range?: string;
  /** Revisions for `git rev-list` (ids, ref names and a few selection options); wins over `range`. */
  revs?: readonly string[];
  /** Called after each commit is read. */
  onProgress?: (done: number, total: number, findings: number) => void;
}

export async function scanHistory(root: string, opts: HistoryOptions, detect: DetectFn): Promise<SourceOutcome> {
  if (opts.range !== undefined && (opts.range.trim() === '' || opts.range.startsWith('-'))) {
    throw new UsageError(`--range expects a revision range such as main..HEAD, got '${opts.range}'`);
  }
  if (opts.revs !== undefined) checkRevs(opts.revs);
  const repo = await openRepo(root);
  // --end-of-options: a range can never be taken for an option.
  const revs = opts.revs ?? (opts.range !== undefined ? ['--end-of-options', opts.range] : ['--all']);
  if (revs.length === 0) return { findings: [], skipped: [], stats: { files: 0, bytes: 0, commits: 0 } };
  const total = await countCommits(repo, revs);
  const outcome: SourceOutcome = { findings: [], skipped: [], stats: { files: 0, bytes: 0, commits: 0 } };
  if (repo.shallow) outcome.shallow = true;
  if (total === 0) return outcome;

  const attribution = new Attribution();
  const binaries = new Map<string, Skipped>();
  let commits = 0;
  let files = 0;

  const parser = new DiffParser({
    onCommit: () => {
      if (commits > 0) opts.onProgress?.(commits, total, outcome.findings.length);
      commits++;
      attribution.nextCommit();
    },
    onRename: (from, to) => attribution.rename(from, to),
    onBinary: (path) => {
      if (!binaries.has(path)) binaries.set(path, { file: path, reason: 'binary' });
    },
    onAdded: (added: AddedLines) => {
      if (!added.partial) files++;
      const commit = added.commit;
      const fragment = {
        text: added.lines.join('\n'),
        path: added.path,
        lineMap: added.lineMap,
        ...(commit && { commit: commit.sha, author: commit.author, date: commit.date }),
      };
      // The detector copies the fragment's commit, author and date onto each finding.
      for (const finding of detect(fragment)) {
        if (attribution.isNew(added.path, finding.secretHash)) outcome.findings.push(finding);
      }
    },
  });

  const args = ['log', '-p', '--cc', ...DIFF_ARGS, '--topo-order', '--reverse', `--format=${COMMIT_FORMAT}`, '--encoding=UTF-8', ...revs, '--'];
  outcome.stats.bytes = await streamGit(repo.cwd, args, (text) => parser.push(text));
  parser.end();
  if (commits > 0) opts.onProgress?.(commits, total, outcome.findings.length);

  outcome.stats.commits = commits;
  outcome.stats.files = files;
  outcome.skipped = [...binaries.values()];
  // Findings stay in the order git gave: oldest commit first, then path, then line.
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

  isNew(path: string, hash: string): boolean {
    if (this.seen.get(path)?.has(hash)) return false;
    this.pending.push([path, hash]);
    return true;
  }

  private hashesAt(path: string): Set<string> {
    let set = this.seen.get(path);
    if (set === undefined) this.seen.set(path, (set = new Set()));
    return set;
  }
}
