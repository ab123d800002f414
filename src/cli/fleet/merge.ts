// `pinecall-scan merge DIR…`: the records of one or more `fleet --out` directories (the shards of one
// run) as one report. The output depends only on the records, ordered by repository, so shards merged
// equal one unsharded run byte for byte (no timings, no paths of the machine that ran them).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RULE_DOCS } from '../../core/patterns.js';
import type { Finding, ScanResult } from '../../core/types.js';
import { EnvironmentError, UsageError } from '../../errors.js';
import type { JsonFinding } from '../../report/json.js';
import { toSarif } from '../../report/sarif.js';
import { markdownCell } from '../../report/summary.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../errors.js';
import type { RunIO, RunResult } from '../run.js';
import { parseSub, subProgram } from '../subcommand.js';
import { maskText } from './list.js';
import { readRecords, type RepoRecord } from './record.js';

export const MERGE_FORMATS = ['json', 'sarif', 'markdown'] as const;
type MergeFormat = (typeof MERGE_FORMATS)[number];

interface MergeOptions {
  format: string;
  output?: string;
}

function build(capture: (text: string) => void) {
  return subProgram('merge', 'combine the --out directories of fleet runs (shards) into one report', capture)
    .argument('<dirs...>', 'fleet --out directories')
    .option('--format <format>', `report format: ${MERGE_FORMATS.join(', ')}`, 'json')
    .option('--output <file>', 'write the report to FILE instead of standard output')
    .addHelpText('after', '\nExit codes: 0 no findings, 1 findings, 2 error (no records, unreadable directory).');
}

/** The records of every directory, one per repository, ordered by repository. */
export async function collectRecords(dirs: readonly string[], cwd: string): Promise<RepoRecord[]> {
  const byId = new Map<string, RepoRecord>();
  for (const dir of dirs) {
    let records: RepoRecord[];
    try {
      records = await readRecords(path.resolve(cwd, dir));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new EnvironmentError(`cannot read fleet results in ${maskText(dir)}: ${code ?? (err as Error).message}`);
    }
    // The same repository in two directories (a shard rerun elsewhere): the one scanned more wins.
    for (const r of records) {
      const had = byId.get(r.id);
      if (!had || r.scans > had.scans) byId.set(r.id, r);
    }
  }
  return [...byId.values()].sort((a, b) => (a.repository < b.repository ? -1 : a.repository > b.repository ? 1 : a.id < b.id ? -1 : 1));
}

export interface MergedJson {
  version: 1;
  findings: (JsonFinding & { repository: string })[];
  skipped: { repository: string; file: string; reason: string }[];
  stats: { repositories: number; failed: number; files: number; bytes: number; commits: number };
  repositories: { repository: string; status: 'ok' | 'failed'; reason?: string; commits: number; findings: number }[];
}

export function mergeJson(records: readonly RepoRecord[]): MergedJson {
  return {
    version: 1,
    findings: records.flatMap((r) => r.findings.map((f) => ({ repository: r.repository, ...f }))),
    skipped: records.flatMap((r) => r.skipped.map((s) => ({ repository: r.repository, file: s.file, reason: s.reason }))),
    stats: {
      repositories: records.length,
      failed: records.filter((r) => r.status === 'failed').length,
      files: records.reduce((n, r) => n + r.stats.files, 0),
      bytes: records.reduce((n, r) => n + r.stats.bytes, 0),
      commits: records.reduce((n, r) => n + r.stats.commits, 0),
    },
    repositories: records.map((r) => ({
      repository: r.repository,
      status: r.status,
      ...(r.reason !== undefined && { reason: r.reason }),
      commits: r.stats.commits,
      findings: r.findings.length,
    })),
  };
}

/** A recorded finding as the reporters' Finding (the key itself is long gone: `secret` is the mask). */
function toFinding(f: JsonFinding): Finding {
  const finding = { ...f, description: RULE_DOCS[f.ruleId].title, start: 0, end: 0 } as Omit<Finding, 'secret'>;
  Object.defineProperty(finding, 'secret', { value: f.match, enumerable: false });
  return finding as Finding;
}

/** SARIF with one run per repository; a failed repository's run says why it has no results. */
export function mergeSarif(records: readonly RepoRecord[]): object {
  const runs = records.map((r) => {
    const result: ScanResult = {
      mode: 'history',
      findings: r.findings.map(toFinding),
      skipped: [],
      stats: { ...r.stats, durationMs: 0 },
    };
    const [run] = toSarif(result, false).runs;
    return {
      ...run,
      automationDetails: { id: `pinecall-scan/fleet/${r.id}/` },
      properties: { repository: r.repository, status: r.status, commits: r.stats.commits },
      ...(r.status === 'failed' && {
        invocations: [
          { executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: r.reason ?? 'failed' } }] },
        ],
      }),
    };
  });
  const { $schema, version } = toSarif({ mode: 'history', findings: [], skipped: [], stats: { files: 0, bytes: 0, commits: 0, durationMs: 0 } }, false);
  return { $schema, version, runs };
}

export function mergeMarkdown(records: readonly RepoRecord[]): string {
  const total = records.reduce((n, r) => n + r.findings.length, 0);
  const failed = records.filter((r) => r.status === 'failed').length;
  const lines = [
    `## pinecall-scan: ${total} ${total === 1 ? 'finding' : 'findings'} in ${records.length} ${records.length === 1 ? 'repository' : 'repositories'}` +
      (failed > 0 ? ` (${failed} failed)` : ''),
    '',
    '| repository | findings | production | sandbox | live status | scan |',
    '|---|---:|---:|---:|---|---|',
  ];
  for (const r of records) {
    const prod = r.findings.filter((f) => f.env === 'production').length;
    const sandbox = r.findings.filter((f) => f.env === 'sandbox').length;
    const verified = r.findings.filter((f) => f.verification !== undefined);
    const live =
      verified.length === 0
        ? r.findings.length === 0
          ? '—'
          : 'not checked'
        : (['active', 'inactive', 'unknown'] as const)
            .map((v) => [v, verified.filter((f) => f.verification === v).length] as const)
            .filter(([, n]) => n > 0)
            .map(([v, n]) => `${n} ${v}`)
            .join(', ');
    const status = r.status === 'ok' ? `${r.stats.commits} commits` : `failed: ${markdownCell(r.reason ?? '')}`;
    lines.push(`| ${markdownCell(r.repository)} | ${r.findings.length} | ${prod} | ${sandbox} | ${live} | ${status} |`);
  }
  return lines.join('\n') + '\n';
}

export async function runMerge(argv: readonly string[], io: RunIO): Promise<RunResult> {
  const parsed = parseSub<MergeOptions>(build, argv);
  if ('help' in parsed) return { exitCode: EXIT_CLEAN, stdout: parsed.help, stderr: '' };
  const format = parsed.options.format as MergeFormat;
  if (!MERGE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${MERGE_FORMATS.join(', ')}, got '${parsed.options.format}'`);
  const records = await collectRecords(parsed.args, io.cwd);
  if (records.length === 0) throw new EnvironmentError(`no fleet results in ${parsed.args.map(maskText).join(', ')} (expected <dir>/repos/*.json)`);
  const report =
    format === 'json'
      ? JSON.stringify(mergeJson(records), null, 2) + '\n'
      : format === 'sarif'
        ? JSON.stringify(mergeSarif(records), null, 2) + '\n'
        : mergeMarkdown(records);
  const exitCode = records.some((r) => r.findings.length > 0) ? EXIT_FINDINGS : EXIT_CLEAN;
  if (parsed.options.output !== undefined) {
    try {
      await writeFile(path.resolve(io.cwd, parsed.options.output), report);
    } catch (err) {
      throw new UsageError(`cannot write the report to ${maskText(parsed.options.output)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return { exitCode, stdout: '', stderr: '' };
  }
  return { exitCode, stdout: report, stderr: '' };
}
