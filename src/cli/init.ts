// `pinecall-scan init`: installs the pre-commit hook — into husky when the project uses it, as a plain
// git hook otherwise. Never replaces someone else's hook: a foreign plain hook is moved aside and chained.
import { accessSync, chmodSync, constants, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { isDirectory } from '../fs-util.js';
import { displayPath, toPosixPath } from '../paths.js';
import { runGitSync } from '../sources/git-repo.js';
import {
  CHAINED_HOOK_NAME,
  HOOK_MARKER,
  HUSKY_LINE,
  detectHookManager,
  hookCommands,
  plainHookScript,
  putHuskyLineFirst,
  runsStagedScan,
  scanRunsFirst,
} from './hook-script.js';
import type { InitOptions } from './options.js';
import type { RunResult } from './run.js';

class InitError extends Error {}

interface WorkTree {
  root: string;
  cwd: string;
}

function gitOutput(repo: { cwd: string }, args: string[]): { ok: boolean; out: string } {
  const result = runGitSync(repo.cwd, args);
  if (result.spawnError) {
    const missing = result.spawnError.code === 'ENOENT';
    throw new InitError(missing ? 'git is not installed (or not on PATH)' : `cannot run git: ${result.spawnError.message}`);
  }
  return { ok: result.code === 0, out: result.stdout.trim() };
}

function findWorkTree(cwd: string): WorkTree {
  const inside = gitOutput({ cwd }, ['rev-parse', '--is-inside-work-tree']);
  if (!inside.ok || inside.out !== 'true') {
    throw new InitError('not inside a git repository (run `pinecall-scan init` in your project)');
  }
  return { root: gitOutput({ cwd }, ['rev-parse', '--show-toplevel']).out, cwd };
}


function usesHuskyPackage(root: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    return ['dependencies', 'devDependencies'].some((field) => {
      const deps = pkg[field];
      return typeof deps === 'object' && deps !== null && 'husky' in deps;
    });
  } catch {
    return false;
  }
}

/**
 * The husky directory, if the project uses husky v9: core.hooksPath pointing at `<dir>/_` (what
 * `husky` sets). Any other core.hooksPath is where git runs hooks from, so the plain hook goes there.
 * Without core.hooksPath: a `.husky/` directory or husky in package.json (not yet active in this clone).
 */
function findHusky(repo: WorkTree): { dir: string; active: boolean } | undefined {
  const hooksPath = gitOutput(repo, ['config', '--get', 'core.hooksPath']);
  if (hooksPath.ok && hooksPath.out !== '') {
    const abs = resolve(repo.root, hooksPath.out);
    return basename(abs) === '_' && existsSync(join(abs, 'h')) ? { dir: dirname(abs), active: true } : undefined;
  }
  const dotHusky = join(repo.root, '.husky');
  if (isDirectory(dotHusky) || usesHuskyPackage(repo.root)) return { dir: dotHusky, active: false };
  return undefined;
}


function hasTestScript(root: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> };
    return typeof pkg.scripts?.test === 'string';
  } catch {
    return false;
  }
}

/** An executable `pinecall-scan` in one of PATH's directories. */
function onPath(): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, process.platform === 'win32' ? 'pinecall-scan.cmd' : 'pinecall-scan'), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/**
 * husky runs the hook from the repository root with `node_modules/.bin` on PATH: the line works only
 * if pinecall-scan is installed there or on PATH. Refuse rather than write a hook that cannot run.
 */
function checkResolvableForHusky(repo: WorkTree): void {
  if (existsSync(join(repo.root, 'node_modules', '.bin', 'pinecall-scan')) || onPath()) return;
  const where = packageDirOf(repo);
  const hint = where
    ? `it is installed in ${where} only; install it at the repository root too (npm install --save-dev pinecall-scan)`
    : 'install it first: npm install --save-dev pinecall-scan';
  throw new InitError(`the husky hook runs \`${HUSKY_LINE}\` from the repository root, where pinecall-scan is not installed: ${hint}, then rerun pinecall-scan init`);
}

function installHusky(repo: WorkTree, husky: { dir: string; active: boolean }): string[] {
  const hookFile = join(husky.dir, 'pre-commit');
  const shown = displayPath(hookFile, repo.root);
  const lines: string[] = [];
  if (existsSync(hookFile)) {
    const text = readFileSync(hookFile, 'utf8');
    if (scanRunsFirst(text)) {
      lines.push(`pinecall-scan hook already installed in ${shown}, nothing changed.`);
    } else {
      checkResolvableForHusky(repo);
      const had = runsStagedScan(text);
      writeFileSync(hookFile, putHuskyLineFirst(text));
      const others = hookCommands(text).filter((line) => !runsStagedScan(line));
      lines.push(
        had
          ? `Moved \`${HUSKY_LINE}\` to the top of ${shown} (husky), so the scan runs before the other lines.`
          : `Added \`${HUSKY_LINE}\` to ${shown} (husky) as its first command, so the scan runs before the other lines.`,
      );
      if (others.includes('npm test')) {
        lines.push(
          hasTestScript(repo.root)
            ? "Kept husky's default `npm test` line, after the scan."
            : "Kept husky's default `npm test` line, after the scan — but package.json has no \"test\" script, so that line fails every commit: remove it from " +
                `${shown} or add a test script.`,
        );
      } else if (others.length > 0) {
        lines.push(`Kept its other ${others.length === 1 ? 'line' : 'lines'} after the scan.`);
      }
    }
  } else {
    checkResolvableForHusky(repo);
    mkdirSync(husky.dir, { recursive: true });
    writeFileSync(hookFile, `${HUSKY_LINE}\n`);
    lines.push(`Created ${shown} (husky) running \`${HUSKY_LINE}\`.`);
  }
  if (!husky.active) {
    // Not `npx husky init`: it would overwrite the pre-commit file just written.
    lines.push('husky is not active in this clone yet: run `npx husky` (and keep "prepare": "husky" in package.json, so `npm install` does it in every clone).');
  }
  return lines;
}

/**
 * The monorepo package (repository-relative, `/`-separated) whose node_modules has pinecall-scan: the
 * nearest one from where init runs up to the root. Undefined when that is the root itself, or none.
 */
function packageDirOf(repo: WorkTree): string | undefined {
  const root = realpathSync(repo.root);
  for (let dir = realpathSync(repo.cwd); dir !== root && dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', '.bin', 'pinecall-scan'))) {
      const rel = relative(root, dir);
      return rel.startsWith('..') || isAbsolute(rel) ? undefined : toPosixPath(rel);
    }
  }
  return undefined;
}

// Git does not commit or clone hooks: say so, or the user believes the team is protected.
const LOCAL_NOTE =
  'This hook is local to this clone (git does not share hooks): each teammate runs `npx pinecall-scan init`, ' +
  'or use husky (its .husky/pre-commit is committed and "prepare": "husky" activates it on npm install).';

function installPlain(repo: WorkTree, force: boolean): string[] {
  const hooksDir = resolve(repo.cwd, gitOutput(repo, ['rev-parse', '--git-path', 'hooks']).out);
  const hookFile = join(hooksDir, 'pre-commit');
  const chained = join(hooksDir, CHAINED_HOOK_NAME);
  const shown = displayPath(hookFile, repo.root);
  const script = plainHookScript(packageDirOf(repo));

  let existing: string | undefined;
  try {
    const stat = lstatSync(hookFile);
    if (stat.isDirectory()) throw new InitError(`${shown} is a directory; remove it and rerun`);
    existing = readFileSync(hookFile, 'utf8');
  } catch (error) {
    if (error instanceof InitError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new InitError(`cannot read ${shown}: ${code ?? String(error)}`);
  }

  const write = (): void => {
    mkdirSync(hooksDir, { recursive: true });
    writeFileSync(hookFile, script);
    chmodSync(hookFile, 0o755);
  };

  if (existing === undefined) {
    write();
    return [`Installed the pre-commit hook: ${shown}`, LOCAL_NOTE];
  }
  if (existing.includes(HOOK_MARKER)) {
    const executable = (lstatSync(hookFile).mode & 0o111) !== 0;
    if (existing === script && executable) {
      return [`pinecall-scan hook already installed in ${shown}, nothing changed.`];
    }
    write();
    return [`Updated the pre-commit hook: ${shown}`];
  }
  if (runsStagedScan(existing)) {
    return [`${shown} already runs \`pinecall-scan --staged\`, nothing changed.`];
  }

  const manager = detectHookManager(existing);
  if (manager && !force) {
    throw new InitError(
      `${shown} is managed by ${manager.name}: ${manager.advice}; or rerun with --force to chain to it`,
    );
  }
  if (existsSync(chained)) {
    throw new InitError(
      `both ${shown} and ${displayPath(chained, repo.root)} exist; merge them into one, then rerun pinecall-scan init`,
    );
  }
  renameSync(hookFile, chained);
  write();
  return [
    `Moved your existing hook to ${displayPath(chained, repo.root)} (unchanged).`,
    `Installed the pre-commit hook: ${shown}; it runs ${CHAINED_HOOK_NAME} first, then pinecall-scan.`,
    LOCAL_NOTE,
  ];
}

export function runInit(options: InitOptions, cwd: string): RunResult {
  try {
    const target = resolve(cwd, options.dir ?? '.');
    if (!isDirectory(target)) throw new InitError(`no such directory: ${options.dir ?? target}`);
    const repo = findWorkTree(target);
    const husky = findHusky(repo);
    const lines = husky ? installHusky(repo, husky) : installPlain(repo, options.force === true);
    return { exitCode: 0, stdout: lines.join('\n') + '\n', stderr: '' };
  } catch (error) {
    const message = error instanceof InitError ? error.message : `cannot install the hook: ${String(error)}`;
    return { exitCode: 2, stdout: '', stderr: `pinecall-scan init: ${message}\n` };
  }
}
