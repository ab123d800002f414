// The scan command, without argv parsing: options in, {exitCode, stdout, stderr} out, every byte through
// the output masker. Both ways in share it: run() (the whole CLI, with Commander) and the pre-commit
// hook's lean entry (staged-main.ts), which must not load the CLI framework. It never prints and never
// exits; bin.ts does the printing.
import path from 'node:path';
import { createOutputMasker, redactSecrets, type OutputMasker } from '../core/index.js';
import { UsageError } from '../errors.js';
import { scan } from '../scan/index.js';
import { name as PACKAGE_NAME } from '../../package.json';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, exitCodeFor } from './errors.js';
import type { CliOptions } from './options.js';
import type { ProgressStream } from './progress.js';
import { pickReporter, useColor } from './reporters.js';
import { toScanRequest } from './request.js';

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
export interface Sink {
  mask: OutputMasker;
  /** False with --show-secrets: the report is shown as the reporter wrote it. */
  maskReport: boolean;
}

/**
 * Runs one command with the output sink: what it returns goes through the masker (the scan sets it),
 * and every failure becomes one line and its exit code — an expected one its message, anything else
 * "internal error" — never a stack trace.
 */
export async function guarded(body: (sink: Sink) => Promise<RunResult>): Promise<RunResult> {
  const sink: Sink = { mask: KEY_SHAPED, maskReport: true };
  let result: RunResult;
  try {
    result = await body(sink);
  } catch (err) {
    const exitCode = exitCodeFor(err);
    if (exitCode !== undefined) result = fail((err as Error).message, exitCode);
    else {
      const message = err instanceof Error ? err.message : String(err);
      result = fail(`internal error: ${message.split('\n')[0]}`, EXIT_ERROR);
    }
  }
  return {
    exitCode: result.exitCode,
    stdout: sink.maskReport ? sink.mask(result.stdout) : result.stdout,
    stderr: sink.mask(result.stderr),
  };
}

export function fail(message: string, exitCode: number): RunResult {
  return { exitCode, stdout: '', stderr: `${PACKAGE_NAME}: ${redactSecrets(message)}\n` };
}

export async function runScan(options: CliOptions, io: RunIO, sink: Sink): Promise<RunResult> {
  const reporter = await pickReporter(options, io.env);
  const { createProgress, maskedStream } = await import('./progress.js');
  const progress = createProgress(options.history ? maskedStream(io.progressStream, KEY_SHAPED) : undefined, { quiet: options.quiet });
  let result;
  try {
    result = await scan(await toScanRequest(options, io, progress.active ? progress.update : undefined));
  } finally {
    progress.finish();
  }
  sink.mask = result.mask;
  sink.maskReport = !options.showSecrets;

  if (options.pruneBaseline !== undefined) {
    const { pruneBaselineMode } = await import('./baseline-modes.js');
    return { exitCode: EXIT_CLEAN, stdout: '', stderr: await pruneBaselineMode(options.pruneBaseline, result, options.quiet, io.cwd) };
  }
  if (options.writeBaseline !== undefined) {
    const { writeBaselineMode } = await import('./baseline-modes.js');
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
  // Only when there is something to list: asking whether stderr is a terminal opens it (the hook's
  // clean run never touches stderr).
  if (!options.quiet && (options.format === 'text' || options.format === 'github') && result.skipped.length > 0) {
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
    const { writeUserFile } = await import('../config/write-file.js');
    await writeUserFile(path.resolve(cwd, file), mask ? mask(report) : report);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot write the report to ${file} (${code})`);
  }
}
