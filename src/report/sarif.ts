// SARIF 2.1.0 report, shaped for GitHub code scanning: one rule per rule id with help text, one
// result per finding with a region, a masked snippet and a partial fingerprint.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
import { name as TOOL_NAME, version as TOOL_VERSION } from '../../package.json';
import { RULE_DOCS } from '../core/patterns.js';
import { remedyByLanguage, remedyIn } from './remedies.js';
import {
  RULE_IDS,
  type Confidence,
  type Finding,
  type Reporter,
  type RuleId,
  type ScanResult,
  type SuppressionKind,
} from '../core/types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Root of the relative `artifactLocation.uri`s (GitHub resolves it to the checkout). */
export const SRCROOT = '%SRCROOT%';
/** Bump the suffix if the fingerprint's recipe ever changes, so code scanning does not mix the two. */
export const FINGERPRINT_KEY = 'pinecallFingerprint/v1';

const SUPPRESSION: Record<SuppressionKind, { kind: 'inSource' | 'external'; status: 'accepted'; justification: string }> = {
  inline: { kind: 'inSource', status: 'accepted', justification: 'pinecall-scan:allow comment on the line' },
  config: { kind: 'external', status: 'accepted', justification: 'project config (allow or ignorePaths)' },
  baseline: { kind: 'external', status: 'accepted', justification: 'known key recorded in the baseline' },
};

const LEVEL: Record<Confidence, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };

// GitHub's severity scale (critical ≥ 9.0, high ≥ 7.0): a live key is critical, a guess from
// context is high.
const SECURITY_SEVERITY: Record<RuleId, string> = {
  'pinecall-api-key': '9.5',
  'pinecall-ops-key': '9.5',
  'pinecall-legacy-key': '9.0',
  'pinecall-context-secret': '7.5',
};

function sarifRule(id: RuleId) {
  const doc = RULE_DOCS[id];
  const remedy = remedyByLanguage(id);
  return {
    id,
    name: id
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: doc.title },
    fullDescription: { text: doc.description },
    help: {
      text: `${doc.description}\n\n${remedy}\n\nNot a key? Add a comment containing pinecall-scan:allow on that line, or allow its hash in .pinecall-scan.json ("allow": ["sha256:…"]).`,
      markdown: `${doc.description}\n\n**What to do:** ${remedy}\n\nNot a key? Add a comment containing \`pinecall-scan:allow\` on that line, or allow its hash in \`.pinecall-scan.json\` (\`"allow": ["sha256:…"]\`).`,
    },
    defaultConfiguration: { level: 'error' as const },
    properties: {
      tags: ['security', 'secret', 'external/cwe/cwe-798'],
      precision: id === 'pinecall-context-secret' ? 'medium' : 'high',
      'security-severity': SECURITY_SEVERITY[id],
    },
  };
}

/** A relative path as a URI reference: every segment percent-encoded (spaces, `#`, `%`, `?`). */
export function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function message(f: Finding, shown: string, result: ScanResult): string {
  const doc = RULE_DOCS[f.ruleId];
  const what = [f.env && `${f.env} key`, f.encoding && `${f.encoding}-encoded`, f.exposure === 'client' && 'browser-exposed']
    .filter(Boolean)
    .join(', ');
  const where = f.commit ? ` in commit ${f.commit.slice(0, 12)}` : '';
  return `${doc.title} ${shown}${what ? ` (${what})` : ''}${where}. ${remedyIn(result, f)}`;
}

function sarifResult(f: Finding, result: ScanResult, showSecrets: boolean) {
  const shown = showSecrets ? f.secret : f.match;
  const properties: Record<string, string> = { confidence: f.confidence, secretHash: f.secretHash };
  if (f.env) properties.env = f.env;
  if (f.encoding) properties.encoding = f.encoding;
  if (f.exposure) properties.exposure = f.exposure;
  if (f.placeHint) properties.placeHint = f.placeHint;
  if (f.commit) properties.commit = f.commit;
  if (f.author) properties.author = f.author;
  if (f.date) properties.date = f.date;
  if (f.verification) properties.verification = f.verification;
  if (f.verificationDetail) properties.verificationDetail = f.verificationDetail;
  return {
    ruleId: f.ruleId,
    ruleIndex: RULE_IDS.indexOf(f.ruleId),
    level: LEVEL[f.confidence],
    message: { text: message(f, shown, result) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(f.file), uriBaseId: SRCROOT },
          region: {
            startLine: f.line,
            startColumn: f.column,
            endLine: f.endLine,
            endColumn: f.endColumn,
            snippet: { text: shown },
          },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties,
  };
}

export function toSarif(result: ScanResult, showSecrets: boolean) {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            rules: RULE_IDS.map(sarifRule),
          },
        },
        columnKind: 'utf16CodeUnits' as const,
        results: [
          ...result.findings.map((f) => sarifResult(f, result, showSecrets)),
          // What a baseline, the config or an inline marker hid: reported as suppressed results
          // (SARIF 2.1.0 §3.27.23), so viewers can show them as dismissed instead of not at all.
          ...(result.suppressedFindings ?? []).map(({ by, finding }) => ({
            ...sarifResult(finding, result, showSecrets),
            suppressions: [SUPPRESSION[by]],
          })),
        ],
      },
    ],
  };
}

export const sarifReporter: Reporter = (result, options) =>
  JSON.stringify(toSarif(result, options.showSecrets), null, 2) + '\n';
