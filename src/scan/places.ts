// Where each finding sits, as git sees it (tracked, ignored, history only), so the remedy fits the
// place. Runs only when there are findings; outside a git repository every place is 'unknown'.
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { toPosixPath } from '../paths.js';
import type { Finding, ScanResult } from '../core/types.js';
import { isEnvFile, remedyFor, type GitPlace } from '../report/remedies.js';
import { gitAnswer as git, workTreeTop } from '../sources/git-repo.js';

const CHUNK = 200;

const splitZ = (out: string | undefined): string[] => (out ?? '').split('\0').filter(Boolean);

async function inChunks(paths: string[], query: (chunk: string[]) => Promise<string[]>): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < paths.length; i += CHUNK) for (const p of await query(paths.slice(i, i + CHUNK))) out.add(p);
  return out;
}

/** Is the key still in the working-tree file (history findings)? */
async function stillInFile(abs: string, finding: Finding): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch {
    return false;
  }
  if (text.includes(finding.secret)) return true;
  return finding.encoding === 'base64' && text.includes(Buffer.from(finding.secret).toString('base64'));
}

/**
 * The place of every finding. `root` is the directory finding paths are relative to (the working
 * directory for file scans, the repository's top level for history and staged scans).
 */
export async function findPlaces(result: ScanResult, root: string): Promise<Map<Finding, GitPlace>> {
  const places = new Map<Finding, GitPlace>();
  for (const f of result.findings) places.set(f, 'unknown');
  if (result.findings.length === 0 || result.mode === 'stdin') return places;
  const top = await workTreeTop(root);
  if (!top) return places;

  const inRepo = new Map<Finding, string>();
  for (const f of result.findings) {
    // A key inside an archive sits, as far as git knows, in the archive.
    const rel = toPosixPath(relative(top, resolve(root, f.archive ?? f.file)));
    if (rel !== '' && !rel.startsWith('../')) inRepo.set(f, rel);
  }
  if (result.mode === 'staged') {
    for (const f of inRepo.keys()) places.set(f, 'staged');
    return places;
  }

  // History findings whose key is gone from the working tree are "history only"; the rest are judged
  // like a file scan's.
  const current: Finding[] = [];
  for (const [f, rel] of inRepo) {
    if (result.mode === 'history' && !(await stillInFile(resolve(top, rel), f))) places.set(f, 'history-only');
    else current.push(f);
  }
  if (current.length === 0) return places;

  const paths = [...new Set(current.map((f) => inRepo.get(f)!))];
  const tracked = await inChunks(paths, async (chunk) =>
    splitZ(await git(top, ['ls-files', '-z', '--full-name', '--', ...chunk.map((p) => `:(literal)${p}`)])),
  );
  const envCandidates = paths.filter((p) => !tracked.has(p) && isEnvFile(p));
  const ignored = new Set(
    envCandidates.length === 0 ? [] : splitZ(await git(top, ['check-ignore', '--stdin', '-z'], envCandidates.join('\0') + '\0')),
  );
  for (const f of current) {
    const rel = inRepo.get(f)!;
    if (tracked.has(rel)) places.set(f, 'tracked');
    else if (isEnvFile(rel)) places.set(f, ignored.has(rel) ? 'ignored-env' : 'unignored-env');
  }
  return places;
}

/**
 * `ScanResult.remedies`: a remedy per fingerprint that fits where the key sits; and
 * `ScanResult.historyOnly`: the history findings whose key the working tree no longer holds.
 */
export async function placeRemedies(
  result: ScanResult,
  root: string,
): Promise<{ remedies: Record<string, string>; historyOnly: Record<string, true> }> {
  const remedies: Record<string, string> = {};
  const historyOnly: Record<string, true> = {};
  for (const [finding, place] of await findPlaces(result, root)) {
    // History can hold one key at one path in many commits; the first place decides.
    remedies[finding.fingerprint] ??= remedyFor(finding, place);
    if (place === 'history-only') historyOnly[finding.fingerprint] = true;
  }
  return { remedies, historyOnly };
}
