// What `mode: auto` scans for the event that started the workflow: a pull request's commits
// (`base..head`), a push's (`before..after`, or a new branch's commits not on any other branch), or
// the checked-out files. A range the checkout cannot serve (too shallow, or a force-push's vanished
// `before`) falls back to something safe, with a warning that says why.
import { readFile } from 'node:fs/promises';
import { runGit } from '../../sources/git-repo.js';


export type ActionTarget =
  | { kind: 'tree'; reason: string }
  | { kind: 'history'; revs: string[]; reason: string }
  | { kind: 'nothing'; reason: string };

export interface EventChoice {
  target: ActionTarget;
  /** A `::warning` to show (too shallow, missing commit). */
  warning?: string;
}

const ZERO = /^0+$/;
const SHA = /^[0-9a-f]{40,64}$/;

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  const r = await runGit(cwd, args);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

const hasCommit = async (cwd: string, sha: string): Promise<boolean> =>
  (await git(cwd, ['cat-file', '-e', `${sha}^{commit}`])) !== undefined;

const SHALLOW_ADVICE =
  'The checkout is too shallow for the range to scan: set `fetch-depth: 0` on actions/checkout ' +
  '(with: fetch-depth: 0). Scanning the checked-out files instead.';

/** Reads GITHUB_EVENT_NAME / GITHUB_EVENT_PATH and picks what to scan in `repo`. */
export async function chooseTarget(env: NodeJS.ProcessEnv, repo: string): Promise<EventChoice> {
  const name = env.GITHUB_EVENT_NAME ?? '';
  let event: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>;
    } catch {
      event = {};
    }
  }
  const shallow = (await git(repo, ['rev-parse', '--is-shallow-repository'])) === 'true';
  const missing = async (...shas: string[]): Promise<boolean> => {
    for (const sha of shas) if (!(await hasCommit(repo, sha))) return true;
    return false;
  };

  if (name === 'pull_request' || name === 'pull_request_target') {
    const pr = (event.pull_request ?? {}) as { base?: { sha?: string }; head?: { sha?: string } };
    const base = pr.base?.sha ?? '';
    const head = pr.head?.sha ?? '';
    if (!SHA.test(base) || !SHA.test(head)) return { target: { kind: 'tree', reason: 'pull request without base and head commits' } };
    if (await missing(base, head)) {
      return {
        target: { kind: 'tree', reason: `pull request ${base.slice(0, 7)}..${head.slice(0, 7)} (not in the checkout)` },
        warning: shallow ? SHALLOW_ADVICE : `The pull request's commits are not in the checkout. ${SHALLOW_ADVICE}`,
      };
    }
    return { target: { kind: 'history', revs: [head, '--not', base], reason: `pull request commits ${base.slice(0, 7)}..${head.slice(0, 7)}` } };
  }

  if (name === 'push') {
    const before = String(event.before ?? '');
    const after = String(event.after ?? '');
    const ref = String(event.ref ?? '');
    if (SHA.test(after) && ZERO.test(after)) return { target: { kind: 'nothing', reason: `${ref || 'a ref'} was deleted` } };
    if (!SHA.test(after)) return { target: { kind: 'tree', reason: 'push without an after commit' } };
    if (await missing(after)) {
      return { target: { kind: 'tree', reason: 'pushed commit not in the checkout' }, warning: SHALLOW_ADVICE };
    }
    if (SHA.test(before) && !ZERO.test(before) && !(await missing(before))) {
      return { target: { kind: 'history', revs: [after, '--not', before], reason: `pushed commits ${before.slice(0, 7)}..${after.slice(0, 7)}` } };
    }
    // A new branch, or a force-push whose old tip is gone: the commits no other branch has.
    if (shallow) return { target: { kind: 'tree', reason: 'new branch in a shallow checkout' }, warning: SHALLOW_ADVICE };
    const branch = ref.replace(/^refs\/heads\//, '');
    const why = ZERO.test(before) || before === '' ? 'new branch' : 'force-push';
    const revs = [after, '--not', `--exclude=origin/${branch}`, '--remotes'];
    return { target: { kind: 'history', revs, reason: `${why}: commits on no other branch` } };
  }

  return { target: { kind: 'tree', reason: name ? `${name} event: the checked-out files` : 'the checked-out files' } };
}
