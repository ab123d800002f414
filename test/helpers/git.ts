// Real git repositories in temp dirs for tests.
import { execFileSync } from 'node:child_process';
import { after } from 'node:test';
import { appendFileSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function tempDir(prefix = 'pcscan-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

// What `git config user.name …` etc. would write; appended in one write instead of three git processes
// per repository (a test run makes a few hundred repositories).
const REPO_CONFIG = '[user]\n\tname = Test Author\n\temail = author@example.com\n[commit]\n\tgpgsign = false\n';

export function makeRepo(): string {
  const dir = tempDir('pcscan-repo-');
  git(dir, 'init', '-q', '-b', 'main');
  appendFileSync(join(dir, '.git', 'config'), REPO_CONFIG);
  return dir;
}

export function writeFile(root: string, rel: string, content: string | Buffer): string {
  const full = join(root, rel);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
}

/** Writes the files, stages everything and commits; returns the new commit's sha. */
export function commitFiles(root: string, files: Record<string, string | Buffer>, message = 'change'): string {
  for (const [rel, content] of Object.entries(files)) writeFile(root, rel, content);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message, '--allow-empty');
  return git(root, 'rev-parse', 'HEAD').trim();
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `body` in `dir`, removed afterwards whatever happens. */
async function removedAfter(dir: string, body: (dir: string) => Promise<void>): Promise<void> {
  try {
    await body(dir);
  } finally {
    removeDir(dir);
  }
}

/** Runs `body` in a fresh temp directory, removed afterwards. */
export const withTempDir = (prefix: string, body: (dir: string) => Promise<void>): Promise<void> => removedAfter(tempDir(prefix), body);

/** Runs `body` in a fresh temp git repository, removed afterwards. */
export const withRepo = (body: (root: string) => Promise<void>): Promise<void> => removedAfter(makeRepo(), body);

/** Temp repositories and directories of one test file, removed when the file's tests end. */
export function tempRepos(): { repo: () => string; track: (dir: string) => string } {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));
  const track = (dir: string): string => {
    dirs.push(dir);
    return dir;
  };
  return { repo: () => track(makeRepo()), track };
}
