// What every source (files, git history, staged index, stdin) hands back to the CLI.
import type { Finding, Fragment, ScanStats, Skipped } from '../core/types.js';

/** The detector, already configured (rules switched off, allow-list), handed to a source. */
export type DetectFn = (fragment: Fragment) => Finding[];

export interface SourceOutcome {
  findings: Finding[];
  skipped: Skipped[];
  stats: Omit<ScanStats, 'durationMs'>;
  /** History only: the repository is a shallow clone. */
  shallow?: boolean;
}
