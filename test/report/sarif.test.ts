import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { RULE_DOCS } from '../../src/core/index.js';
import { RULE_IDS, type ScanResult } from '../../src/core/types.js';
import { remedyByLanguage } from '../../src/report/remedies.js';
import { FINGERPRINT_KEY, sarifReporter, toUri } from '../../src/report/sarif.js';
import { runCli } from '../helpers/cli.js';
import { withRepo, writeFile } from '../helpers/git.js';
import { liveKey } from '../helpers/keys.js';
import { findingsIn, LIVE, SANDBOX, sampleResult } from './fixtures.js';

// The SARIF 2.1.0 schema (final, "rtm.5", the one GitHub code scanning and schemastore use) as
// shipped by Microsoft's SARIF SDK package; read from disk, no network.
const require = createRequire(import.meta.url);
const sarifSchemaFile = join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json');
const sarifSchema = JSON.parse(readFileSync(sarifSchemaFile, 'utf8')) as { title: string };

// unicodeRegExp: false, because the schema's `language` pattern has a stray `]` that only the
// u flag rejects.
const ajv = new Ajv04({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; help: { text: string }; shortDescription: { text: string } }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId: string };
          region: { startLine: number; startColumn: number; endLine: number; endColumn: number; snippet: { text: string } };
        };
      }>;
      partialFingerprints: Record<string, string>;
      properties: Record<string, string>;
    }>;
  }>;
}

function report(result: ScanResult, showSecrets = false): { text: string; log: SarifLog } {
  const text = sarifReporter(result, { showSecrets, color: false });
  return { text, log: JSON.parse(text) as SarifLog };
}

function assertValid(log: unknown): void {
  const ok = validateSarif(log);
  assert.ok(ok, `not valid SARIF 2.1.0: ${ajv.errorsText(validateSarif.errors)}`);
}

describe('SARIF reporter', () => {
  it('the schema under test is the SARIF 2.1.0 schema', () => {
    assert.match(sarifSchema.title, /SARIF\) Version 2\.1\.0/);
    const log = (uri: string) => ({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri } } }] }] }],
    });
    assert.equal(validateSarif(log('a%20b.ts')), true);
    assert.equal(validateSarif(log('a b.ts')), false, 'formats are checked: a URI has no spaces');
    assert.equal(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: {} }] }] }), false);
  });

  it('is valid SARIF 2.1.0 with findings, without findings, and from history', () => {
    assertValid(report(sampleResult()).log);
    assertValid(report(sampleResult({ findings: [] })).log);
    const history = findingsIn('deploy/my app #1.env', `PINECALL_API_KEY=${LIVE}\n`).map((f) =>
      Object.defineProperties(f, {
        commit: { value: 'a'.repeat(40), enumerable: true },
        author: { value: 'Dev <dev@example.com>', enumerable: true },
        date: { value: '2024-01-02T03:04:05Z', enumerable: true },
        verification: { value: 'active', enumerable: true },
      }),
    );
    assertValid(report({ ...sampleResult(), mode: 'history', findings: history }).log);
  });

  it('names the tool from package.json and lists one rule per rule id, with help', () => {
    const { log } = report(sampleResult());
    const driver = log.runs[0]!.tool.driver;
    assert.equal(driver.name, pkg.name);
    assert.equal(driver.version, pkg.version);
    assert.deepEqual(driver.rules.map((r) => r.id), [...RULE_IDS]);
    for (const rule of driver.rules) {
      const doc = RULE_DOCS[rule.id as (typeof RULE_IDS)[number]];
      assert.equal(rule.shortDescription.text, doc.title);
      assert.ok(rule.help.text.includes(remedyByLanguage(rule.id as (typeof RULE_IDS)[number])));
    }
  });

  it('gives each result its rule, region, masked snippet and fingerprint', () => {
    const result = sampleResult();
    const { text, log } = report(result);
    assert.ok(!text.includes(LIVE) && !text.includes(SANDBOX), 'keys are masked');
    const results = log.runs[0]!.results;
    assert.equal(results.length, result.findings.length);
    result.findings.forEach((f, i) => {
      const r = results[i]!;
      assert.equal(r.ruleId, f.ruleId);
      assert.equal(log.runs[0]!.tool.driver.rules[r.ruleIndex]!.id, f.ruleId);
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      assert.deepEqual(artifactLocation, { uri: f.file, uriBaseId: '%SRCROOT%' });
      assert.deepEqual(
        { startLine: region.startLine, startColumn: region.startColumn, endLine: region.endLine, endColumn: region.endColumn },
        { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
      );
      assert.equal(region.snippet.text, f.match);
      assert.ok(r.message.text.includes(f.match));
      assert.deepEqual(r.partialFingerprints, { [FINGERPRINT_KEY]: f.fingerprint });
      assert.equal(r.level, f.confidence === 'high' ? 'error' : 'warning');
    });
  });

  it('prints keys only with showSecrets', () => {
    const { text } = report(sampleResult(), true);
    assert.ok(text.includes(LIVE));
  });

  it('puts the place-fitting remedy in the message and verification in properties', () => {
    const result = sampleResult();
    const first = result.findings[0]!;
    Object.defineProperty(first, 'verification', { value: 'inactive', enumerable: true });
    result.remedies = { [first.fingerprint]: 'Rotate the key: it is still in the history.' };
    const r = report(result).log.runs[0]!.results[0]!;
    assert.ok(r.message.text.endsWith('Rotate the key: it is still in the history.'));
    assert.equal(r.properties.verification, 'inactive');
  });

  it('archive entries, binary byte offsets, browser-served keys and original sources stay valid SARIF', () => {
    const [inArchive] = findingsIn('dist/app.apk!/assets/config.json', `{"k": "${LIVE}"}`);
    inArchive!.archive = 'dist/app.apk';
    const [inBinary] = findingsIn('lib/x.so', `${SANDBOX}`);
    inBinary!.byteOffset = 4096;
    inBinary!.byteLength = SANDBOX.length;
    const [inBundle] = findingsIn('dist/assets/index.js', `const k="${LIVE}";\n//# sourceMappingURL=index.js.map\n`);
    assert.equal(inBundle!.exposure, 'client');
    inBundle!.original = { file: 'src/lib/pinecall.ts', line: 3, column: 20 };
    const { log } = report(sampleResult({ findings: [inArchive!, inBinary!, inBundle!] }));
    assertValid(log);
    interface Result {
      level: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: { artifactLocation: { uri: string }; region?: unknown };
        logicalLocations?: Array<{ fullyQualifiedName: string }>;
      }>;
      relatedLocations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
      properties: Record<string, unknown>;
    }
    const [a, b, c] = log.runs[0]!.results as unknown as Result[];
    assert.equal(a!.locations[0]!.physicalLocation.artifactLocation.uri, 'dist/app.apk');
    assert.equal(a!.locations[0]!.logicalLocations![0]!.fullyQualifiedName, 'dist/app.apk!/assets/config.json');
    assert.deepEqual(b!.locations[0]!.physicalLocation.region, { byteOffset: 4096, byteLength: SANDBOX.length });
    assert.equal(c!.level, 'error');
    assert.equal(c!.properties.exposure, 'client');
    assert.equal(c!.relatedLocations![0]!.physicalLocation.artifactLocation.uri, 'src/lib/pinecall.ts');
    assert.match(c!.message.text, /every visitor/);
  });

  it('percent-encodes paths into relative URI references', () => {
    assert.equal(toUri('src/my file#1.ts'), 'src/my%20file%231.ts');
    assert.equal(toUri('100%/ü.env'), '100%25/%C3%BC.env');
  });
});

describe('--format sarif (built CLI)', () => {
  it('writes valid SARIF 2.1.0 and exits 1 on findings', async () => {
    await withRepo(async (root) => {
      const key = liveKey();
      writeFile(root, 'src/my app.ts', `const key = "${key}";\n`);
      const r = await runCli(['--format', 'sarif', '.'], { cwd: root });
      assert.equal(r.code, 1, r.stderr);
      assert.ok(!r.stdout.includes(key));
      const log = JSON.parse(r.stdout) as SarifLog;
      assertValid(log);
      assert.equal(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'src/my%20app.ts');
    });
  });
});
