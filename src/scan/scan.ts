// The scan pipeline, below every entry point: request → config → source → filters (config, baseline)
// → verification → ordering → remedies → result. No process, argv, TTY or exit codes in here: the
// CLI, the API and the hooks differ only in how they build the request and present the result.
import path from 'node:path';
import { compareFindings, createOutputMasker, detect, type DetectOptions, type OutputMasker } from '../core/index.js';
import type { BaselineEntry, Finding, ScanMode, ScanResult, SuppressedFinding, SuppressionCounts } from '../core/types.js';
import { resolveScanConfig, type ScanConfig } from '../config/scan-config.js';
import { UsageError } from '../errors.js';
import { workTreeTop } from '../sources/git-repo.js';
import { DEFAULT_MAX_FILE_SIZE } from '../sources/limits.js';
import type { DetectFn, SourceOutcome } from '../sources/source.js';
import type { VerifyTarget } from '../verify/target.js';
import { createLocationMasker } from './mask-locations.js';
import type { ScanRequest, VerifyRequest } from './request.js';

/** What `scan` returns: the report's input, plus what a caller needs to write a baseline. */
export interface ScanOutcome extends ScanResult {
  suppressed: SuppressionCounts;
  /**
   * Findings the baseline hid, kept so `--write-baseline` can record every current key. Not part of
   * any report.
   */
  baselined: Finding[];
  /**
   * The output sink: masks every secret this scan found (exact substrings) and anything key-shaped.
   * Every text shown to a user (report, error, path, progress, baseline) goes through it.
   */
  mask: OutputMasker;
}

export async function scan(request: ScanRequest): Promise<ScanOutcome> {
  // hrtime, not performance.now(): that global loads perf_hooks, which the pre-commit hook would pay for.
  const started = process.hrtime.bigint();
  const cwd = path.resolve(request.cwd ?? process.cwd());
  const mode = modeOf(request);
  // A refused verification URL fails before any work is done.
  const verify = request.verify ? await prepareVerification(request.verify) : undefined;

  const config = await resolveScanConfig(
    {
      scanned: scannedPath(request, cwd),
      text: mode === 'stdin',
      workTreeTop,
      ...(request.config !== undefined && { config: request.config }),
      ...(request.maxFileSize !== undefined && { maxFileSize: request.maxFileSize }),
    },
    cwd,
  );
  const suppressed: SuppressionCounts = { baseline: 0, config: 0, inline: 0 };
  const hidden: SuppressedFinding[] = [];
  const options = mergeDetectOptions(config.detectOptions, request.detect);
  const secrets = new Set<string>();
  const detectFn: DetectFn = (fragment) => {
    const found = detect(fragment, {
      ...options,
      onSuppressed: (finding, by) => {
        suppressed[by]++;
        hidden.push({ by, finding });
        secrets.add(finding.secret);
      },
    });
    for (const f of found) secrets.add(f.secret);
    return found;
  };

  const outcome = await readSource(request, cwd, config, detectFn);
  const current = await config.dropIgnored(mode, outcome.findings);
  suppressed.config += outcome.findings.length - current.length;
  if (current.length < outcome.findings.length) {
    const kept = new Set(current);
    for (const finding of outcome.findings) if (!kept.has(finding)) hidden.push({ by: 'config', finding });
  }

  const mask = createOutputMasker(secrets);
  secrets.clear();
  const masker = createLocationMasker(mask);
  masker.findings(current);
  masker.findings(hidden.map((h) => h.finding));
  masker.skipped(outcome.skipped);

  let findings = current;
  let baselined: Finding[] = [];
  let stale: BaselineEntry[] | undefined;
  if (request.baseline !== undefined) {
    const baseline = await import('../config/baseline.js');
    const entries =
      typeof request.baseline === 'string' ? await baseline.readBaseline(request.baseline, cwd) : request.baseline;
    const applied = baseline.applyBaseline(current, entries);
    findings = applied.findings;
    const fresh = new Set(findings);
    baselined = current.filter((f) => !fresh.has(f));
    suppressed.baseline = baselined.length;
    for (const finding of baselined) hidden.push({ by: 'baseline', finding });
    stale = applied.stale;
  }

  if (verify) await verify(findings);
  findings.sort(compareFindings);

  const result: ScanOutcome = {
    mode,
    findings,
    skipped: outcome.skipped,
    stats: { ...outcome.stats, durationMs: 0 },
    suppressed,
    suppressedFindings: hidden,
    baselined,
    mask,
    ...(outcome.shallow && { shallow: true }),
    ...(typeof request.baseline === 'string' && { baselineFile: request.baseline }),
  };
  if (stale && stale.length > 0) result.staleBaseline = masker.entries(stale);
  if (findings.length > 0 && request.remedies !== false) {
    const { placeRemedies } = await import('./places.js');
    const placed = await placeRemedies(result, await config.findingsRoot(mode));
    result.remedies = placed.remedies;
    if (Object.keys(placed.historyOnly).length > 0) result.historyOnly = placed.historyOnly;
  }
  result.stats.durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  return result;
}

function mergeDetectOptions(fromConfig: DetectOptions, given: DetectOptions | undefined): DetectOptions {
  if (!given) return fromConfig;
  const merged: DetectOptions = { ...fromConfig, ...given };
  const disabled = [...(fromConfig.disabledRules ?? []), ...(given.disabledRules ?? [])];
  if (disabled.length > 0) merged.disabledRules = disabled;
  const a = fromConfig.allow;
  const b = given.allow;
  if (a && b) merged.allow = (secret, hash) => a(secret, hash) || b(secret, hash);
  return merged;
}

function modeOf(request: ScanRequest): ScanMode {
  if ('text' in request) return 'stdin';
  if ('history' in request) return 'history';
  if ('staged' in request) return 'staged';
  if ('files' in request) return 'files';
  throw new UsageError('a scan request names one source: files, history, staged or text');
}

/** The first path the scan reads, absolute: config discovery starts from it. */
function scannedPath(request: ScanRequest, cwd: string): string {
  if ('history' in request) return path.resolve(cwd, request.history.repo ?? '.');
  if ('staged' in request) return path.resolve(cwd, (request.staged === true ? undefined : request.staged.repo) ?? '.');
  if ('files' in request) return path.resolve(cwd, request.files[0] ?? '.');
  return cwd;
}

async function readSource(
  request: ScanRequest,
  cwd: string,
  config: ScanConfig,
  detectFn: DetectFn,
): Promise<SourceOutcome> {
  if ('text' in request) {
    const { scanStdin } = await import('../sources/stdin.js');
    return scanStdin(async () => request.text, request.path ?? '', detectFn);
  }
  if ('history' in request) {
    const { scanHistory } = await import('../sources/git-history.js');
    const { range, revs, messages, archives } = request.history;
    return scanHistory(
      scannedPath(request, cwd),
      {
        ...(range !== undefined && { range }),
        ...(revs !== undefined && { revs }),
        messages: messages !== false,
        binaries: true,
        ...(archives === true && { archives: true }),
        ...(request.maxArchiveDepth !== undefined && { maxArchiveDepth: request.maxArchiveDepth }),
        maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
        ...(request.onProgress && { onProgress: request.onProgress }),
      },
      detectFn,
    );
  }
  if ('staged' in request) {
    const { scanStaged } = await import('../sources/git-staged.js');
    return scanStaged(
      scannedPath(request, cwd),
      {
        maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
        ...(request.maxArchiveDepth !== undefined && { maxArchiveDepth: request.maxArchiveDepth }),
        binaries: true,
      },
      detectFn,
    );
  }
  const { scanFileSystem } = await import('../sources/files.js');
  return scanFileSystem(
    {
      cwd,
      paths: request.files,
      ...(request.build !== undefined && request.build.length > 0 && { build: request.build }),
      respectGitignore: request.respectGitignore !== false,
      ...(request.followSymlinks && { followSymlinks: true }),
      maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      ...(config.exclude && { exclude: config.exclude }),
      ...(request.maxArchiveDepth !== undefined && { maxArchiveDepth: request.maxArchiveDepth }),
    },
    detectFn,
  );
}

async function prepareVerification(
  request: true | VerifyRequest,
): Promise<(findings: readonly Finding[]) => Promise<void>> {
  const verify = await import('../verify/index.js');
  const options = request === true ? {} : request;
  let target: VerifyTarget;
  if (typeof options.target === 'object') target = options.target;
  else {
    try {
      target = verify.resolveVerifyTarget(options.target);
    } catch (err) {
      if (err instanceof verify.VerifyUrlError) throw new UsageError(`verification URL: ${err.message}`);
      throw err;
    }
  }
  return async (findings) => {
    await verify.verifyFindings(findings, {
      target,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      ...(options.budgetMs !== undefined && { budgetMs: options.budgetMs }),
    });
  };
}
