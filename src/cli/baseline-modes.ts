// The two scan modes that write the baseline instead of failing on findings: --write-baseline accepts
// every current key, --prune-baseline only forgets the stale ones. Each returns its stderr line.
import type { ScanOutcome } from '../scan/index.js';
import { redactSecrets } from '../core/index.js';
import { PACKAGE_NAME } from './options.js';

/** --write-baseline: every current key, the baseline's known ones included, so a refresh drops only stale entries. */
export async function writeBaselineMode(file: string, result: ScanOutcome, quiet: boolean, cwd: string): Promise<string> {
  const { writeBaseline } = await import('../config/baseline.js');
  const count = await writeBaseline(file, [...result.findings, ...result.baselined], cwd, result.mask);
  return quiet ? '' : `${PACKAGE_NAME}: wrote ${count} baseline ${count === 1 ? 'entry' : 'entries'} to ${file}\n`;
}

/**
 * --prune-baseline: keep the entries that still match a finding, drop the stale ones, add nothing —
 * unlike --write-baseline, a key that appeared since is not accepted by accident.
 */
export async function pruneBaselineMode(file: string, result: ScanOutcome, quiet: boolean, cwd: string): Promise<string> {
  const stale = result.staleBaseline?.length ?? 0;
  const shown = redactSecrets(file);
  const fresh = result.findings.length;
  const notAdded =
    fresh > 0
      ? ` ${fresh} new ${fresh === 1 ? 'finding was' : 'findings were'} not added (run the scan without --prune-baseline to see ${fresh === 1 ? 'it' : 'them'}).`
      : '';
  let message: string;
  if (stale === 0) {
    message = `${PACKAGE_NAME}: ${shown} has no stale entries, nothing changed.${notAdded}\n`;
  } else {
    const { writeBaseline } = await import('../config/baseline.js');
    // The findings the baseline hid are exactly its entries that still match.
    const kept = await writeBaseline(file, result.baselined, cwd);
    message = `${PACKAGE_NAME}: removed ${stale} stale ${stale === 1 ? 'entry' : 'entries'} from ${shown} (${kept} kept).${notAdded}\n`;
  }
  return quiet ? '' : message;
}
