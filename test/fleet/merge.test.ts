// merge's reports from records, in process: SARIF valid against the 2.1.0 schema (one run per
// repository, a failed one says why), Markdown cells that cannot break the table, shards' ids and
// list identities that hide URL userinfo.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { toFleetRepo, maskText } from '../../src/cli/fleet/list.js';
import { mergeJson, mergeMarkdown, mergeSarif } from '../../src/cli/fleet/merge.js';
import type { RepoRecord } from '../../src/cli/fleet/record.js';
import { inShard, parseShard, shardFromEnv } from '../../src/cli/fleet/shard.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;
const ajv = new Ajv04({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const finding = {
  ruleId: 'pinecall-api-key' as const,
  confidence: 'high' as const,
  file: 'src/a|b.ts',
  line: 3,
  column: 7,
  endLine: 3,
  endColumn: 58,
  commit: 'a'.repeat(40),
  match: 'pc_live_Ab…(51)',
  secretHash: 'b'.repeat(64),
  fingerprint: `pinecall-api-key:${'b'.repeat(16)}:src/a|b.ts`,
  env: 'production' as const,
};
const records: RepoRecord[] = [
  {
    version: 1, repository: 'https://git.example.com/org/a.git', id: 'a-1', status: 'ok', tips: { 'refs/heads/main': 'c'.repeat(40) },
    findings: [finding], skipped: [], stats: { commits: 12, files: 4, bytes: 900 }, scans: 1,
  },
  {
    version: 1, repository: 'https://git.example.com/org/<b>|x.git', id: 'b-2', status: 'failed', reason: 'could not read | from <remote>',
    tips: {}, findings: [], skipped: [], stats: { commits: 0, files: 0, bytes: 0 }, scans: 0,
  },
];

test('merged SARIF: valid 2.1.0, one run per repository, a failed run carries its reason', () => {
  const sarif = mergeSarif(records) as { runs: { results: unknown[]; automationDetails: { id: string }; invocations?: { executionSuccessful: boolean }[] }[] };
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(sarif.runs.length, 2);
  assert.equal(sarif.runs[0]!.results.length, 1);
  assert.notEqual(sarif.runs[0]!.automationDetails.id, sarif.runs[1]!.automationDetails.id);
  assert.equal(sarif.runs[1]!.invocations?.[0]?.executionSuccessful, false);
});

test('merged JSON and Markdown: repository on every finding, table cells escaped', () => {
  const json = mergeJson(records);
  assert.equal(json.findings[0]!.repository, records[0]!.repository);
  assert.deepEqual(json.stats, { repositories: 2, failed: 1, files: 4, bytes: 900, commits: 12 });
  const md = mergeMarkdown(records);
  const rows = md.split('\n').filter((l) => l.startsWith('| '));
  for (const row of rows) assert.equal(row.split('|').length, 8, row);
  assert.ok(!md.includes('<b>') && !md.includes('<remote>'));
  assert.match(md, /\| 1 \| 1 \| 0 \| not checked \| 12 commits \|/);
});

test('list identities drop URL userinfo; masks hide it in any text; shards are stable and cover the list', () => {
  const repo = toFleetRepo('https://user:s3cret@git.example.com/org/app.git', '/');
  assert.equal(repo.identity, 'https://git.example.com/org/app.git');
  assert.equal(repo.location, 'https://user:s3cret@git.example.com/org/app.git');
  assert.match(repo.id, /^app-[0-9a-f]{12}$/);
  assert.equal(maskText("fatal: unable to access 'https://user:s3cret@host/x'"), "fatal: unable to access 'https://***@host/x'");
  const names = Array.from({ length: 200 }, (_, i) => `https://git.example.com/org/r${i}.git`);
  const shards = [1, 2, 3, 4].map((k) => names.filter((n) => inShard(n, { index: k, total: 4 })));
  assert.equal(shards.flat().length, 200);
  assert.equal(new Set(shards.flat()).size, 200);
  assert.ok(shards.every((s) => s.length > 20));
  assert.deepEqual(parseShard('2/4'), { index: 2, total: 4 });
  assert.throws(() => parseShard('0/4'), /between 1 and 4/);
  assert.deepEqual(shardFromEnv({ JOB_COMPLETION_INDEX: '0', PINECALL_SCAN_SHARDS: '4' }), { index: 1, total: 4 });
  assert.deepEqual(shardFromEnv({ CI_NODE_INDEX: '4', CI_NODE_TOTAL: '4' }), { index: 4, total: 4 });
  assert.throws(() => shardFromEnv({}), /no shard index/);
});
