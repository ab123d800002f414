// The baseline: a committed file of already-known findings, keyed by rule id + secret hash + path.
// No line, no timestamp, no secret; sorted and one entry per line, so regenerating it on an unchanged
// tree changes no byte and two branches rarely conflict.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { BaselineEntry, Finding, RuleId } from '../core/types.js';
import { errorCode } from '../fs-util.js';
import { displayPath } from '../paths.js';
import { parseJson } from './json.js';

export const BASELINE_VERSION = 1;

const SEPARATOR = '\u0000';
const keyOf = (e: { ruleId: string; secretHash: string; file: string }): string =>
  `${e.file}${SEPARATOR}${e.ruleId}${SEPARATOR}${e.secretHash}`;

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
    unique.set(keyOf(entry), entry);
  }
  return [...unique.values()].sort(byKey);
}

/** The file text: stable key order, one entry per line, trailing newline. */
export function formatBaseline(entries: readonly BaselineEntry[]): string {
  const lines = [...entries]
    .sort(byKey)
    .map((e) => `    ${JSON.stringify({ file: e.file, ruleId: e.ruleId, secretHash: e.secretHash })}`);
  const list = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`;
  return `{\n  "version": ${BASELINE_VERSION},\n  "entries": ${list}\n}\n`;
}

export async function writeBaseline(file: string, findings: readonly Finding[], cwd = process.cwd()): Promise<number> {
  const path = resolve(cwd, file);
  const entries = baselineEntries(findings);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, formatBaseline(entries));
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
    const { file, ruleId, secretHash } = raw as Record<string, unknown>;
    if (typeof file !== 'string' || file === '') fail(`${at}/file must be a non-empty string`);
    if (typeof ruleId !== 'string' || ruleId === '') fail(`${at}/ruleId must be a non-empty string`);
    if (typeof secretHash !== 'string' || !/^[0-9a-f]{64}$/.test(secretHash)) {
      fail(`${at}/secretHash must be 64 lowercase hex characters`);
    }
    // An unknown rule id (say, a rule since renamed) cannot match and will be listed as stale.
    return { file: file as string, ruleId: ruleId as RuleId, secretHash: secretHash as string };
  });
}

export interface BaselineOutcome {
  /** Findings not in the baseline: these decide the exit code. */
  findings: Finding[];
  /** Entries that matched nothing in this scan, sorted. */
  stale: BaselineEntry[];
}

export function applyBaseline(findings: readonly Finding[], entries: readonly BaselineEntry[]): BaselineOutcome {
  const known = new Map(entries.map((e) => [keyOf(e), e] as const));
  const used = new Set<string>();
  const fresh: Finding[] = [];
  for (const f of findings) {
    const key = keyOf(f);
    if (known.has(key)) used.add(key);
    else fresh.push(f);
  }
  const stale = [...known.entries()].filter(([key]) => !used.has(key)).map(([, e]) => e).sort(byKey);
  return { findings: fresh, stale };
}
