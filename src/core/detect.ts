// The detector: pure and synchronous. keyword gate → regex → shape/entropy → placeholder check.
import { ALLOW_MARKER, lineAllows } from './allow-comments.js';
import { isClientServed } from './client-places.js';
import { shannonEntropy } from './entropy.js';
import { fingerprintOf, sha256Hex } from './fingerprint.js';
import { kubernetesSecretValues, mightBeKubernetesSecret } from './k8s-secret.js';
import { LineIndex } from './location.js';
import { clientExposureAt, isTestPlace } from './places.js';
import { CONTEXT_RULE, KEY_PREFIXES, LAST_CHARS_32_BYTES, LEGACY_PREFIX, SHAPE_RULES, type Binder, type ShapeRule } from './patterns.js';
import { isMostlyPlaceholder, looksLikeSecretValue } from './placeholders.js';
import { ownString } from './own-string.js';
import { maskSecret } from './redact.js';
import type { Confidence, Finding, Fragment, KeyEnv, RuleId, SuppressionKind } from './types.js';

export interface DetectOptions {
  disabledRules?: readonly RuleId[];
  /** Config allow-list: return true to drop a finding. */
  allow?: (secret: string, secretHash: string) => boolean;
  /** Honour `pinecall-scan:allow` on the key's line (default true). */
  inlineAllow?: boolean;
  /** Told of each finding an inline marker or the allow-list drops, so reports can count them. */
  onSuppressed?: (finding: Finding, by: Exclude<SuppressionKind, 'baseline'>) => void;
}

interface Hit {
  ruleId: RuleId;
  start: number;
  end: number;
  secret: string;
  confidence: Confidence;
  env?: KeyEnv;
  encoding?: 'base64';
}

const PINECALL = /pinecall/i;
const PINECALL_HOST = /pinecall\.io/i;
export const PINECALL_FILES = /(?:^|\/)\.pinecall\/(?:credentials|session\.json|dev)$/;
// Unquoted right-hand sides in program source are expressions, not values.
const SOURCE_CODE = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|kts|cs|php|rs|swift|scala|dart|vue|svelte|astro)$/i;
const EXPRESSION_BINDERS = new Set(['assignment', 'generic-name-near-pinecall', 'env-default']);
// Values in a known shape belong to the shape rules; a `pk_` value of another length is an older key.
const PINECALL_SHAPED = KEY_PREFIXES.filter((p) => p !== LEGACY_PREFIX);
const OLDER_KEY_MIN_BODY = 20;
// Stripe and Clerk publishable keys: only a Pinecall *name* makes them Pinecall's.
const FOREIGN_PK = SHAPE_RULES.filter((r) => r.prefixes.includes(LEGACY_PREFIX)).flatMap((r) =>
  (r.foreignBodyPrefixes ?? []).map((body) => LEGACY_PREFIX + body),
);
// Short-lived one-use words and LiveKit JWTs are low value; key ids and org ids are not secrets.
const NOT_WORTH_REPORTING = [
  /^eyJ[\w-]{0,2048}\.[\w-]{0,4096}\.[\w-]{0,2048}$/,
  /^(?:lc|cli)_[A-Za-z0-9_-]{32}$/,
  /^k_[0-9a-f]{16}$/,
  /^org_[A-Za-z0-9_-]{1,64}$/,
];
// Wider than any binder's reach (300 before / 100 after for names, 400 / 200 for hosts).
const WINDOW = 500;

/**
 * `pc_` or `pk_` anywhere. Hopping between underscores is ~7x faster than searching for either
 * three-character string: "_" is rarer than "p" or "c" in most text.
 */
function hasKeyPrefix(text: string): boolean {
  for (let i = text.indexOf('_'); i !== -1; i = text.indexOf('_', i + 1)) {
    if (text.charCodeAt(i - 2) === 0x70) {
      const c = text.charCodeAt(i - 1);
      if (c === 0x63 || c === 0x6b) return true;
    }
  }
  return false;
}

/** Cheap pre-check: can this text hold a finding at all? */
export function hasKeyword(text: string): boolean {
  return hasKeyPrefix(text) || PINECALL.test(text) || mightBeKubernetesSecret(text);
}

// Own copies, so the rule's shared regexes keep their lastIndex; without the `d` flag, whose
// indices arrays cost an allocation per match though most matches are rejected.
const BINDERS: readonly (Binder & { re: RegExp; expression: boolean })[] = CONTEXT_RULE.binders.map((b) => ({
  ...b,
  re: new RegExp(b.regex.source, b.regex.flags.replace('d', '')),
  expression: EXPRESSION_BINDERS.has(b.name),
}));

export type ValueGroup = 'dq' | 'sq' | 'bq' | 'bare';

/** Which of a binder's value groups matched (a plain chain: this runs for every binder match). */
export function valueGroupOf(groups: Record<string, string | undefined> | undefined): ValueGroup | undefined {
  if (groups === undefined) return undefined;
  if (groups.dq !== undefined) return 'dq';
  if (groups.sq !== undefined) return 'sq';
  if (groups.bq !== undefined) return 'bq';
  if (groups.bare !== undefined) return 'bare';
  return undefined;
}

/**
 * Where a binder's value ends. Every binder regex ends with its value group, followed only by the
 * closing quote of a quoted value (test/core/binder-spans.test.ts holds each binder to this).
 */
export function valueEndOf(m: RegExpExecArray, group: ValueGroup): number {
  return m.index + m[0].length - (group === 'bare' ? 0 : 1);
}

function near(text: string, start: number, end: number, re: RegExp, before: number, after: number): boolean {
  return re.test(text.slice(Math.max(0, start - before), Math.min(text.length, end + after)));
}

function validShape(rule: ShapeRule, key: string): { ok: boolean; prefix: string } {
  const prefix = rule.prefixes.find((p) => key.startsWith(p)) ?? '';
  const body = key.slice(prefix.length);
  if (body.length !== rule.bodyLength) return { ok: false, prefix };
  if (rule.lastCharCheck && !LAST_CHARS_32_BYTES.includes(body[body.length - 1]!)) return { ok: false, prefix };
  if (rule.foreignBodyPrefixes?.some((p) => body.startsWith(p))) return { ok: false, prefix };
  if (shannonEntropy(body) < rule.minEntropy || isMostlyPlaceholder(body)) return { ok: false, prefix };
  return { ok: true, prefix };
}

export interface ShapeScan {
  rule: ShapeRule;
  /** What every prefix of the rule starts with. */
  lead: string;
  sticky: RegExp;
}

function commonStart(words: readonly string[]): string {
  let lead = words[0] ?? '';
  for (const w of words) while (!w.startsWith(lead)) lead = lead.slice(0, -1);
  return lead;
}

/**
 * A shape regex opens with look-behinds, so V8 tries it at every position of the text. Its match
 * always starts at one of the rule's prefixes, so trying a sticky copy only where their common
 * start occurs finds the same matches (test/core/shape-scan.test.ts compares the two).
 */
export const SHAPE_SCANS: readonly ShapeScan[] = SHAPE_RULES.map((rule) => ({
  rule,
  lead: commonStart(rule.prefixes),
  sticky: new RegExp(rule.regex.source, rule.regex.flags.replace('g', '') + 'y'),
}));

/** What `rule.regex.exec(text)` with lastIndex `from` returns. */
export function nextShapeMatch(scan: ShapeScan, text: string, from: number): RegExpExecArray | null {
  for (let at = text.indexOf(scan.lead, from); at !== -1; at = text.indexOf(scan.lead, at + 1)) {
    scan.sticky.lastIndex = at;
    const m = scan.sticky.exec(text);
    if (m) return m;
  }
  return null;
}

function shapeHits(text: string, contextNear: (s: number, e: number) => boolean): Hit[] {
  const hits: Hit[] = [];
  for (const scan of SHAPE_SCANS) {
    const rule = scan.rule;
    // Matches are never empty, so the next search starts where this match ends, as a global regex's would.
    for (let m = nextShapeMatch(scan, text, 0); m; m = nextShapeMatch(scan, text, m.index + m[0].length)) {
      const key = m[1]!;
      const { ok, prefix } = validShape(rule, key);
      if (!ok) continue;
      const start = m.index + m[0].indexOf(key);
      const end = start + key.length;
      const confidence =
        rule.confidenceWithoutContext && !contextNear(start, end) ? rule.confidenceWithoutContext : rule.confidence;
      const hit: Hit = { ruleId: rule.id, start, end, secret: key, confidence };
      const env = rule.envs?.[prefix];
      if (env) hit.env = env;
      hits.push(hit);
    }
  }
  return hits;
}

/**
 * Every binder needs "pinecall" within a few hundred characters (in the name, the host or nearby),
 * so binders run only on windows of whole lines around its occurrences: cheap on large files.
 */
function pinecallWindows(text: string): [number, number][] {
  const windows: [number, number][] = [];
  const finder = /pinecall/gi;
  for (let m = finder.exec(text); m; m = finder.exec(text)) {
    const from = Math.max(0, m.index - WINDOW);
    const to = Math.min(text.length, m.index + WINDOW);
    const start = text.lastIndexOf('\n', from) + 1;
    const nl = text.indexOf('\n', to);
    const end = nl === -1 ? text.length : nl;
    const last = windows[windows.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else windows.push([start, end]);
    finder.lastIndex = Math.max(finder.lastIndex, end - 8);
  }
  return windows;
}

function contextHits(text: string, path: string, pathIsPinecall: boolean, manifestNear: boolean): Hit[] {
  const whole = pathIsPinecall || manifestNear;
  const windows: [number, number][] = whole ? [[0, text.length]] : pinecallWindows(text);
  const hits: Hit[] = [];
  for (const [from, to] of windows) {
    const slice = from === 0 && to === text.length ? text : text.slice(from, to);
    for (const hit of bindersIn(slice, path, whole)) hits.push({ ...hit, start: hit.start + from, end: hit.end + from });
  }
  return hits;
}

/** A value bound by a binder is a secret: random-looking, or an older `pk_` key with a random body. */
function isBoundSecret(value: string, binder: Binder): boolean {
  if (PINECALL_SHAPED.some((p) => value.startsWith(p)) || NOT_WORTH_REPORTING.some((re) => re.test(value))) return false;
  if (!value.startsWith(LEGACY_PREFIX)) return looksLikeSecretValue(value);
  if (binder.requires && FOREIGN_PK.some((p) => value.startsWith(p))) return false;
  return looksLikeSecretValue(value.slice(LEGACY_PREFIX.length), OLDER_KEY_MIN_BODY);
}

function bindersIn(text: string, path: string, contextGiven: boolean): Hit[] {
  const hits: Hit[] = [];
  const isSource = SOURCE_CODE.test(path);
  for (const binder of BINDERS) {
    binder.re.lastIndex = 0;
    for (let m = binder.re.exec(text); m; m = binder.re.exec(text)) {
      const which = valueGroupOf(m.groups);
      if (which === undefined) continue;
      if (which === 'bare' && isSource && binder.expression) continue;
      const value = m.groups![which]!;
      const end = valueEndOf(m, which);
      const start = end - value.length;
      if (binder.requires === 'pinecall-near' && !contextGiven && !near(text, start, end, PINECALL, 300, 100)) continue;
      if (binder.requires === 'pinecall-host-near' && !near(text, start, end, PINECALL_HOST, 400, 200)) continue;
      if (!isBoundSecret(value, binder)) continue;
      hits.push({ ruleId: CONTEXT_RULE.id, start, end, secret: value, confidence: CONTEXT_RULE.confidence });
    }
  }
  return hits;
}

function rawHits(text: string, path: string, manifestNear = false): Hit[] {
  const pathIsPinecall = PINECALL_FILES.test(path);
  const contextNear = (s: number, e: number): boolean =>
    pathIsPinecall || manifestNear || near(text, s, e, PINECALL, 300, 100);
  return [...shapeHits(text, contextNear), ...contextHits(text, path, pathIsPinecall, manifestNear)];
}

function encodedHits(text: string, path: string): Hit[] {
  const hits: Hit[] = [];
  const manifestNear = PINECALL.test(text);
  for (const value of kubernetesSecretValues(text)) {
    const inner = `${value.name}=${value.decoded}`;
    for (const hit of rawHits(inner, path, manifestNear)) {
      hits.push({ ...hit, start: value.start, end: value.end, encoding: 'base64' });
    }
  }
  return hits;
}

/**
 * Keeps one hit per span: shape rules win over the context rule, earlier over overlapping later.
 * A sweep in start order: the kept hits never overlap, so a new hit can only clash with the last one.
 */
function dedupe(hits: Hit[]): Hit[] {
  const rank = (h: Hit): number => (h.ruleId === CONTEXT_RULE.id ? 1 : 0);
  const sorted = [...hits].sort((a, b) => a.start - b.start || rank(a) - rank(b) || b.end - a.end);
  const kept: Hit[] = [];
  for (const hit of sorted) {
    const last = kept[kept.length - 1];
    if (!last || last.end <= hit.start) kept.push(hit);
    else if (rank(last) > rank(hit)) kept[kept.length - 1] = hit;
  }
  return kept;
}

/** Where the key sits, for its advice: a browser-bound name, or a production key in a test place. */
function placeOf(hit: Hit, fragment: Fragment): Pick<Finding, 'exposure' | 'placeHint'> {
  const out: Pick<Finding, 'exposure' | 'placeHint'> = {};
  if (clientExposureAt(fragment.path, fragment.text, hit.start)) out.exposure = 'client';
  if (hit.env === 'production' && isTestPlace(fragment.path, fragment.text, hit.start)) out.placeHint = 'production-key-in-test-place';
  return out;
}

/** Drops hits on lines that carry the allow marker: one look per line, however many hits it holds. */
function withoutAllowedLines(hits: Hit[], index: LineIndex, onDropped: (hit: Hit) => void): Hit[] {
  const verdicts = new Map<number, boolean>();
  return hits.filter((h) => {
    const line = index.lineIndexOf(h.start);
    let allowed = verdicts.get(line);
    if (allowed === undefined) verdicts.set(line, (allowed = lineAllows(index.lineText(h.start))));
    if (allowed) onDropped(h);
    return !allowed;
  });
}

function toFinding(hit: Hit, fragment: Fragment, index: LineIndex): Finding {
  const from = index.position(hit.start);
  const to = index.position(hit.end);
  const secretHash = sha256Hex(hit.secret);
  const file = ownString(fragment.path);
  const finding = {
    ruleId: hit.ruleId,
    confidence: hit.confidence,
    description: CONTEXT_RULE.id === hit.ruleId ? CONTEXT_RULE.title : SHAPE_RULES.find((r) => r.id === hit.ruleId)!.title,
    file,
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
    start: hit.start,
    end: hit.end,
    match: maskSecret(hit.secret),
    secretHash,
    fingerprint: fingerprintOf(hit.ruleId, secretHash, file),
    ...(hit.env ? { env: hit.env } : {}),
    ...(hit.encoding ? { encoding: hit.encoding } : {}),
    ...placeOf(hit, fragment),
    ...(fragment.commit ? { commit: ownString(fragment.commit) } : {}),
    ...(fragment.author ? { author: ownString(fragment.author) } : {}),
    ...(fragment.date ? { date: ownString(fragment.date) } : {}),
  } as Finding;
  Object.defineProperty(finding, 'secret', { value: ownString(hit.secret), enumerable: false });
  return finding;
}

export function detect(fragment: Fragment, options: DetectOptions = {}): Finding[] {
  const { text, path } = fragment;
  if (!hasKeyword(text)) return [];
  let hits = dedupe([...rawHits(text, path), ...encodedHits(text, path)]);
  if (hits.length === 0) return [];
  const disabled = options.disabledRules;
  if (disabled?.length) hits = hits.filter((h) => !disabled.includes(h.ruleId));
  const index = new LineIndex(text, fragment.startLine ?? 1, fragment.lineMap);
  const onSuppressed = options.onSuppressed;
  if (options.inlineAllow !== false && text.includes(ALLOW_MARKER)) {
    hits = withoutAllowedLines(hits, index, (h) => onSuppressed?.(toFinding(h, fragment, index), 'inline'));
  }
  const findings = hits.map((h) => toFinding(h, fragment, index));
  if (isClientServed(path, text)) for (const f of findings) f.exposure = 'client';
  if (!options.allow) return findings;
  return findings.filter((f) => {
    if (!options.allow!(f.secret, f.secretHash)) return true;
    onSuppressed?.(f, 'config');
    return false;
  });
}
