import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { withRepo, writeFile } from '../helpers/git.js';
import { liveKey } from '../helpers/keys.js';
import { escapeData, escapeProperty, githubReporter } from '../../src/report/github.js';
import { detect } from '../../src/core/index.js';
import { findingsIn, LIVE, SANDBOX, sampleResult } from './fixtures.js';

const ANNOTATION = /^::error file=([^,:]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^,:]+)::(.+)$/;

describe('GitHub annotations reporter', () => {
  it('prints one ::error line per finding with its place, masked', () => {
    const result = sampleResult();
    const out = githubReporter(result, { showSecrets: false, color: false });
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, result.findings.length);
    assert.ok(!out.includes(LIVE) && !out.includes(SANDBOX));
    lines.forEach((line, i) => {
      const f = result.findings[i]!;
      const m = ANNOTATION.exec(line);
      assert.ok(m, line);
      assert.deepEqual(m.slice(1, 6), [f.file, String(f.line), String(f.column), String(f.endLine), String(f.endColumn)]);
      assert.ok(m[6]!.includes(f.ruleId));
      assert.ok(m[7]!.includes(f.match));
    });
  });

  it('escapes properties and the message as GitHub does', () => {
    assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
    assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
    const result = sampleResult({ findings: findingsIn('odd,dir/a:b%.env', `PINECALL_API_KEY=${LIVE}\n`) });
    result.remedies = { [result.findings[0]!.fingerprint]: 'line one\nline two: 100%' };
    const line = githubReporter(result, { showSecrets: false, color: false }).trimEnd();
    assert.equal(line.split('\n').length, 1);
    assert.match(line, /^::error file=odd%2Cdir\/a%3Ab%25\.env,line=1,/);
    assert.ok(line.endsWith('line one%0Aline two: 100%25'));
  });

  it('prints nothing for a clean scan, and a notice for stale baseline entries', () => {
    assert.equal(githubReporter(sampleResult({ findings: [] }), { showSecrets: false, color: false }), '');
    const stale = sampleResult({
      findings: [],
      staleBaseline: [{ file: 'a.ts', ruleId: 'pinecall-api-key', secretHash: 'a'.repeat(64) }],
    });
    assert.match(githubReporter(stale, { showSecrets: false, color: false }), /^::notice title=pinecall-scan baseline::1 baseline entry matches nothing any more/);
  });

  it('shows keys only with showSecrets', () => {
    assert.ok(githubReporter(sampleResult(), { showSecrets: true, color: false }).includes(LIVE));
  });
});

describe('--format github (built CLI)', () => {
  it('prints annotations on stdout and exits 1 on findings', async () => {
    await withRepo(async (root) => {
      const key = liveKey();
      writeFile(root, 'a.ts', `const one = "${key}";\n`);
      writeFile(root, 'b.ts', `\n  const two = "${liveKey()}";\n`);
      const r = await runCli(['--format', 'github', '.'], { cwd: root });
      assert.equal(r.code, 1, r.stderr);
      assert.ok(!r.stdout.includes(key));
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 2);
      assert.match(lines[0]!, /^::error file=a\.ts,line=1,col=14,endLine=1,endColumn=65,title=Pinecall API key \(pinecall-api-key\)::/);
      assert.match(lines[1]!, /^::error file=b\.ts,line=2,col=16,/);
    });
  });
});

describe('GitHub annotations keep the detail', () => {
  const commit = '0123456789abcdef0123456789abcdef01234567';
  it('the verification reason, and a history finding names its commit', () => {
    const [f] = findingsIn('src/app.ts', `const k = "${LIVE}";\n`);
    Object.assign(f!, { commit, author: 'Ann', date: '2024-05-01', verification: 'unknown', verificationDetail: 'connection refused' });
    const line = githubReporter(sampleResult({ mode: 'history', findings: [f!] }), { showSecrets: false, color: false });
    assert.match(line, /^::error file=src\/app\.ts,line=1,/);
    assert.match(line, /title=Pinecall API key \(pinecall-api-key\) in commit 0123456789ab::/);
    assert.match(line, /in commit 0123456789ab \(Ann, 2024-05-01\)/);
    assert.match(line, /Verification%3A unknown%3A connection refused\.|Verification: unknown: connection refused\./);
  });

  it('a key gone from the working tree: the annotation is on the commit, not on a dangling file line', () => {
    const [f] = findingsIn('src/old.ts', `\n\nconst k = "${LIVE}";\n`);
    Object.assign(f!, { commit });
    const result = sampleResult({ mode: 'history', findings: [f!], historyOnly: { [f!.fingerprint]: true } });
    const line = githubReporter(result, { showSecrets: false, color: false }).trimEnd();
    assert.doesNotMatch(line, /file=|line=/);
    assert.match(line, /^::error title=Pinecall API key \(pinecall-api-key\) in commit 0123456789ab::/);
    assert.match(line, /at src\/old\.ts:3 in commit 0123456789ab, no longer in the working tree/);
  });
});

describe('terminal safety', () => {
  it('shows bidirectional and invisible characters escaped in annotations', () => {
    const [finding] = detect({ text: `k = "${LIVE}"\n`, path: 'src/\u202eevil\u200b.ts' });
    const out = githubReporter(sampleResult({ findings: [finding!] }), { showSecrets: false, color: false });
    assert.doesNotMatch(out, /[\u200b\u202e]/u);
    assert.ok(out.includes('file=src/\\u202eevil\\u200b.ts'), out);
  });
});
