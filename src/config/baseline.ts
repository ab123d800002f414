// The baseline: a committed file of already-known findings, keyed by rule id + secret hash + path.
// No line, no timestamp, no secret; sorted and one entry per line, so regenerating it on an unchanged
// tree changes no byte and two branches rarely conflict.
//
// A path that holds a key is stored masked, with `pathHash` (the sha256 of the real path) beside it, so
// the entry still names exactly one file and the file never holds a key. The field is optional and
// additive (still version 1); an older entry that recorded such a path in clear still matches.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { sha256Hex } from '../core/index.js';
import type { BaselineEntry, Finding, RuleId } from '../core/types.js';
import { errorCode } from '../fs-util.js';
import { displayPath } from '../paths.js';
import { parseJson } from './json.js';
import { writeUserFile } from './write-file.js';

export const BASELINE_VERSION = 1;

const SEPARATOR = '\u0000';
const keyOf = (e: { ruleId: string; secretHash: string; file: string; pathHash?: string | undefined }): string =>
  `${e.file}${SEPARATOR}${e.ruleId}${SEPARATOR}${e.secretHash}${e.pathHash ? `${SEPARATOR}${e.pathHash}` : ''}`;
const byPathHash = (pathHash: string, e: { ruleId: string; secretHash: string }): string =>
  `${pathHash}${SEPARATOR}${e.ruleId}${SEPARATOR}${e.secretHash}`;

// Code-unit order, not localeCompare: the file must not depend on the machine's locale.
const byKey = (a: BaselineEntry, b: BaselineEntry): number => {
  const ka = keyOf(a);
  const kb = keyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** The deduplicated, sorted entries for these findings (history finds one key in many commits). */
export function baselineEntries(findings: readonly Finding[]): BaselineEntry[] {
  const unique = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const entry: BaselineEntry = { ruleId: f.ruleId, secretHash: f.secretHash, file: f.file };
    if (f.pathHash) entry.pathHash = f.pathHash;
    unique.set(keyOf(entry), entry);
  }
  return [...unique.values()].sort(byKey);
}

/** The file text: stable key order, one entry per line, trailing newline. */
export function formatBaseline(entries: readonly BaselineEntry[]): string {
  const lines = [...entries]
    .sort(byKey)
    .map((e) => {
      const fields = { file: e.file, ...(e.pathHash && { pathHash: e.pathHash }), ruleId: e.ruleId, secretHash: e.secretHash };
      return `    ${JSON.stringify(fields)}`;
    });
  const list = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`;
  return `{\n  "version": ${BASELINE_VERSION},\n  "entries": ${list}\n}\n`;
}

/** Writes the baseline; `mask` is the scan's output masker (the file is output too). */
export async function writeBaseline(
  file: string,
  findings: readonly Finding[],
  cwd = process.cwd(),
  mask: (text: string) => string = (text) => text,
): Promise<number> {
  const path = resolve(cwd, file);
  const entries = baselineEntries(findings);
  try {
    await writeUserFile(path, mask(formatBaseline(entries)));
  } catch (err) {
    throw new ConfigError(`${displayPath(path, cwd)}: cannot write the baseline (${errorCode(err)})`);
  }
  return entries.length;
}

export async function readBaseline(file: string, cwd = process.cwd()): Promise<BaselineEntry[]> {
  const path = resolve(cwd, file);
  const label = displayPath(path, cwd);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${label}: cannot read the baseline (${errorCode(err)})`);
  }
  return parseBaseline(text, label);
}

/** Parses and checks a baseline file's text; throws ConfigError naming `label` and the field. */
export function parseBaseline(text: string, label: string): BaselineEntry[] {
  const data = parseJson(text, label);
  const fail = (what: string): never => {
    throw new ConfigError(`${label}: ${what}`);
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail('is not a baseline (expected a JSON object)');
  const { version, entries } = data as { version?: unknown; entries?: unknown };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    fail('/version must be a positive integer (is this a pinecall-scan baseline?)');
  }
  if ((version as number) > BASELINE_VERSION) {
    fail(`was written by a newer pinecall-scan (baseline version ${version}; this one reads version ${BASELINE_VERSION}): upgrade pinecall-scan`);
  }
  if (!Array.isArray(entries)) fail('/entries must be an array');
  return (entries as unknown[]).map((raw, i) => {
    const at = `/entries/${i}`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`${at} must be an object`);
    const { file, ruleId, secretHash, pathHash } = raw as Record<string, unknown>;
    if (typeof file !== 'string' || file === '') fail(`${at}/file must be a non-empty string`);
    if (typeof ruleId !== 'string' || ruleId === '') fail(`${at}/ruleId must be a non-empty string`);
    if (typeof secretHash !== 'string' || !/^[0-9a-f]{64}$/.test(secretHash)) {
      fail(`${at}/secretHash must be 64 lowercase hex characters`);
    }
    if (pathHash !== undefined && (typeof pathHash !== 'string' || !/^[0-9a-f]{64}$/.test(pathHash))) {
      fail(`${at}/pathHash must be 64 lowercase hex characters`);
    }
    // An unknown rule id (say, a rule since renamed) cannot match and will be listed as stale.
    const entry: BaselineEntry = { file: file as string, ruleId: ruleId as RuleId, secretHash: secretHash as string };
    if (pathHash !== undefined) entry.pathHash = pathHash as string;
    return entry;
  });
}

export interface BaselineOutcome {
  /** Findings not in the baseline: these decide the exit code. */
  findings: Finding[];
  /** Entries that matched nothing in this scan, sorted. */
  stale: BaselineEntry[];
}

/**
 * A finding matches an entry with its rule, key hash and path: the path as shown, or — when the
 * finding's path was masked — the real path's hash (a version 2 entry) or the real path itself (an
 * older entry that recorded it in clear).
 */
export function applyBaseline(findings: readonly Finding[], entries: readonly BaselineEntry[]): BaselineOutcome {
  const byShownPath = new Map<string, BaselineEntry>();
  const byRealPath = new Map<string, BaselineEntry>();
  for (const e of entries) {
    if (e.pathHash) byRealPath.set(byPathHash(e.pathHash, e), e);
    else {
      byShownPath.set(keyOf(e), e);
      byRealPath.set(byPathHash(sha256Hex(e.file), e), e);
    }
  }
  const used = new Set<BaselineEntry>();
  const fresh: Finding[] = [];
  for (const f of findings) {
    const entry = f.pathHash
      ? (byRealPath.get(byPathHash(f.pathHash, f)) ?? byShownPath.get(keyOf({ ...f, pathHash: undefined })))
      : byShownPath.get(keyOf(f));
    if (entry) used.add(entry);
    else fresh.push(f);
  }
  const stale = [...new Map(entries.filter((e) => !used.has(e)).map((e) => [keyOf(e), e] as const)).values()].sort(byKey);
  return { findings: fresh, stale };
}
