// Remedies that fit the place where a key sits. Pure: the CLI finds out the place (src/cli/places.ts,
// with git) and this module turns it into advice.
import { RULE_DOCS } from '../core/patterns.js';
import type { Finding, ScanResult } from '../core/types.js';

export type Place =
  /** The file is committed (tracked by git). */
  | 'tracked'
  /** A `.env*` file that git neither tracks nor ignores: one `git add .` away from a commit. */
  | 'unignored-env'
  /** Found in history; the key is no longer in the working tree at that path. */
  | 'history-only'
  /** In the staged changes of the next commit. */
  | 'staged'
  /** Anything else (outside a git repository, an ignored or untracked file, standard input). */
  | 'unknown';

export const REMEDIES = {
  unignoredEnv: (file: string) =>
    `Add ${file} to .gitignore: git does not ignore it yet, so the key is one \`git add\` away from a commit.`,
  tracked: 'Remove it from the file and rotate the key: it is committed, so everyone with the repository has it.',
  historyOnly: "Rotate the key: it is still in the repository's history, even though the current files no longer hold it.",
  stagedEnv: (file: string) => `Unstage it (git restore --staged ${file}) and add ${file} to .gitignore.`,
  staged: 'Remove it before committing (then git add the file again), and read the key from the environment instead.',
} as const;

/** `.env`, `.env.local`, `config/.env.production` — but not `.env.example`-style templates, which hold no values. */
export function isEnvFile(file: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return /^\.env(\..+)?$/.test(name) && !/\.(example|sample|template|dist)$/i.test(name);
}

export function remedyFor(finding: Finding, place: Place): string {
  switch (place) {
    case 'unignored-env':
      return REMEDIES.unignoredEnv(finding.file);
    case 'tracked':
      return REMEDIES.tracked;
    case 'history-only':
      return REMEDIES.historyOnly;
    case 'staged':
      return isEnvFile(finding.file) ? REMEDIES.stagedEnv(finding.file) : REMEDIES.staged;
    case 'unknown':
      return RULE_DOCS[finding.ruleId].remedy;
  }
}

/** What a report advises for a finding: the remedy fitted to its place if the CLI found one, else the rule's. */
export function remedyIn(result: ScanResult, finding: Finding): string {
  return result.remedies?.[finding.fingerprint] ?? RULE_DOCS[finding.ruleId].remedy;
}
