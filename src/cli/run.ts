// The CLI as a function: argv in, {exitCode, stdout, stderr} out. It never prints and never exits,
// so tests run it in-process; bin.ts does the printing. This file parses argv and dispatches; the scan
// command itself (scan, reporter, where the report goes) is scan-command.ts.
import { UsageError } from '../errors.js';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS } from './errors.js';
import { USAGE_HINT, parseArgs } from './options.js';
import { fail, guarded, runScan, type RunIO, type RunResult, type Sink } from './scan-command.js';
import { runInitCommand, runSubcommand } from './subcommand.js';

export { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, fail };
export type { RunIO, RunResult };

export async function run(argv: readonly string[], io: RunIO): Promise<RunResult> {
  return guarded((sink) => runUnmasked(argv, io, sink));
}

async function runUnmasked(argv: readonly string[], io: RunIO, sink: Sink): Promise<RunResult> {
  const sub = argv[0] !== undefined ? await runSubcommand(argv[0], argv.slice(1), io) : undefined;
  if (sub) return sub;
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return fail(`${err.message}\n${USAGE_HINT}`, EXIT_ERROR);
    throw err;
  }
  switch (parsed.kind) {
    case 'info':
      return { exitCode: EXIT_CLEAN, stdout: parsed.text, stderr: '' };
    case 'init':
      return await runInitCommand(parsed.options, io);
    case 'scan':
      return await runScan(parsed.options, io, sink);
  }
}
