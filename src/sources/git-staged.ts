// `--staged`: what the next commit would add — the index against HEAD (or against the empty tree
// before the first commit), added lines only. The working tree is never read, so a key that is only
// in the working tree, or only in an unstaged hunk (`git add -p`), is not reported; a commit that
// removes a key passes. GIT_INDEX_FILE is inherited, so inside a pre-commit hook of `git commit -a`
// or `git commit <paths>` the index being committed is the one scanned.
import type { Skipped } from '../core/types.js';
import type { DetectFn, SourceOutcome } from './source.js';
import { DiffParser } from './git-diff-parse.js';
import { DIFF_ARGS, openRepo, streamGit } from './git-repo.js';
import { EnvironmentError } from '../errors.js';

export type StagedOptions = Record<string, never>;

export async function scanStaged(root: string, _opts: StagedOptions, detect: DetectFn): Promise<SourceOutcome> {
  const repo = await openRepo(root);
  if (repo.bare) throw new EnvironmentError('--staged needs a work tree; this is a bare repository');
  const outcome: SourceOutcome = { findings: [], skipped: [], stats: { files: 0, bytes: 0, commits: 0 } };
  const skipped = new Map<string, Skipped>();

  const parser = new DiffParser({
    onBinary: (path) => skipped.set(path, { file: path, reason: 'binary' }),
    onAdded: (added) => {
      if (!added.partial) outcome.stats.files++;
      outcome.findings.push(...detect({ text: added.lines.join('\n'), path: added.path, lineMap: added.lineMap }));
    },
  });
  // With no commit named, `git diff --cached` compares against HEAD, or shows everything staged when
  // there is no commit yet: one git start, whatever the branch's state.
  const args = ['diff', '--cached', ...DIFF_ARGS, '--'];
  outcome.stats.bytes = await streamGit(repo.cwd, args, (text) => parser.push(text));
  parser.end();
  outcome.skipped = [...skipped.values()];
  return outcome;
}
