// `pinecall-scan pre-receive`: the git server's gate. git runs the hook with one `<old> <new> <ref>`
// line per updated ref on stdin, before any ref moves, with the pushed objects in a quarantine
// directory (GIT_QUARANTINE_PATH; the child gits we start inherit GIT_OBJECT_DIRECTORY and
// GIT_ALTERNATE_OBJECT_DIRECTORIES, so they see those objects). Only what the push makes reachable
// is scanned: `<new tips> --not --all`, where --all is every ref as it was before the push. A deleted
// ref adds nothing; a new branch at an existing commit adds nothing; a tag on a new commit adds it.
import { UsageError } from '../../errors.js';
import { scan } from '../../scan/index.js';
import { ALLOW_PUSH_OPTION, pushRefusalReporter } from '../../report/push-refusal.js';
import { printable } from '../../report/text.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../errors.js';
import type { RunIO, RunResult } from '../run.js';
import { parseSub, subProgram } from '../subcommand.js';

interface PreReceiveOptions {
  config?: string;
}

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const ZERO = /^0+$/;

export interface RefUpdate {
  old: string;
  new: string;
  ref: string;
}

/** The hook's stdin: `<old> <new> <ref>` lines. Throws UsageError on anything else. */
export function parseRefUpdates(text: string): RefUpdate[] {
  const updates: RefUpdate[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [oldId, newId, ref, ...rest] = line.trim().split(' ');
    if (!oldId || !newId || !ref || rest.length > 0 || !OBJECT_ID.test(oldId) || !OBJECT_ID.test(newId)) {
      throw new UsageError('pre-receive expects "<old> <new> <ref>" lines on standard input (run it as a git hook)');
    }
    updates.push({ old: oldId, new: newId, ref });
  }
  return updates;
}

/** `git push -o pinecall-scan.allow=sha256:<hash>` values, from the GIT_PUSH_OPTION_* variables. */
export function allowedHashes(env: NodeJS.ProcessEnv): Set<string> {
  const allowed = new Set<string>();
  const count = Number(env.GIT_PUSH_OPTION_COUNT ?? '0');
  for (let i = 0; i < count; i++) {
    const option = env[`GIT_PUSH_OPTION_${i}`] ?? '';
    const prefix = `${ALLOW_PUSH_OPTION}=`;
    if (!option.startsWith(prefix)) continue;
    const hash = option.slice(prefix.length).trim().replace(/^sha256:/, '').toLowerCase();
    if (/^[0-9a-f]{64}$/.test(hash)) allowed.add(hash);
  }
  return allowed;
}

function build(capture: (text: string) => void) {
  return subProgram('pre-receive', 'git pre-receive hook: refuse a push whose new commits add a Pinecall key', capture)
    .option('--config <file>', 'config file (allow-list, disabled rules); default: none')
    .addHelpText(
      'after',
      `\nInstall with: pinecall-scan init --server <bare repository>.\n` +
        `A reviewer lets one known false positive through with: git push -o ${ALLOW_PUSH_OPTION}=sha256:<hash>\n` +
        '(the repository needs receive.advertisePushOptions=true, which init --server sets).\n' +
        'Exit codes: 0 push accepted, 1 push rejected (keys found), 2 error (the push is rejected too).',
    );
}

export async function runPreReceive(argv: readonly string[], io: RunIO): Promise<RunResult> {
  const parsed = parseSub<PreReceiveOptions>(build, argv);
  if ('help' in parsed) return { exitCode: EXIT_CLEAN, stdout: parsed.help, stderr: '' };
  if (parsed.args.length > 0) throw new UsageError('pre-receive takes no arguments');
  const input = io.stdin ? await io.stdin() : '';
  const updates = parseRefUpdates(typeof input === 'string' ? input : Buffer.from(input).toString('utf8'));
  const tips = [...new Set(updates.map((u) => u.new).filter((id) => !ZERO.test(id)))];
  if (tips.length === 0) return { exitCode: EXIT_CLEAN, stdout: '', stderr: '' };

  const result = await scan({
    cwd: io.cwd,
    config: parsed.options.config ?? false,
    remedies: false,
    history: { repo: io.cwd, revs: [...tips, '--not', '--all'] },
  });

  const allowed = allowedHashes(io.env);
  const waved = result.findings.filter((f) => allowed.has(f.secretHash));
  result.findings = result.findings.filter((f) => !allowed.has(f.secretHash));
  let stderr = waved
    .map(
      (f) =>
        `pinecall-scan: let through by push option ${ALLOW_PUSH_OPTION}: ${printable(f.file)}:${f.line} ${f.ruleId} ${f.match} ` +
        `sha256:${f.secretHash} in commit ${(f.commit ?? '').slice(0, 12)}\n`,
    )
    .join('');
  if (result.findings.length > 0) {
    stderr += pushRefusalReporter(result, { showSecrets: false, color: false });
    return { exitCode: EXIT_FINDINGS, stdout: '', stderr };
  }
  const commits = result.stats.commits;
  stderr += `pinecall-scan: ${commits} new ${commits === 1 ? 'commit' : 'commits'} checked, no Pinecall keys.\n`;
  return { exitCode: EXIT_CLEAN, stdout: '', stderr };
}
