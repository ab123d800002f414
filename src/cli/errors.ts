// The CLI's side of the error contract: which exit code each expected failure maps to.
// Exit codes (a stable contract, docs/cli.md#exit-codes): 0 clean, 1 findings, 2 usage, config or environment error.
import { ScanError } from '../errors.js';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** The exit code of an expected failure; undefined for anything else (an internal error). */
export function exitCodeFor(err: unknown): number | undefined {
  return err instanceof ScanError ? EXIT_ERROR : undefined;
}
