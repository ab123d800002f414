// The CLI as a function: argv in, {exitCode, stdout, stderr} out. It never prints and never exits,
// so tests run it in-process; bin.ts does the printing. The work is the scan pipeline's (src/scan):
// this file parses argv, calls `scan`, picks a reporter and decides where the report goes.
import path from 'node:path';
import { createOutputMasker, redactSecrets, type OutputMasker } from '../core/index.js';
import { writeUserFile } from '../config/write-file.js';
import { UsageError } from '../errors.js';
import { scan } from '../scan/index.js';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, exitCodeFor } from './errors.js';
import { type CliOptions, type InitOptions, PACKAGE_NAME, USAGE_HINT, parseArgs } from './options.js';
import type { ProgressStream } from './progress.js';
import { pickReporter } from './reporters.js';
import { toScanRequest } from './request.js';
import { SUBCOMMANDS } from './subcommand.js';

export { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS };

export interface RunIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Reads all of standard input (only called with --stdin). */
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

/** NO_COLOR (non-empty) wins, then FORCE_COLOR, then whether the stream is a terminal. */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY === true;
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
    const sub = argv[0] !== undefined ? SUBCOMMANDS[argv[0]] : undefined;
    if (sub) {
      try {
        return await (await sub())(argv.slice(1), io);
      } catch (err) {
        if (err instanceof UsageError) return fail(`${err.message}\n(see ${PACKAGE_NAME} ${argv[0]} --help)`, EXIT_ERROR);
        throw err;
      }
    }
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
        return await runInit(parsed.options, io);
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

async function runInit(options: InitOptions, io: RunIO): Promise<RunResult> {
  if (options.server !== undefined) return (await import('./server/install.js')).installServerHook(options.server, io.cwd);
  return (await import('./init.js')).runInit(options, io.cwd);
}

/** The progress line goes through the masker too (it shows counts today; it stays safe if that changes). */
function maskedStream(stream: ProgressStream | undefined, mask: OutputMasker): ProgressStream | undefined {
  if (!stream) return undefined;
  return {
    ...(stream.isTTY !== undefined && { isTTY: stream.isTTY }),
    ...(stream.columns !== undefined && { columns: stream.columns }),
    write: (text: string) => stream.write(mask(text)),
  };
}

async function runScan(options: CliOptions, io: RunIO, sink: Sink): Promise<RunResult> {
  const reporter = await pickReporter(options, io.env);
  const { createProgress } = await import('./progress.js');
  const stream = options.history ? maskedStream(io.progressStream, KEY_SHAPED) : undefined;
  const progress = createProgress(stream, { quiet: options.quiet });
  let result;
  try {
    result = await scan(await toScanRequest(options, io, progress.update));
  } finally {
    progress.finish();
  }
  sink.mask = result.mask;
  sink.maskReport = !options.showSecrets;

  if (options.pruneBaseline !== undefined) return pruneBaseline(options.pruneBaseline, result, options.quiet, io.cwd);

  let written = '';
  if (options.writeBaseline !== undefined) {
    // Every current key, the baseline's known ones included, so a refresh drops only stale entries.
    const { writeBaseline } = await import('../config/baseline.js');
    const count = await writeBaseline(options.writeBaseline, [...result.findings, ...result.baselined], io.cwd, result.mask);
    if (!options.quiet) {
      written = `${PACKAGE_NAME}: wrote ${count} baseline ${count === 1 ? 'entry' : 'entries'} to ${options.writeBaseline}\n`;
    }
    // With --output too, the report is still written (then exit 0, as --write-baseline promises).
    if (options.output === undefined) return { exitCode: EXIT_CLEAN, stdout: '', stderr: written };
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
    try {
      await writeUserFile(path.resolve(io.cwd, options.output!), options.showSecrets ? report : result.mask(report));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(`cannot write the report to ${options.output} (${code})`);
    }
    stdout = '';
  }
  if (options.writeBaseline !== undefined) return { exitCode: EXIT_CLEAN, stdout: '', stderr: written };
  // --fail-on active: only keys verified live fail the run; unknown and inactive ones are reported but pass.
  const failing = options.failOn === 'active' ? result.findings.filter((f) => f.verification === 'active') : result.findings;
  return { exitCode: failing.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN, stdout, stderr };
}

/**
 * --prune-baseline: keep the entries that still match a finding, drop the stale ones, add nothing —
 * unlike --write-baseline, a key that appeared since is not accepted by accident.
 */
async function pruneBaseline(
  file: string,
  result: Awaited<ReturnType<typeof scan>>,
  quiet: boolean,
  cwd: string,
): Promise<RunResult> {
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
  return { exitCode: EXIT_CLEAN, stdout: '', stderr: quiet ? '' : message };
}
