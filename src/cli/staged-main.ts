// The pre-commit hook's way in: `pinecall-scan --staged [--hook] [--quiet]` without the CLI framework.
// Built as one CommonJS file (dist/hook/staged-main.cjs, see tsup.config.ts) that bin.ts loads only
// for these command lines, so a commit pays for Node, the detector and git, not for Commander, the
// config validator, every reporter and every source. The work is the whole CLI's scan command
// (scan-command.ts): same request, same pipeline, same reporter, same bytes out
// (test/e2e/cli/staged-lean.test.ts runs both ways and compares).
import { DEFAULT_MAX_FILE_SIZE } from '../sources/limits.js';
// What every staged scan loads, in this file rather than in chunks of their own (they are imported
// dynamically where they are used, for the other commands' sake).
import '../sources/git-staged.js';
import '../report/refusal.js';
import '../report/text.js';
import './progress.js';
import type { CliOptions } from './options.js';
import { guarded, runScan, type RunIO, type RunResult } from './scan-command.js';
import { servesStaged } from './staged-argv.js';

/**
 * The options Commander would parse from `argv` (test/e2e/cli/staged-lean.test.ts holds them equal), or
 * undefined when the lean entry does not serve this command line.
 */
export function leanStagedOptions(argv: readonly string[]): CliOptions | undefined {
  if (!servesStaged(argv)) return undefined;
  return {
    paths: [],
    respectGitignore: true,
    followSymlinks: false,
    history: false,
    messages: true,
    archives: false,
    staged: true,
    hook: argv.includes('--hook'),
    stdin: false,
    stdinFilename: '<stdin>',
    format: 'text',
    verify: false,
    failOn: 'any',
    showSecrets: false,
    quiet: argv.includes('--quiet') || argv.includes('-q'),
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
  };
}

/** Runs a command line servesStaged() accepts. */
export function runStaged(argv: readonly string[], io: RunIO): Promise<RunResult> {
  return guarded(async (sink) => {
    const options = leanStagedOptions(argv);
    if (!options) throw new Error(`the hook entry does not serve: ${argv.join(' ')}`);
    return runScan(options, io, sink);
  });
}
