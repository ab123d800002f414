// SARIF 2.1.0 report, shaped for GitHub code scanning: one rule per rule id with help text, one
// result per finding with a region, a masked snippet and a partial fingerprint.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
import { name as TOOL_NAME, version as TOOL_VERSION } from '../../package.json';
import { RULE_DOCS } from '../core/patterns.js';
import { shownKey } from '../core/redact.js';
import { keyTraits } from './key-traits.js';
import { placeOf } from './place.js';
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
  const what = [...keyTraits(f), f.exposure === 'client' && 'browser-exposed'].filter(Boolean).join(', ');
  const commit = f.commit ? ` in commit ${f.commit.slice(0, 12)}` : '';
  // A place the region cannot show (inside an archive, a byte offset) is named in the message.
  const inside = f.archive !== undefined || f.byteOffset !== undefined ? ` at ${placeOf(f)}` : '';
  return `${doc.title} ${shown}${what ? ` (${what})` : ''}${inside}${commit}. ${remedyIn(result, f)}`;
}

/**
 * Where the key is. A text file: a text region with a snippet. A binary's printable runs: a byte
 * region (their line and column count runs, not lines of the file). Inside an archive: the archive
 * is the artifact, with no region (the entry's lines are not the archive's); the place inside it is
 * a logical location whose fullyQualifiedName is the whole `archive!/inner/path`, and the entry's
 * line, column and byte offset are in the result's properties.
 */
function sarifLocation(f: Finding, shown: string) {
  if (f.archive !== undefined) {
    return {
      physicalLocation: { artifactLocation: { uri: toUri(f.archive), uriBaseId: SRCROOT } },
      logicalLocations: [{ name: f.file.slice(f.file.lastIndexOf('!/') + 2), fullyQualifiedName: f.file, kind: 'resource' }],
    };
  }
  const region =
    f.byteOffset !== undefined
      ? { byteOffset: f.byteOffset, ...(f.byteLength !== undefined && { byteLength: f.byteLength }) }
      : { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn, snippet: { text: shown } };
  return { physicalLocation: { artifactLocation: { uri: toUri(f.file), uriBaseId: SRCROOT }, region } };
}

function sarifResult(f: Finding, result: ScanResult, showSecrets: boolean) {
  const shown = shownKey(f, showSecrets);
  const properties: Record<string, string | number> = { confidence: f.confidence, secretHash: f.secretHash };
  if (f.env) properties.env = f.env;
  if (f.encoding) properties.encoding = f.encoding;
  if (f.exposure) properties.exposure = f.exposure;
  if (f.placeHint) properties.placeHint = f.placeHint;
  if (f.commit) properties.commit = f.commit;
  if (f.author) properties.author = f.author;
  if (f.date) properties.date = f.date;
  if (f.verification) properties.verification = f.verification;
  if (f.verificationDetail) properties.verificationDetail = f.verificationDetail;
  if (f.exposure) properties.exposure = f.exposure;
  if (f.archive !== undefined) {
    properties.archiveEntry = f.file.slice(f.archive.length + 2);
    properties.line = f.line;
    properties.column = f.column;
    if (f.byteOffset !== undefined) properties.byteOffset = f.byteOffset;
  }
  return {
    ruleId: f.ruleId,
    ruleIndex: RULE_IDS.indexOf(f.ruleId),
    // A key in what browsers download is an error whatever the rule's confidence.
    level: f.exposure === 'client' ? ('error' as const) : LEVEL[f.confidence],
    ...(f.exposure === 'client' && { rank: 100 }),
    message: { text: message(f, shown, result) },
    locations: [sarifLocation(f, shown)],
    ...(f.original && {
      relatedLocations: [
        {
          id: 1,
          message: { text: 'original source (from the source map)' },
          physicalLocation: {
            artifactLocation: { uri: toUri(f.original.file), uriBaseId: SRCROOT },
            region: { startLine: f.original.line, startColumn: f.original.column },
          },
        },
      ],
    }),
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
