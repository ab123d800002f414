// The fleet's repository list: one clone URL or local path per line (`#` comments, blank lines).
// A repository is known by its identity — the line with any URL userinfo removed — so shards, result
// files and reports never depend on a credential, and never show one.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { redactSecrets } from '../../core/index.js';
import { UsageError } from '../../errors.js';

export interface FleetRepo {
  /** What reports show and shards hash: the URL without userinfo, or the path as written. */
  identity: string;
  /** File-name-safe and unique: `<name>-<hash of identity>`. */
  id: string;
  /** What git fetches from: the URL as written (userinfo included), or the path made absolute. */
  location: string;
}

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi;

/** Masks URL userinfo (`https://token@host` → `https://***@host`) and keys in any text. */
export function maskText(text: string): string {
  return redactSecrets(text.replace(URL_USERINFO, '$1***@'));
}

const isUrl = (line: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(line) || /^[^/\s]+@[^/\s:]+:/.test(line);

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function toFleetRepo(line: string, baseDir: string): FleetRepo {
  const identity = line.replace(URL_USERINFO, '$1');
  const name = (identity.replace(/[/\\]+$/, '').split(/[/\\:]/).pop() ?? 'repo').replace(/\.git$/, '');
  const slug = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 40) || 'repo';
  return {
    identity,
    id: `${slug}-${hashOf(identity).slice(0, 12)}`,
    location: isUrl(line) ? line : path.resolve(baseDir, line),
  };
}

/** Reads the list; relative paths in it are relative to the list file. Duplicates count once. */
export async function readFleetList(file: string, cwd: string): Promise<FleetRepo[]> {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the repository list ${maskText(file)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const repos = new Map<string, FleetRepo>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('-')) throw new UsageError(`the repository list holds a line starting with '-': ${maskText(line)}`);
    const repo = toFleetRepo(line, path.dirname(abs));
    if (!repos.has(repo.identity)) repos.set(repo.identity, repo);
  }
  return [...repos.values()];
}
