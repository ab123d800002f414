// Bare mirrors in the cache directory: cloned once, fetched afterwards (branches and tags, pruned).
// A clone goes to a temporary directory renamed into place, so a killed run never leaves a half
// clone that looks whole; lock files a killed fetch left behind are removed before the next fetch.
// Credentials are git's own (credential helpers, GIT_ASKPASS, SSH agents); nothing prompts.
import { existsSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { runGit } from '../../sources/git-repo.js';
import type { FleetRepo } from './list.js';
import { maskText } from './list.js';


export class RepoFailure extends Error {}

const GENERIC = /hung up unexpectedly|early EOF|index-pack failed|invalid index-pack output|unpack-objects|could not read from remote repository|process for .* failed/i;

const REFSPECS = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];

export async function git(cwd: string, args: string[]): Promise<string> {
  const r = await runGit(cwd, args, { env: { GCM_INTERACTIVE: 'never' } });
  if (r.code === 0) return r.stdout;
  if (r.spawnError?.code === 'ENOENT') throw new RepoFailure('git is not installed (or not on PATH)');
  const lines = `${r.stderr}\n${r.spawnError?.message ?? ''}`.split('\n').map((l) => l.trim());
  // The cause, not its echoes: which of git's processes reports first is a race, so the generic
  // "hung up" lines would make the reason (and the merged report) differ from run to run.
  const errors = lines.filter((l) => /^(fatal|error):/i.test(l));
  const line =
    errors.find((l) => !GENERIC.test(l)) ??
    errors[0] ??
    lines.find((l) => l !== '' && !/^(hint|warning|Command failed):?/i.test(l)) ??
    'git failed';
  // upload-pack's own words and fetch's echo of them ("remote error: …") read the same.
  throw new RepoFailure(line.replace(/^(fatal|error): /i, '').replace(/^remote error: /i, '').replace(/^git (upload-pack|receive-pack)\b/, '$1'));
}

async function removeLocks(dir: string): Promise<void> {
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (entry.name.endsWith('.lock')) await rm(p, { force: true });
    }
  };
  for (const name of ['HEAD.lock', 'config.lock', 'packed-refs.lock', 'shallow.lock', 'FETCH_HEAD.lock']) {
    await rm(path.join(dir, name), { force: true });
  }
  await walk(path.join(dir, 'refs'));
}

async function isBareRepo(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return false;
  try {
    return (await git(dir, ['rev-parse', '--is-bare-repository'])).trim() === 'true';
  } catch {
    return false;
  }
}

async function fetch(dir: string, location: string): Promise<void> {
  await git(dir, ['fetch', '--quiet', '--prune', '--no-tags', '--no-write-fetch-head', location, ...REFSPECS]);
}

/** Clones or fetches the repository into the cache; returns the mirror's directory. */
export async function syncMirror(cacheDir: string, repo: FleetRepo): Promise<string> {
  const dir = path.join(cacheDir, `${repo.id}.git`);
  const failing = (err: unknown): never => {
    const message = err instanceof Error ? err.message : String(err);
    // Reports compare across machines: no cache paths in them, and never a credential.
    const local = message.split(`${dir}.tmp-${process.pid}`).join('<mirror>').split(dir).join('<mirror>');
    throw new RepoFailure(maskText(local.split(repo.location).join(repo.identity)));
  };
  try {
    if (existsSync(path.join(dir, 'HEAD'))) {
      await removeLocks(dir);
      try {
        await fetch(dir, repo.location);
        return dir;
      } catch (err) {
        // A mirror a killed run or a full disk left broken is cloned again; a remote that fails fails.
        if (await isBareRepo(dir)) throw err;
      }
    }
    await rm(dir, { recursive: true, force: true });
    const tmp = `${dir}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    try {
      await git(cacheDir, ['init', '--quiet', '--bare', tmp]);
      await fetch(tmp, repo.location);
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      throw err;
    }
    await rename(tmp, dir);
    return dir;
  } catch (err) {
    return failing(err);
  }
}

/** Leftover temporary clones of killed runs. */
export async function removeStaleClones(cacheDir: string): Promise<void> {
  for (const name of await readdir(cacheDir).catch(() => [] as string[])) {
    if (/\.git\.tmp-\d+$/.test(name)) await rm(path.join(cacheDir, name), { recursive: true, force: true });
  }
}

/** Ref → object id of every branch and tag in the mirror. */
export async function refTips(dir: string): Promise<Record<string, string>> {
  const out = await git(dir, ['for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads', 'refs/tags']);
  const tips: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const i = line.indexOf(' ');
    if (i > 0) tips[line.slice(i + 1)] = line.slice(0, i);
  }
  return tips;
}

/** The subset of `ids` the mirror still holds (a force-push and a gc can drop an old tip). */
export async function present(dir: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const r = await runGit(dir, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], { input: ids.join('\n') + '\n' });
  if (r.spawnError) throw r.spawnError;
  const found = new Set(r.stdout.split('\n').filter((l) => !l.endsWith('missing')).map((l) => l.split(' ')[0]));
  return ids.filter((id) => found.has(id));
}
