// The CLI as a function: argv in, {exitCode, stdout, stderr} out. It never prints and never exits,
// so tests run it in-process; bin.ts does the printing.
//
// Pipeline: options → config → source → filters (baseline) → verification → result → reporter.
// Each mode not wired yet ends in its own clearly marked branch below.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { detect, type DetectOptions } from '../core/index.js';
import type { Finding, Reporter, ScanMode, ScanResult } from '../core/types.js';
import type { DetectFn, SourceOutcome } from '../sources/source.js';
import { CliError, NotImplementedError, UsageError } from './errors.js';
import { type CliOptions, type InitOptions, type OutputFormat, PACKAGE_NAME, USAGE_HINT, parseArgs } from './options.js';

export interface RunIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Reads all of standard input (only called with --stdin). */
  stdin?: () => Promise<string>;
  /** Whether stdout is a terminal (colour). */
  isTTY?: boolean;
  /** Whether stderr is a terminal (colour of the skipped list). */
  stderrIsTTY?: boolean;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** NO_COLOR (non-empty) wins, then FORCE_COLOR, then whether the stream is a terminal. */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY === true;
}

/** Masks anything key-shaped, so no error message can carry a key in clear. */
export function redactText(text: string): string {
  let out = text;
  const findings = detect({ text, path: '<message>' }, { inlineAllow: false });
  for (const f of [...findings].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, f.start) + f.match + out.slice(f.end);
  }
  return out;
}

/** What the project config contributes to a scan (filled by src/config). */
interface ScanConfig {
  detectOptions: DetectOptions;
  /** Paths left out by config (relative, forward slashes). */
  exclude?: (file: string) => boolean;
}

export async function run(argv: readonly string[], io: RunIO): Promise<RunResult> {
  try {
    let parsed;
    try {
      parsed = parseArgs(argv);
    } catch (err) {
      if (err instanceof UsageError) return fail(`${err.message}\n${USAGE_HINT}`, err.exitCode);
      throw err;
    }
    switch (parsed.kind) {
      case 'info':
        return { exitCode: EXIT_CLEAN, stdout: parsed.text, stderr: '' };
      case 'init':
        return await runInit(parsed.options, io);
      case 'scan':
        return await runScan(parsed.options, io);
    }
  } catch (err) {
    if (err instanceof CliError) return fail(err.message, err.exitCode);
    const message = err instanceof Error ? err.message : String(err);
    return fail(`internal error: ${message.split('\n')[0]}`, EXIT_ERROR);
  }
}

function fail(message: string, exitCode: number): RunResult {
  return { exitCode, stdout: '', stderr: `${PACKAGE_NAME}: ${redactText(message)}\n` };
}

// ---- init (owner: src/cli/init.ts) -------------------------------------------------------------
async function runInit(_options: InitOptions, _io: RunIO): Promise<RunResult> {
  throw new NotImplementedError('init');
}

// ---- config (owner: src/config) ---------------------------------------------------------------
async function loadScanConfig(options: CliOptions, _io: RunIO): Promise<ScanConfig> {
  if (options.config !== undefined) throw new NotImplementedError('--config');
  return { detectOptions: {} };
}

// ---- sources ----------------------------------------------------------------------------------
async function scanSource(
  options: CliOptions,
  io: RunIO,
  detectFn: DetectFn,
  config: ScanConfig,
): Promise<{ mode: ScanMode; outcome: SourceOutcome }> {
  if (options.stdin) {
    const { scanStdin } = await import('../sources/stdin.js');
    const read = io.stdin ?? (async () => '');
    return { mode: 'stdin', outcome: await scanStdin(read, options.stdinFilename, detectFn) };
  }
  if (options.history) {
    // owner: src/sources/git-history.ts → scanHistory(root, opts, detect)
    throw new NotImplementedError('--history');
  }
  if (options.staged) {
    // owner: src/sources/git-staged.ts → scanStaged(root, opts, detect)
    throw new NotImplementedError('--staged');
  }
  const { scanPaths } = await import('../sources/files.js');
  const outcome = await scanPaths(
    {
      cwd: io.cwd,
      paths: options.paths,
      ignore: options.ignore,
      maxFileSize: options.maxFileSize,
      ...(config.exclude && { exclude: config.exclude }),
    },
    detectFn,
  );
  return { mode: 'files', outcome };
}

// ---- filters: baseline (owner: src/config) ----------------------------------------------------
async function applyBaseline(options: CliOptions, findings: Finding[]): Promise<Finding[]> {
  if (options.baseline !== undefined) throw new NotImplementedError('--baseline');
  return findings;
}

// ---- verification (owner: src/verify) ---------------------------------------------------------
async function applyVerification(options: CliOptions, findings: Finding[], _io: RunIO): Promise<Finding[]> {
  if (options.verify) throw new NotImplementedError('--verify');
  return findings;
}

// ---- write-baseline (owner: src/config) -------------------------------------------------------
async function writeBaseline(options: CliOptions, _result: ScanResult, _io: RunIO): Promise<RunResult | undefined> {
  if (options.writeBaseline !== undefined) throw new NotImplementedError('--write-baseline');
  return undefined;
}

// ---- reporters --------------------------------------------------------------------------------
async function pickReporter(format: OutputFormat): Promise<Reporter> {
  switch (format) {
    case 'text':
      return (await import('../report/text.js')).textReporter;
    case 'json':
      return (await import('../report/json.js')).jsonReporter;
    case 'sarif':
      // owner: src/report/sarif.ts
      throw new NotImplementedError('--format sarif');
    case 'github':
      // owner: src/report/github.ts
      throw new NotImplementedError('--format github');
  }
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return (a.commit ?? '') < (b.commit ?? '') ? -1 : (a.commit ?? '') > (b.commit ?? '') ? 1 : 0;
}

async function runScan(options: CliOptions, io: RunIO): Promise<RunResult> {
  const started = performance.now();
  const reporter = await pickReporter(options.format);
  const config = await loadScanConfig(options, io);
  const detectFn: DetectFn = (fragment) => detect(fragment, config.detectOptions);

  const { mode, outcome } = await scanSource(options, io, detectFn, config);
  let findings = await applyBaseline(options, outcome.findings);
  findings = await applyVerification(options, findings, io);
  findings.sort(compareFindings);

  const result: ScanResult = {
    mode,
    findings,
    skipped: outcome.skipped,
    stats: { ...outcome.stats, durationMs: Math.round(performance.now() - started) },
    ...(outcome.shallow && { shallow: true }),
  };

  const written = await writeBaseline(options, result, io);
  if (written) return written;

  const toFile = options.output !== undefined;
  const report = reporter(result, {
    showSecrets: options.showSecrets,
    color: !toFile && useColor(io.env, io.isTTY),
  });

  let stderr = '';
  if (!options.quiet && (options.format === 'text' || options.format === 'github')) {
    const { formatSkipped } = await import('../report/text.js');
    stderr += formatSkipped(result, { color: useColor(io.env, io.stderrIsTTY) });
  }

  let stdout = report;
  if (options.quiet && options.format === 'text' && findings.length === 0) stdout = '';
  if (toFile) {
    const target = path.resolve(io.cwd, options.output!);
    try {
      await writeFile(target, report);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(`cannot write the report to ${options.output} (${code})`);
    }
    stdout = '';
  }
  return { exitCode: findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN, stdout, stderr };
}
