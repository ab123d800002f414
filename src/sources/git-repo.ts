// Repository discovery and metadata (simple-git), plus the one streamed git child process that the
// history and staged sources read from. Every failure becomes a one-line EnvironmentError (exit 2).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { simpleGit, type SimpleGit } from 'simple-git';
import { EnvironmentError, UsageError } from '../errors.js';

export interface Repo {
  /** Directory git commands run in: inside the work tree, or the git dir of a bare repository. */
  cwd: string;
  bare: boolean;
  shallow: boolean;
}

/**
 * Config that would change what `git log -p` / `git diff` print, pinned for every command we run:
 * unquoted UTF-8 paths, no signature blocks, root commits shown, no user prefixes.
 */
export const GIT_CONFIG_ARGS: readonly string[] = [
  '-c', 'core.quotePath=false',
  '-c', 'log.showSignature=false',
  '-c', 'log.showRoot=true',
  '-c', 'diff.noprefix=false',
  '-c', 'diff.mnemonicPrefix=false',
  '-c', 'color.ui=false',
];

/** Flags shared by history and staged diffs: added lines with their new line numbers, nothing else. */
export const DIFF_ARGS: readonly string[] = [
  '-U0',
  '--inter-hunk-context=0',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-relative',
  '-M',
  '--src-prefix=a/',
  '--dst-prefix=b/',
];

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !/^(hint|warning):/i.test(l)) ?? ''
  ).replace(/^(fatal|error): /i, '');
}

function messageOf(err: unknown): string {
  return firstLine(err instanceof Error ? err.message : String(err));
}

/** Opens the repository containing `root`; throws EnvironmentError if git is missing or it is none. */
export async function openRepo(root: string): Promise<Repo> {
  const dir = resolve(root);
  if (!existsSync(dir)) throw new UsageError(`no such directory: ${root}`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`not a directory: ${root}`);
  const git: SimpleGit = simpleGit({ baseDir: dir });
  // One rev-parse answers "is git there", "is this a repository" and the metadata (each git start
  // costs milliseconds that a pre-commit hook pays on every commit).
  let meta: string;
  try {
    meta = await git.raw(['rev-parse', '--is-bare-repository', '--is-shallow-repository']);
  } catch (err) {
    const message = messageOf(err);
    if (/ENOENT/.test(err instanceof Error ? err.message : String(err))) {
      throw new EnvironmentError('git is not installed (or not on PATH); --history and --staged need it');
    }
    if (/not a git repository/i.test(message)) throw new EnvironmentError(`not a git repository: ${dir}`);
    throw new EnvironmentError(`cannot read the git repository at ${dir}: ${message}`);
  }
  const [bareText, shallowText] = meta.split('\n').map((l) => l.trim());
  // Git commands print paths relative to the top level from anywhere inside the work tree (we pass
  // --no-relative), so the directory given is as good a cwd as the top level, and saves a git start.
  return { cwd: dir, bare: bareText === 'true', shallow: shallowText === 'true' };
}

/** Number of commits `revs` select (`git rev-list --count`), for progress and for empty repositories. */
export async function countCommits(repo: Repo, revs: readonly string[]): Promise<number> {
  const git = simpleGit({ baseDir: repo.cwd });
  try {
    return Number((await git.raw(['rev-list', '--count', ...revs])).trim()) || 0;
  } catch (err) {
    throw new EnvironmentError(`git rev-list failed: ${messageOf(err)}`);
  }
}

/**
 * Runs git and hands its stdout to `onText` as it arrives, decoded as UTF-8 lossily (invalid bytes
 * become U+FFFD; a character split across chunks is kept whole). Never buffers the whole output.
 * Resolves with the number of bytes read; rejects with a one-line EnvironmentError if git fails.
 */
export function streamGit(cwd: string, args: readonly string[], onText: (text: string) => void): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', [...GIT_CONFIG_ARGS, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
    });
    const decoder = new StringDecoder('utf8');
    let bytes = 0;
    let stderr = '';
    let failed: unknown;
    child.stdout.on('data', (chunk: Buffer) => {
      if (failed !== undefined) return;
      bytes += chunk.length;
      try {
        onText(decoder.write(chunk));
      } catch (err) {
        failed = err;
        child.kill();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 8192) stderr += d;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      failed ??=
        err.code === 'ENOENT'
          ? new EnvironmentError('git is not installed (or not on PATH); --history and --staged need it')
          : new EnvironmentError(`cannot run git: ${err.message}`);
    });
    child.on('close', (code) => {
      if (failed !== undefined) return reject(failed);
      try {
        const rest = decoder.end();
        if (rest !== '') onText(rest);
      } catch (err) {
        return reject(err);
      }
      if (code !== 0) {
        return reject(new EnvironmentError(`git ${args[0]} failed: ${firstLine(stderr) || `exit code ${code}`}`));
      }
      resolvePromise(bytes);
    });
  });
}
