// One file per repository in `--out DIR/repos/`: its findings and the ref tips they cover (the state
// the next run starts from), written to a temporary file and renamed, so a run killed at any moment
// leaves either the previous record or the new one, never half of one.
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JsonFinding } from '../../report/json.js';

export const RECORD_VERSION = 1;

export interface RepoRecord {
  version: typeof RECORD_VERSION;
  repository: string;
  id: string;
  status: 'ok' | 'failed';
  /** Why the last attempt failed (one line, masked). Earlier findings and tips are kept. */
  reason?: string;
  /** Ref → object id: what the findings cover. The next run scans `<new tips> --not <these>`. */
  tips: Record<string, string>;
  findings: JsonFinding[];
  skipped: { file: string; reason: string }[];
  /** Totals over every scan of this repository. */
  stats: { commits: number; files: number; bytes: number };
  /** How many scans read this repository's commits (a resumed run does not rescan finished ones). */
  scans: number;
  /** The last scan: commits read and findings it added. */
  lastScan?: { commits: number; newFindings: number };
}

export const recordsDir = (out: string): string => path.join(out, 'repos');
const recordPath = (out: string, id: string): string => path.join(recordsDir(out), `${id}.json`);

export async function readRecord(out: string, id: string): Promise<RepoRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(recordPath(out, id), 'utf8')) as RepoRecord;
    return record.version === RECORD_VERSION ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Atomic: a temporary file in the same directory, then rename. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

export async function writeRecord(out: string, record: RepoRecord): Promise<void> {
  await writeAtomic(recordPath(out, record.id), JSON.stringify(record, null, 2) + '\n');
}

/** Every record in an `--out` directory (for merge). Throws on a record that is not one. */
export async function readRecords(out: string): Promise<RepoRecord[]> {
  const dir = recordsDir(out);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const records: RepoRecord[] = [];
  for (const name of names) {
    const record = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as RepoRecord;
    if (record.version !== RECORD_VERSION || typeof record.repository !== 'string' || !Array.isArray(record.findings)) {
      throw new Error(`${name} is not a pinecall-scan fleet record`);
    }
    records.push(record);
  }
  return records;
}

/** The order findings keep in a record: file, line, column, commit, then rule and hash (total). */
export function compareJsonFindings(a: JsonFinding, b: JsonFinding): number {
  const keys: [string | number, string | number][] = [
    [a.file, b.file],
    [a.line, b.line],
    [a.column, b.column],
    [a.commit ?? '', b.commit ?? ''],
    [a.ruleId, b.ruleId],
    [a.secretHash, b.secretHash],
  ];
  for (const [x, y] of keys) if (x !== y) return x < y ? -1 : 1;
  return 0;
}
