// Which reporter presents a result, by --format (and the pre-commit hook's own voice), and in colour or not.
import type { Reporter } from '../core/types.js';
import type { CliOptions, OutputFormat } from './options.js';

/**
 * Run from a git hook: the installed hook says so (`--hook`), and git exports GIT_INDEX_FILE to the
 * hooks of `git commit` (so a `pinecall-scan --staged` line written by hand in a hook counts too).
 */
export function fromHook(options: Pick<CliOptions, 'staged' | 'hook'>, env: NodeJS.ProcessEnv): boolean {
  return options.staged && (options.hook || (env.GIT_INDEX_FILE !== undefined && env.GIT_INDEX_FILE !== ''));
}

export async function pickReporter(
  options: Pick<CliOptions, 'format' | 'staged' | 'hook' | 'output'>,
  env: NodeJS.ProcessEnv,
): Promise<Reporter> {
  // The pre-commit hook's voice: a refusal that says what to do, and silence when the commit may go.
  // Run by hand, --staged gives the usual report: nothing is being committed.
  if (fromHook(options, env) && options.format === 'text' && options.output === undefined) {
    return (await import('../report/refusal.js')).refusalReporter;
  }
  return byFormat(options.format);
}

async function byFormat(format: OutputFormat): Promise<Reporter> {
  switch (format) {
    case 'text':
      return (await import('../report/text.js')).textReporter;
    case 'json':
      return (await import('../report/json.js')).jsonReporter;
    case 'sarif':
      return (await import('../report/sarif.js')).sarifReporter;
    case 'github':
      return (await import('../report/github.js')).githubReporter;
  }
}

/** NO_COLOR (non-empty) wins, then FORCE_COLOR, then whether the stream is a terminal. */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY === true;
}
