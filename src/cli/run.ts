// The CLI as a function: argv in, {exitCode, stdout, stderr} out. It never prints and never exits,
// so tests run it in-process; bin.ts does the printing.
//
// Pipeline: options → config → source → filters (baseline) → verification → result → reporter.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareFindings, detect, redactSecrets } from '../core/index.js';
import type { BaselineEntry, Finding, Reporter, ScanMode, ScanResult } from '../core/types.js';
import type { DetectFn, SourceOutcome } from '../sources/source.js';
import { CliError, EnvironmentError, UsageError } from './errors.js';
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
  /** Live stderr for the --history progress line (shown only when it is a TTY and not --quiet). */
  progressStream?: import('./progress.js').ProgressStream;
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


/** What the project config contributes to a scan (filled by src/config/scan-config.ts). */
type ScanConfig = import('../config/scan-config.js').ScanConfig;

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
  return { exitCode, stdout: '', stderr: `${PACKAGE_NAME}: ${redactSecrets(message)}\n` };
}

// ---- init (owner: src/cli/init.ts) -------------------------------------------------------------
async function runInit(options: InitOptions, io: RunIO): Promise<RunResult> {
  return (await import('./init.js')).runInit(options, io.cwd);
}

// ---- config (owner: src/config) ---------------------------------------------------------------
async function loadScanConfig(options: CliOptions, io: RunIO): Promise<ScanConfig> {
  const { resolveScanConfig } = await import('../config/scan-config.js');
  return resolveScanConfig(options, io.cwd);
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
    const { scanHistory } = await import('../sources/git-history.js');
    const { createProgress } = await import('./progress.js');
    const progress = createProgress(io.progressStream, { quiet: options.quiet });
    const root = path.resolve(io.cwd, options.paths[0] ?? '.');
    try {
      const outcome = await scanHistory(
        root,
        { ...(options.range !== undefined && { range: options.range }), onProgress: progress.update },
        detectFn,
      );
      return { mode: 'history', outcome };
    } finally {
      progress.finish();
    }
  }
  if (options.staged) {
    const { scanStaged } = await import('../sources/git-staged.js');
    return { mode: 'staged', outcome: await scanStaged(path.resolve(io.cwd, options.paths[0] ?? '.'), {}, detectFn) };
  }
  const { scanPaths } = await import('../sources/files.js');
  const outcome = await scanPaths(
    {
      cwd: io.cwd,
      paths: options.paths,
      ignore: options.ignore,
      maxFileSize: config.maxFileSize,
      ...(config.exclude && { exclude: config.exclude }),
    },
    detectFn,
  );
  return { mode: 'files', outcome };
}

// ---- filters: baseline (owner: src/config) ----------------------------------------------------
async function applyBaseline(
  options: CliOptions,
  findings: Finding[],
  io: RunIO,
): Promise<{ findings: Finding[]; stale?: BaselineEntry[] }> {
  if (options.baseline === undefined) return { findings };
  const baseline = await import('../config/baseline.js');
  return baseline.applyBaseline(findings, await baseline.readBaseline(options.baseline, io.cwd));
}

// ---- verification (owner: src/verify) ---------------------------------------------------------
type Verifier = (findings: Finding[]) => Promise<void>;

/** Resolves the endpoints before the scan, so a refused --verify-url fails fast (exit 2). */
async function prepareVerification(options: CliOptions, io: RunIO): Promise<Verifier | undefined> {
  if (!options.verify) return undefined;
  const verify = await import('../verify/index.js');
  const fromFlag = options.verifyUrl !== undefined;
  let target: import('../verify/index.js').VerifyTarget;
  try {
    target = verify.resolveVerifyTarget(fromFlag ? options.verifyUrl : io.env[verify.VERIFY_URL_ENV]);
  } catch (err) {
    if (!(err instanceof verify.VerifyUrlError)) throw err;
    if (fromFlag) throw new UsageError(`--verify-url: ${err.message}`);
    throw new EnvironmentError(`${verify.VERIFY_URL_ENV}: ${err.message}`);
  }
  return async (findings) => {
    await verify.verifyFindings(findings, {
      target,
      ...(options.verifyTimeout !== undefined && { timeoutMs: options.verifyTimeout }),
      ...(options.verifyBudget !== undefined && { budgetMs: options.verifyBudget }),
    });
  };
}

// ---- write-baseline (owner: src/config) -------------------------------------------------------
/** Records every current finding (before --baseline filtering, so a refresh drops stale entries). */
async function writeBaseline(options: CliOptions, findings: Finding[], io: RunIO): Promise<RunResult | undefined> {
  if (options.writeBaseline === undefined) return undefined;
  const count = await (await import('../config/baseline.js')).writeBaseline(options.writeBaseline, findings, io.cwd);
  const stderr = options.quiet
    ? ''
    : `${PACKAGE_NAME}: wrote ${count} baseline ${count === 1 ? 'entry' : 'entries'} to ${redactSecrets(options.writeBaseline)}\n`;
  return { exitCode: EXIT_CLEAN, stdout: '', stderr };
}

// ---- reporters --------------------------------------------------------------------------------
async function pickReporter(format: OutputFormat): Promise<Reporter> {
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

async function runScan(options: CliOptions, io: RunIO): Promise<RunResult> {
  const started = performance.now();
  // The pre-commit hook's voice: a refusal that says what to do, and silence when the commit may go.
  const reporter =
    options.staged && options.format === 'text' && options.output === undefined
      ? (await import('../report/refusal.js')).refusalReporter
      : await pickReporter(options.format);
  const verifier = await prepareVerification(options, io);
  const config = await loadScanConfig(options, io);
  const detectFn: DetectFn = (fragment) => detect(fragment, config.detectOptions);

  const { mode, outcome } = await scanSource(options, io, detectFn, config);
  const current = await config.dropIgnored(mode, outcome.findings);
  const masker = (await import('./mask-locations.js')).createLocationMasker();
  masker.findings(current);
  masker.skipped(outcome.skipped);
  const baselined = await applyBaseline(options, current, io);
  let findings = baselined.findings;
  if (verifier) await verifier(findings);
  findings.sort(compareFindings);

  const result: ScanResult = {
    mode,
    findings,
    skipped: outcome.skipped,
    stats: { ...outcome.stats, durationMs: Math.round(performance.now() - started) },
    ...(outcome.shallow && { shallow: true }),
  };

  if (baselined.stale && baselined.stale.length > 0) result.staleBaseline = masker.entries(baselined.stale);

  const written = await writeBaseline(options, current, io);
  // With --output too, the report is still written (then exit 0, as --write-baseline promises).
  if (written && options.output === undefined) return written;

  if (findings.length > 0 && options.format !== 'json') {
    const { placeRemedies } = await import('./places.js');
    result.remedies = await placeRemedies(result, await config.findingsRoot(mode));
  }

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
  if (written) return written;
  // --fail-on active: only keys verified live fail the run; unknown and inactive ones are reported but pass.
  const failing = options.failOn === 'active' ? findings.filter((f) => f.verification === 'active') : findings;
  return { exitCode: failing.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN, stdout, stderr };
}
