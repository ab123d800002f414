// `pinecall-scan action`: the GitHub Action's entry (action.yml runs it with the runner's Node).
// Inputs come from INPUT_* (inputs.ts), the event from GITHUB_EVENT_NAME/GITHUB_EVENT_PATH
// (event.ts). It scans through the pipeline, prints one annotation per finding, appends a Markdown
// table to $GITHUB_STEP_SUMMARY, writes the SARIF file if asked, and sets the outputs `findings` and
// `sarif` in $GITHUB_OUTPUT. Every byte of it is masked.
import { randomBytes } from 'node:crypto';
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redactSecrets } from '../../core/index.js';
import { EnvironmentError, UsageError } from '../../errors.js';
import { escapeData, githubReporter } from '../../report/github.js';
import { sarifReporter } from '../../report/sarif.js';
import { summaryReporter } from '../../report/summary.js';
import { scan, type ScanRequest, type ScanRequestCommon } from '../../scan/index.js';
import { verifyRequestFromEnv } from '../verify-env.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../errors.js';
import type { RunIO, RunResult } from '../run.js';
import { parseSub, subProgram } from '../subcommand.js';
import { chooseTarget } from './event.js';
import { readActionInputs } from './inputs.js';

function build(capture: (text: string) => void) {
  return subProgram('action', 'the GitHub Action entry (run by action.yml; reads INPUT_* and GITHUB_* variables)', capture).addHelpText(
    'after',
    '\nInputs (environment): INPUT_MODE (auto, tree, history), INPUT_PATHS, INPUT_CONFIG, INPUT_BASELINE,\n' +
      'INPUT_FAIL_ON (any, active), INPUT_VERIFY (true, false), INPUT_SARIF. See action.yml and docs/ci.md.',
  );
}

/** `name=value` for $GITHUB_OUTPUT, in the delimiter form so no value can forge another output. */
function outputLine(name: string, value: string): string {
  const delimiter = `pinecall_${randomBytes(8).toString('hex')}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

async function append(file: string | undefined, text: string, what: string): Promise<void> {
  if (!file) return;
  try {
    await appendFile(file, text);
  } catch (err) {
    throw new EnvironmentError(`cannot write ${what} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export async function runAction(argv: readonly string[], io: RunIO): Promise<RunResult> {
  const parsed = parseSub<Record<string, never>>(build, argv);
  if ('help' in parsed) return { exitCode: EXIT_CLEAN, stdout: parsed.help, stderr: '' };
  if (parsed.args.length > 0) throw new UsageError('action takes no arguments (its inputs are INPUT_* variables)');
  const inputs = readActionInputs(io.env);
  const workspace = io.cwd;

  let stdout = '';
  let target;
  if (inputs.mode === 'tree') target = { kind: 'tree' as const, reason: 'mode: tree' };
  else if (inputs.mode === 'history') target = { kind: 'history' as const, revs: ['--all'], reason: 'mode: history (every commit)' };
  else {
    const choice = await chooseTarget(io.env, path.resolve(workspace, inputs.paths[0]!));
    if (choice.warning) stdout += `::warning title=pinecall-scan::${escapeData(choice.warning)}\n`;
    target = choice.target;
  }

  const common: ScanRequestCommon = {
    cwd: workspace,
    ...(inputs.config !== undefined && { config: inputs.config }),
    ...(inputs.baseline !== undefined && { baseline: inputs.baseline }),
    ...(inputs.verify && { verify: await verifyRequestFromEnv(io.env) }),
  };
  const request: ScanRequest | undefined =
    target.kind === 'tree'
      ? { ...common, files: inputs.paths }
      : target.kind === 'history'
        ? { ...common, history: { repo: inputs.paths[0]!, revs: target.revs } }
        : undefined;
  const result = request
    ? await scan(request)
    : { mode: 'history' as const, findings: [], skipped: [], stats: { files: 0, bytes: 0, commits: 0, durationMs: 0 } };

  stdout += `pinecall-scan: ${target.reason}\n`;
  stdout += githubReporter(result, { showSecrets: false, color: false });
  await append(io.env.GITHUB_STEP_SUMMARY, summaryReporter(result, { showSecrets: false, color: false }) + `\n_${redactSecrets(target.reason)}_\n`, '$GITHUB_STEP_SUMMARY');

  let sarifPath = '';
  if (inputs.sarif !== undefined) {
    sarifPath = inputs.sarif;
    try {
      await writeFile(path.resolve(workspace, inputs.sarif), sarifReporter(result, { showSecrets: false, color: false }));
    } catch (err) {
      throw new UsageError(`cannot write the SARIF file ${redactSecrets(inputs.sarif)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  await append(io.env.GITHUB_OUTPUT, outputLine('findings', String(result.findings.length)) + outputLine('sarif', sarifPath), '$GITHUB_OUTPUT');

  const failing = inputs.failOn === 'active' ? result.findings.filter((f) => f.verification === 'active') : result.findings;
  return { exitCode: failing.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN, stdout, stderr: '' };
}

