// The CLI as a function: argv in, {exitCode, stdout, stderr} out. It never prints and never exits,
// so tests run it in-process; bin.ts does the printing. The work is the scan pipeline's (src/scan):
// this file parses argv, calls `scan`, picks a reporter and decides where the report goes.
import path from 'node:path';
import { createOutputMasker, redactSecrets, type OutputMasker } from '../core/index.js';
import { writeUserFile } from '../config/write-file.js';
import { UsageError } from '../errors.js';
import { scan } from '../scan/index.js';
import { pruneBaselineMode, writeBaselineMode } from './baseline-modes.js';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, exitCodeFor } from './errors.js';
import { type CliOptions, PACKAGE_NAME, USAGE_HINT, parseArgs } from './options.js';
import type { ProgressStream } from './progress.js';
import { pickReporter, useColor } from './reporters.js';
import { toScanRequest } from './request.js';
import { runInitCommand, runSubcommand } from './subcommand.js';

export { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS };

export interface RunIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Reads all of standard input (only called with --stdin): bytes, decoded like a file's, or text. */
  stdin?: () => Promise<string | Uint8Array>;
  /** Whether stdout is a terminal (colour). */
  isTTY?: boolean;
  /** Whether stderr is a terminal (colour of the skipped list). */
  stderrIsTTY?: boolean;
  /** Live stderr for the --history progress line (shown only when it is a TTY and not --quiet). */
  progressStream?: ProgressStream;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Before a scan has found anything: key-shaped text only. */
const KEY_SHAPED: OutputMasker = createOutputMasker([]);

/**
 * Where output leaves: every byte of stdout and stderr goes through the scan's output masker (the
 * secrets it found, and anything key-shaped), whatever put it there. `--show-secrets` unmasks the
 * report only, never errors, paths or progress.
 */
interface Sink {
  mask: OutputMasker;
  /** False with --show-secrets: the report is shown as the reporter wrote it. */
  maskReport: boolean;
}

export async function run(argv: readonly string[], io: RunIO): Promise<RunResult> {
  const sink: Sink = { mask: KEY_SHAPED, maskReport: true };
  const result = await runUnmasked(argv, io, sink);
  return {
    exitCode: result.exitCode,
    stdout: sink.maskReport ? sink.mask(result.stdout) : result.stdout,
    stderr: sink.mask(result.stderr),
  };
}

async function runUnmasked(argv: readonly string[], io: RunIO, sink: Sink): Promise<RunResult> {
  try {
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
  } catch (err) {
    const exitCode = exitCodeFor(err);
    if (exitCode !== undefined) return fail((err as Error).message, exitCode);
    const message = err instanceof Error ? err.message : String(err);
    return fail(`internal error: ${message.split('\n')[0]}`, EXIT_ERROR);
  }
}

export function fail(message: string, exitCode: number): RunResult {
  return { exitCode, stdout: '', stderr: `${PACKAGE_NAME}: ${redactSecrets(message)}\n` };
}

async function runScan(options: CliOptions, io: RunIO, sink: Sink): Promise<RunResult> {
  const reporter = await pickReporter(options, io.env);
  const { createProgress, maskedStream } = await import('./progress.js');
  const progress = createProgress(options.history ? maskedStream(io.progressStream, KEY_SHAPED) : undefined, { quiet: options.quiet });
  let result;
  try {
    result = await scan(await toScanRequest(options, io, progress.update));
  } finally {
    progress.finish();
  }
  sink.mask = result.mask;
  sink.maskReport = !options.showSecrets;

  if (options.pruneBaseline !== undefined) {
    return { exitCode: EXIT_CLEAN, stdout: '', stderr: await pruneBaselineMode(options.pruneBaseline, result, options.quiet, io.cwd) };
  }
  if (options.writeBaseline !== undefined) {
    const written = await writeBaselineMode(options.writeBaseline, result, options.quiet, io.cwd);
    // With --output too, the report is still written (then exit 0, as --write-baseline promises).
    if (options.output !== undefined) {
      const report = reporter(result, { showSecrets: options.showSecrets, color: false });
      await writeReport(options.output, report, options.showSecrets ? undefined : result.mask, io.cwd);
    }
    return { exitCode: EXIT_CLEAN, stdout: '', stderr: written };
  }

  const toFile = options.output !== undefined;
  const report = reporter(result, { showSecrets: options.showSecrets, color: !toFile && useColor(io.env, io.isTTY) });
  let stderr = '';
  if (!options.quiet && (options.format === 'text' || options.format === 'github')) {
    const { formatSkipped } = await import('../report/text.js');
    stderr += formatSkipped(result, { color: useColor(io.env, io.stderrIsTTY) });
  }
  let stdout = options.quiet && options.format === 'text' && result.findings.length === 0 ? '' : report;
  if (toFile) {
    await writeReport(options.output!, report, options.showSecrets ? undefined : result.mask, io.cwd);
    stdout = '';
  }
  // --fail-on active: only keys verified live fail the run; unknown and inactive ones are reported but pass.
  const failing = options.failOn === 'active' ? result.findings.filter((f) => f.verification === 'active') : result.findings;
  return { exitCode: failing.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN, stdout, stderr };
}

/** --output: the report, masked unless --show-secrets; a file that cannot be written is a usage error. */
async function writeReport(file: string, report: string, mask: OutputMasker | undefined, cwd: string): Promise<void> {
  try {
    await writeUserFile(path.resolve(cwd, file), mask ? mask(report) : report);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot write the report to ${file} (${code})`);
  }
}
