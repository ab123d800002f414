// `pinecall-scan fleet LIST --cache DIR --out DIR`: the history of every repository in LIST (or of one
// shard of it), incremental. Per repository: fetch its bare mirror, scan `<tips> --not <tips recorded
// last time>` through the scan pipeline, add the new findings to the recorded ones, write the record
// atomically. The distribution is the CI system's (a matrix, `parallel:`, an Indexed Job): this
// command only makes the work divisible (`--shard`) and its results mergeable (`merge`).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, EnvironmentError, UsageError } from '../../errors.js';
import { toJsonReport } from '../../report/json.js';
import { scan, type VerifyRequest } from '../../scan/index.js';
import { verifyRequestFromEnv } from '../verify-env.js';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS } from '../errors.js';
import type { RunIO, RunResult } from '../run.js';
import { parseSub, subProgram } from '../subcommand.js';
import { maskText, readFleetList, type FleetRepo } from './list.js';
import { present, refTips, removeStaleClones, syncMirror } from './mirror.js';
import { compareJsonFindings, readRecord, writeAtomic, writeRecord, type RepoRecord } from './record.js';
import { inShard, parseShard, shardFromEnv, type Shard } from './shard.js';

interface FleetOptions {
  cache?: string;
  out?: string;
  jobs: string;
  shard?: string;
  shardFromEnv?: boolean;
  config?: string;
  verify?: boolean;
}

function build(capture: (text: string) => void) {
  return subProgram('fleet', 'scan the git history of every repository in LIST, incrementally', capture)
    .argument('<list>', 'file with one clone URL or local path per line (# comments)')
    .option('--cache <dir>', 'bare mirrors, kept between runs (fetched, not re-cloned)')
    .option('--out <dir>', 'results: one JSON record per repository (findings + ref tips scanned), and run.json')
    .option('--jobs <n>', 'repositories scanned at a time', '2')
    .option('--shard <K/N>', 'only the K-th of N stable, hash-based shares of the list')
    .option('--shard-from-env', 'take K and N from the CI: JOB_COMPLETION_INDEX, CI_NODE_INDEX… (see docs/ci.md)')
    .option('--config <file>', 'config for every repository (allow-list, disabled rules); default: none')
    .option('--verify', 'ask Pinecall whether each new key is live (network; opt-in)')
    .addHelpText(
      'after',
      '\nCredentials are git\'s own (credential helpers, GIT_ASKPASS, SSH agents); no token is taken on the\n' +
        'command line, and URL userinfo is never printed. Combine shard results with `pinecall-scan merge`.\n' +
        'Exit codes: 0 no findings, 1 findings, 2 every repository failed or bad arguments.',
    );
}

interface Counters {
  scanned: number;
  upToDate: number;
  failed: number;
  commits: number;
}

export async function runFleet(argv: readonly string[], io: RunIO): Promise<RunResult> {
  const parsed = parseSub<FleetOptions>(build, argv);
  if ('help' in parsed) return { exitCode: EXIT_CLEAN, stdout: parsed.help, stderr: '' };
  const o = parsed.options;
  if (parsed.args.length !== 1) throw new UsageError('fleet takes one repository list');
  if (o.cache === undefined) throw new UsageError('fleet needs --cache DIR (where the mirrors are kept)');
  if (o.out === undefined) throw new UsageError('fleet needs --out DIR (where the results go)');
  if (!/^\d+$/.test(o.jobs) || Number(o.jobs) < 1) throw new UsageError(`--jobs expects a whole number ≥ 1, got '${o.jobs}'`);
  if (o.shard !== undefined && o.shardFromEnv) throw new UsageError('--shard and --shard-from-env cannot be combined');
  const shard: Shard | undefined = o.shard !== undefined ? parseShard(o.shard) : o.shardFromEnv ? shardFromEnv(io.env) : undefined;
  const cache = path.resolve(io.cwd, o.cache);
  const out = path.resolve(io.cwd, o.out);
  const verify = o.verify ? await verifyRequestFromEnv(io.env) : undefined;

  const repos = (await readFleetList(parsed.args[0]!, io.cwd)).filter((r) => inShard(r.identity, shard));
  try {
    await mkdir(cache, { recursive: true });
    await mkdir(out, { recursive: true });
  } catch (err) {
    throw new EnvironmentError(`cannot create the --cache or --out directory (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  await removeStaleClones(cache);

  const counters: Counters = { scanned: 0, upToDate: 0, failed: 0, commits: 0 };
  const lines = new Map<FleetRepo, string>();
  const records = new Map<FleetRepo, RepoRecord>();
  const queue = [...repos];
  const worker = async (): Promise<void> => {
    for (let repo = queue.shift(); repo; repo = queue.shift()) {
      const { record, line } = await scanOne(repo, { cache, out, config: o.config, verify, cwd: io.cwd }, counters);
      records.set(repo, record);
      lines.set(repo, line);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Number(o.jobs), Math.max(repos.length, 1)) }, worker));

  const findings = [...records.values()].reduce((n, r) => n + r.findings.length, 0);
  const withFindings = [...records.values()].filter((r) => r.findings.length > 0).length;
  await writeAtomic(
    path.join(out, 'run.json'),
    JSON.stringify({ version: 1, ...(shard && { shard: `${shard.index}/${shard.total}` }), repositories: repos.length, ...counters, findings }, null, 2) + '\n',
  );
  const shardText = shard ? ` (shard ${shard.index}/${shard.total})` : '';
  const summary =
    `pinecall-scan fleet: ${repos.length} ${repos.length === 1 ? 'repository' : 'repositories'}${shardText}: ` +
    `${counters.scanned} scanned (${counters.commits} new commits), ${counters.upToDate} up to date, ${counters.failed} failed; ` +
    `${findings} ${findings === 1 ? 'finding' : 'findings'} in ${withFindings} ${withFindings === 1 ? 'repository' : 'repositories'}.\n`;
  const stdout = repos.map((r) => lines.get(r)).join('') + summary;
  if (repos.length > 0 && counters.failed === repos.length) {
    return { exitCode: EXIT_ERROR, stdout, stderr: 'pinecall-scan fleet: every repository failed\n' };
  }
  return { exitCode: findings > 0 ? EXIT_FINDINGS : EXIT_CLEAN, stdout, stderr: '' };
}

interface ScanContext {
  cache: string;
  out: string;
  cwd: string;
  config: string | undefined;
  verify: VerifyRequest | undefined;
}

async function scanOne(repo: FleetRepo, ctx: ScanContext, counters: Counters): Promise<{ record: RepoRecord; line: string }> {
  const previous = await readRecord(ctx.out, repo.id);
  const shown = maskText(repo.identity);
  const base: RepoRecord = previous ?? {
    version: 1,
    repository: repo.identity,
    id: repo.id,
    status: 'ok',
    tips: {},
    findings: [],
    skipped: [],
    stats: { commits: 0, files: 0, bytes: 0 },
    scans: 0,
  };
  try {
    const mirror = await syncMirror(ctx.cache, repo);
    const tips = await refTips(mirror);
    const oldIds = [...new Set(Object.values(base.tips))];
    const newIds = [...new Set(Object.values(tips))];
    const unchanged = previous?.status === 'ok' && sameTips(base.tips, tips);
    if (unchanged) {
      counters.upToDate++;
      return { record: base, line: `up to date  ${shown}\n` };
    }
    const known = await present(mirror, oldIds);
    const fresh = newIds.filter((id) => !known.includes(id) || !oldIds.includes(id));
    let record: RepoRecord = { ...base, status: 'ok', tips, scans: base.scans };
    delete record.reason;
    let added = 0;
    let commits = 0;
    if (fresh.length > 0) {
      const result = await scan({
        cwd: ctx.cwd,
        config: ctx.config ?? false,
        remedies: false,
        ...(ctx.verify && { verify: ctx.verify }),
        history: { repo: mirror, revs: known.length > 0 ? [...fresh, '--not', ...known] : fresh },
      });
      const report = toJsonReport(result, false);
      // A key already recorded at a path stays one finding, as in a full history scan.
      const seen = new Set(base.findings.map((f) => `${f.secretHash}\0${f.file}`));
      const newFindings = report.findings.filter((f) => !seen.has(`${f.secretHash}\0${f.file}`));
      added = newFindings.length;
      commits = result.stats.commits;
      const skippedFiles = new Set(base.skipped.map((s) => s.file));
      record = {
        ...record,
        findings: [...base.findings, ...newFindings].sort(compareJsonFindings),
        skipped: [...base.skipped, ...report.skipped.filter((s) => !skippedFiles.has(s.file))].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
        stats: {
          commits: base.stats.commits + result.stats.commits,
          files: base.stats.files + result.stats.files,
          bytes: base.stats.bytes + result.stats.bytes,
        },
        scans: base.scans + 1,
        lastScan: { commits, newFindings: added },
      };
    }
    await writeRecord(ctx.out, record);
    counters.scanned++;
    counters.commits += commits;
    const total = record.findings.length;
    return {
      record,
      line: `scanned     ${shown}: ${commits} new ${commits === 1 ? 'commit' : 'commits'}, ${added} new ${added === 1 ? 'finding' : 'findings'} (${total} in all)\n`,
    };
  } catch (err) {
    // A bad --config fails every repository alike: that is the run's error, not this repository's.
    if (err instanceof UsageError || err instanceof ConfigError) throw err;
    const reason = maskText((err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'failed');
    const record: RepoRecord = { ...base, status: 'failed', reason };
    await writeRecord(ctx.out, record);
    counters.failed++;
    return { record, line: `failed      ${shown}: ${reason}\n` };
  }
}

function sameTips(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

