// Every git process pinecall-scan starts goes through here: repository discovery, short commands whose
// output is read whole, streamed commands, the `git cat-file --batch` blob reader, and (`runGit`,
// `runGitSync`) the plain commands of init, the server hook's installer, the Action and the fleet's
// mirrors, which decide themselves what a failure means. The sources' failures become one-line
// EnvironmentErrors (exit 2); no git error text reaches the user with a stack trace.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { EnvironmentError, UsageError } from '../errors.js';

export interface Repo {
  /** Directory git commands run in: inside the work tree, or the git dir of a bare repository. */
  cwd: string;
  bare: boolean;
  shallow: boolean;
  /** Top of the work tree (absent for a bare repository). */
  top?: string;
}

/**
 * Config that would change what `git log` / `git diff` print, pinned for every command we run:
 * unquoted UTF-8 paths, no signature blocks, root commits shown, no user prefixes.
 */
export const GIT_CONFIG_ARGS: readonly string[] = [
  '-c', 'core.quotePath=false',
  '-c', 'log.showSignature=false',
  '-c', 'log.showRoot=true',
  '-c', 'diff.noprefix=false',
  '-c', 'diff.mnemonicPrefix=false',
  '-c', 'color.ui=false',
  // git maps pack files in windows of up to 1 GiB and keeps 8 GiB of them: every page it touches
  // counts in its RSS, which then grows with the repository. Small windows keep it flat.
  '-c', 'core.packedGitWindowSize=16m',
  '-c', 'core.packedGitLimit=64m',
  // The cache of inflated delta bases (96 MiB by default) filled by reading every version of every
  // file: measured on a real history, 8 MiB reads the blobs faster (less to manage, fewer page
  // faults) with a third of the memory.
  '-c', 'core.deltaBaseCacheLimit=8m',
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

const NOT_INSTALLED = 'git is not installed (or not on PATH); --history and --staged need it';

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !/^(hint|warning):/i.test(l)) ?? ''
  ).replace(/^(fatal|error): /i, '');
}

function spawnError(err: NodeJS.ErrnoException): EnvironmentError {
  return err.code === 'ENOENT' ? new EnvironmentError(NOT_INSTALLED) : new EnvironmentError(`cannot run git: ${err.message}`);
}

/** Every git we start: no prompt, no pager, untranslated messages (they are parsed). */
const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' };

/** Starts git with our pinned config (and `env` added); the caller owns the pipes. */
export function spawnGit(cwd: string, args: readonly string[], stdin: 'pipe' | 'ignore' = 'ignore', env?: Record<string, string>): ChildProcess {
  return spawn('git', [...GIT_CONFIG_ARGS, ...args], { cwd, stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, ...GIT_ENV, ...env } });
}

/** A failed git command: its first meaningful stderr line. */
class GitFailure extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly code: number | null,
  ) {
    super(firstLine(stderr) || `exit code ${code}`);
  }
}

/** Keeps the first 8 KiB of a child's stderr, for the error message. */
function collectStderr(child: ChildProcess): () => string {
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < 8192) stderr += d;
  });
  return () => stderr;
}

/** Runs a short git command and resolves with its whole stdout, undecoded; rejects with GitFailure or EnvironmentError. */
function gitBytesRaw(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnGit(cwd, args);
    const stderr = collectStderr(child);
    const out: Buffer[] = [];
    let spawnFailed: EnvironmentError | undefined;
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', (err: NodeJS.ErrnoException) => (spawnFailed ??= spawnError(err)));
    child.on('close', (code) => {
      if (spawnFailed) return reject(spawnFailed);
      if (code !== 0) return reject(new GitFailure(args[0] ?? 'git', stderr(), code));
      resolvePromise(Buffer.concat(out));
    });
  });
}

/** `gitBytesRaw` decoded as UTF-8. */
async function gitOutputRaw(cwd: string, args: readonly string[]): Promise<string> {
  return (await gitBytesRaw(cwd, args)).toString('utf8');
}

/** Runs a short git command and resolves with its stdout; any failure is a one-line EnvironmentError. */
export async function gitOutput(cwd: string, args: readonly string[]): Promise<string> {
  return (await gitOutputBytes(cwd, args)).toString('utf8');
}

/**
 * `gitOutput` undecoded, for long listings parsed byte by byte: one Buffer costs a fraction of the
 * string (and of the strings split from it) in Node's heap.
 */
export async function gitOutputBytes(cwd: string, args: readonly string[]): Promise<Buffer> {
  try {
    return await gitBytesRaw(cwd, args);
  } catch (err) {
    if (err instanceof GitFailure) throw new EnvironmentError(`git ${err.command} failed: ${err.message}`);
    throw err;
  }
}

/** `root` as an absolute directory; throws UsageError when it is missing or not a directory. */
export function repoDirectory(root: string): string {
  const dir = resolve(root);
  if (!existsSync(dir)) throw new UsageError(`no such directory: ${root}`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`not a directory: ${root}`);
  return dir;
}

/** Opens the repository containing `root`; throws EnvironmentError if git is missing or it is none. */
export async function openRepo(root: string): Promise<Repo> {
  const dir = repoDirectory(root);
  // One rev-parse answers "is git there", "is this a repository" and the metadata (each git start
  // costs milliseconds that a pre-commit hook pays on every commit).
  let meta: string;
  try {
    meta = await gitOutputRaw(dir, ['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--show-cdup']);
  } catch (err) {
    if (!(err instanceof GitFailure)) throw err;
    if (/not a git repository/i.test(err.message)) throw new EnvironmentError(`not a git repository: ${dir}`);
    throw new EnvironmentError(`cannot read the git repository at ${dir}: ${err.message}`);
  }
  const [bareText, shallowText, cdup] = meta.split('\n');
  // Git commands print paths relative to the top level from anywhere inside the work tree (we pass
  // --no-relative), so the directory given is as good a cwd as the top level, and saves a git start.
  const repo: Repo = { cwd: dir, bare: bareText?.trim() === 'true', shallow: shallowText?.trim() === 'true' };
  if (!repo.bare && cdup !== undefined) repo.top = resolve(dir, cdup);
  return repo;
}

/** Number of commits `revs` select (`git rev-list --count`), for progress and for empty repositories. */
export async function countCommits(repo: Repo, revs: readonly string[]): Promise<number> {
  return Number((await gitOutput(repo.cwd, ['rev-list', '--count', ...revs])).trim()) || 0;
}

/** A streamed git command: `done` settles when it exits; `pause`/`resume` apply back-pressure. */
export interface GitStream {
  done: Promise<number>;
  pause(): void;
  resume(): void;
  /** Stops git early (after an error elsewhere); `done` then rejects. */
  kill(): void;
}

/**
 * Runs git and hands its stdout to `onText` as it arrives, decoded as UTF-8 lossily (invalid bytes
 * become U+FFFD; a character split across chunks is kept whole). Never buffers the whole output.
 * `done` resolves with the number of bytes read; rejects with a one-line EnvironmentError if git fails
 * or `onText` throws.
 */
export function openGitStream(cwd: string, args: readonly string[], onText: (text: string) => void, input?: Uint8Array): GitStream {
  const child = spawnGit(cwd, args, input === undefined ? 'ignore' : 'pipe');
  // A git that stops reading (it failed) says why on stderr and in its exit code, not through EPIPE.
  if (input !== undefined) child.stdin!.on('error', () => undefined).end(input);
  const stderr = collectStderr(child);
  const command = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c') ?? 'git';
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let failed: unknown;
  const fail = (err: unknown): void => {
    if (failed !== undefined) return;
    failed = err;
    child.kill();
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    if (failed !== undefined) return;
    bytes += chunk.length;
    try {
      onText(decoder.write(chunk));
    } catch (err) {
      fail(err);
    }
  });
  const done = new Promise<number>((resolvePromise, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => (failed ??= spawnError(err)));
    child.on('close', (code) => {
      if (failed !== undefined) return reject(failed);
      try {
        const rest = decoder.end();
        if (rest !== '') onText(rest);
      } catch (err) {
        return reject(err);
      }
      if (code !== 0) {
        return reject(new EnvironmentError(`git ${command} failed: ${firstLine(stderr()) || `exit code ${code}`}`));
      }
      resolvePromise(bytes);
    });
  });
  return {
    done,
    pause: () => child.stdout!.pause(),
    resume: () => child.stdout!.resume(),
    kill: () => fail(new EnvironmentError(`git ${command} was stopped`)),
  };
}

/** `openGitStream` when no back-pressure is needed: resolves with the number of bytes read. */
export function streamGit(cwd: string, args: readonly string[], onText: (text: string) => void): Promise<number> {
  return openGitStream(cwd, args, onText).done;
}

/**
 * A git question whose failure is an answer: its stdout, or undefined when git is missing, `cwd` is
 * no repository or the command fails. Exit 1 with output counts as an answer (`check-ignore` exits 1
 * when nothing is ignored). `input` goes to its standard input; `env` adds variables.
 */
export async function gitAnswer(cwd: string, args: readonly string[], input: string | Uint8Array = '', env?: Record<string, string>): Promise<string | undefined> {
  const r = await runToEnd(spawnGit(cwd, args, 'pipe', env), input);
  return r.code === 0 || r.code === 1 ? r.stdout : undefined;
}

/** A git command run to its end: its exit code and output, whatever they are. */
export interface GitRun {
  /** null when git could not be started (`spawnError` says why) or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** ENOENT: git is not installed (or not on PATH). */
  spawnError?: NodeJS.ErrnoException;
}

/**
 * Runs git as it is configured (no pinned `-c` options: `init`, `config` and `fetch` must see the
 * user's settings) and resolves with whatever happened; the caller decides what a failure means.
 * `env` adds variables (e.g. for credential helpers).
 */
export function runGit(cwd: string, args: readonly string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<GitRun> {
  const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...GIT_ENV, ...options.env } });
  return runToEnd(child, options.input ?? '');
}

/** Feeds `input` to a started git and collects everything it says until it ends. */
function runToEnd(child: ChildProcess, input: string | Uint8Array): Promise<GitRun> {
  return new Promise((resolvePromise) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: NodeJS.ErrnoException | undefined;
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (e: NodeJS.ErrnoException) => (spawnError ??= e));
    child.on('close', (code) =>
      resolvePromise({ code: spawnError ? null : code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), spawnError }),
    );
    // git may exit without reading its input (not a repository): that is its answer, not a crash.
    child.stdin!.on('error', () => {});
    child.stdin!.end(input);
  });
}

/** `runGit` for the synchronous callers (`init`, which installs a hook and then prints). */
export function runGitSync(cwd: string, args: readonly string[]): GitRun {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...GIT_ENV } });
  const spawnError = r.error as NodeJS.ErrnoException | undefined;
  return { code: spawnError ? null : r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', spawnError };
}

/** The top level of the work tree holding `dir` (`git rev-parse --show-toplevel`); undefined outside one. */
export async function workTreeTop(dir: string): Promise<string | undefined> {
  return (await gitAnswer(dir, ['rev-parse', '--show-toplevel']))?.trim() || undefined;
}

/** One blob's bytes whole (`git cat-file blob <spec>`), bounded: for archives, which the staged diff only calls "binary". */
export type BlobRead = { buf: Buffer } | { tooLarge: true } | { missing: true };

/** `spec` as git takes it: `:0:path` (the index), `HEAD:path`, `<sha>`. */
export function readBlob(cwd: string, spec: string, maxBytes: number): Promise<BlobRead> {
  return new Promise((resolve) => {
    execFile(
      'git',
      [...GIT_CONFIG_ARGS, 'cat-file', 'blob', spec],
      { cwd, encoding: 'buffer', maxBuffer: maxBytes, env: { ...process.env, ...GIT_ENV } },
      (err, stdout) => {
        if (!err) return resolve({ buf: stdout });
        const code = (err as NodeJS.ErrnoException).code;
        resolve(code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' ? { tooLarge: true } : { missing: true });
      },
    );
  });
}

/**
 * Where a repository's objects usually are (a work tree's `.git/objects`, a bare repository's
 * `objects`), found without starting git; undefined when git must be asked (a linked work tree, a
 * subdirectory, GIT_DIR).
 */
function usualObjects(repo: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.GIT_DIR !== undefined || env.GIT_OBJECT_DIRECTORY !== undefined) return undefined;
  const isDir = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  if (isDir(join(repo, '.git', 'objects'))) return join(repo, '.git', 'objects');
  if (isDir(join(repo, 'objects')) && statSync(join(repo, 'HEAD'), { throwIfNoEntry: false })?.isFile() === true) return join(repo, 'objects');
  return undefined;
}

/**
 * The object directory of the repository at `cwd` (absolute), or undefined when there is none. Git is
 * asked only when the layout is not the usual one (each git start costs a forking Node ~10 ms); `env`
 * is the environment git would run in.
 */
export async function objectsDirectory(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const usual = usualObjects(cwd, env);
  if (usual !== undefined) return usual;
  const answer = (await gitAnswer(cwd, ['rev-parse', '--git-path', 'objects']))?.trim();
  if (answer === undefined || answer === '') return undefined;
  return isAbsolute(answer) ? answer : resolve(cwd, answer);
}

/** Bytes of the pack files in an object directory (0 when it has none or cannot be read). */
export function packBytes(objects: string): number {
  let total = 0;
  try {
    const pack = join(objects, 'pack');
    for (const name of readdirSync(pack)) if (name.endsWith('.pack')) total += statSync(join(pack, name)).size;
  } catch {
    // no pack directory: a new or loose-only repository
  }
  return total;
}
