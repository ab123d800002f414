// The built CLI with --verify against a real HTTP server on 127.0.0.1: JSON, SARIF, text, exit codes, refusals.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { removeDir, tempDir, writeFile } from '../../helpers/git.js';
import { legacyKey, liveKey, opsKey, testKey } from '../../helpers/keys.js';
import { closedPort, EXPIRED_AT, startFakePinecall, type FakePinecall } from '../../verify/server.js';

let server: FakePinecall;
before(async () => {
  server = await startFakePinecall();
});
after(() => server.close());

async function withTree(files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = tempDir('pcscan-verify-');
  try {
    for (const [rel, content] of Object.entries(files)) writeFile(dir, rel, content);
    await body(dir);
  } finally {
    removeDir(dir);
  }
}

interface JsonOut {
  findings: Array<{ file: string; verification?: string; match: string }>;
}

const sentWith = (key: string) => server.received.filter((r) => r.authorization === `Bearer ${key}`);

function assertNoKeys(result: CliResult, keys: string[]): void {
  for (const key of keys) {
    assert.ok(!result.stdout.includes(key), 'stdout carries a key in clear');
    assert.ok(!result.stderr.includes(key), 'stderr carries a key in clear');
  }
}

test('--format json: a verdict on every finding, each key asked once with exactly its bearer header', async () => {
  const keys = { ok: liveKey(), expired: testKey(), forbidden: liveKey(), rate: liveKey(), hang: liveKey(), broken: liveKey() };
  const legacy = legacyKey();
  const ops = opsKey();
  server.play(keys.ok, 'ok');
  server.play(keys.expired, 'expired');
  server.play(keys.forbidden, 'forbidden');
  server.play(keys.rate, 'rate-then-ok');
  server.play(keys.hang, 'hang');
  server.play(keys.broken, 'server-error');
  server.play(legacy, 'unauthorized');
  const files = {
    'a.ts': `export const a = "${keys.ok}";\n`,
    'b.ts': `export const b = "${keys.ok}";\nexport const c = "${keys.expired}";\n`,
    'c.ts': `export const d = "${keys.forbidden}";\nexport const e = "${keys.rate}";\n`,
    'd.ts': `export const f = "${keys.hang}";\nexport const g = "${keys.broken}";\n`,
    '.env': `PINECALL_API_KEY=${legacy}\nPINECALL_OPS_KEY=${ops}\n`,
  };
  await withTree(files, async (dir) => {
    const result = await runCli(['.', '--format', 'json', '--verify', '--verify-url', server.url, '--verify-timeout', '1500'], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as JsonOut;
    const verdicts = report.findings.map((f) => `${f.file} ${f.verification}`).sort();
    assert.deepEqual(verdicts, [
      '.env inactive',
      '.env unknown',
      'a.ts active',
      'b.ts active',
      'b.ts inactive',
      'c.ts active',
      'c.ts active',
      'd.ts unknown',
      'd.ts unknown',
    ]);
    for (const key of [keys.ok, keys.expired, keys.forbidden, keys.hang, keys.broken, legacy]) {
      const got = sentWith(key);
      assert.equal(got.length, 1, 'one request per distinct key');
      assert.equal(got[0]!.headers.authorization, `Bearer ${key}`);
      assert.equal(got[0]!.method, 'GET');
      assert.equal(got[0]!.path, key === legacy ? '/v1/agents' : '/v1/whoami');
    }
    assert.equal(sentWith(keys.rate).length, 2, '429 then 200: one retry');
    assert.ok(!server.received.some((r) => JSON.stringify(r.headers).includes(ops)), 'operator keys are never sent');
    assert.ok(server.maxInFlight <= 4);
    assertNoKeys(result, [...Object.values(keys), legacy, ops]);
  });
});

test('--format sarif carries the verdict and its detail in result properties', async () => {
  const key = liveKey();
  server.play(key, 'expired');
  await withTree({ 'app.ts': `const k = "${key}";\n` }, async (dir) => {
    const result = await runCli(['.', '--format', 'sarif', '--verify', '--verify-url', server.url], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    const sarif = JSON.parse(result.stdout) as { runs: Array<{ results: Array<{ properties?: Record<string, unknown> }> }> };
    const properties = sarif.runs[0]!.results[0]!.properties;
    assert.equal(properties?.verification, 'inactive');
    assert.equal(properties?.verificationDetail, `expired at ${EXPIRED_AT}`);
    assertNoKeys(result, [key]);
  });
});

test('text output lists live keys first under "Rotate now"', async () => {
  const live = liveKey();
  const dead = liveKey();
  server.play(live, 'ok');
  server.play(dead, 'unauthorized');
  // The dead key's file sorts first, so the heading is what puts the live key on top.
  const files = { 'a-dead.ts': `const k = "${dead}";\n`, 'z-live.ts': `const k = "${live}";\n`, 'z-more.ts': `const k = "${live}";\n` };
  await withTree(files, async (dir) => {
    const result = await runCli(['.', '--verify', '--verify-url', server.url], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'Rotate now: 1 key is live (verified with Pinecall)');
    assert.match(lines[1]!, /^ {2}pc_live_\S+…\(51\) {2}org acme; env production; scopes calls:read, agents:write {2}in z-live\.ts:1, z-more\.ts:1$/);
    assert.match(result.stdout, /verification: inactive: invalid or revoked: Unauthorized/);
    assertNoKeys(result, [live, dead]);
  });
});

test('--fail-on active: only keys verified live fail the run', async () => {
  const dead = liveKey();
  const broken = liveKey();
  const live = liveKey();
  server.play(dead, 'expired');
  server.play(broken, 'server-error');
  server.play(live, 'forbidden');
  await withTree({ 'a.ts': `const a = "${dead}";\nconst b = "${broken}";\n` }, async (dir) => {
    const args = ['.', '--format', 'json', '--verify', '--verify-url', server.url];
    const byDefault = await runCli(args, { cwd: dir });
    assert.equal(byDefault.code, 1, 'by default every finding fails, an unverifiable key is not a safe key');
    const activeOnly = await runCli([...args, '--fail-on', 'active'], { cwd: dir });
    assert.equal(activeOnly.code, 0, activeOnly.stderr);
    assert.equal((JSON.parse(activeOnly.stdout) as JsonOut).findings.length, 2, 'still reported');
    writeFile(dir, 'b.ts', `const c = "${live}";\n`);
    const withLive = await runCli([...args, '--fail-on', 'active'], { cwd: dir });
    assert.equal(withLive.code, 1, withLive.stderr);
  });
});

test('a closed port: every key unknown, the run still fails by default', async () => {
  const port = await closedPort();
  const key = liveKey();
  await withTree({ 'a.ts': `const a = "${key}";\n` }, async (dir) => {
    const url = `http://127.0.0.1:${port}`;
    const result = await runCli(['.', '--format', 'json', '--verify', '--verify-url', url], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    assert.equal((JSON.parse(result.stdout) as JsonOut).findings[0]!.verification, 'unknown');
    const text = await runCli(['.', '--verify', '--verify-url', url], { cwd: dir });
    assert.match(text.stdout, /verification: unknown: connection refused/);
    assert.doesNotMatch(text.stdout, /Rotate now/);
  });
});

test('PINECALL_SCAN_VERIFY_URL is used when --verify-url is absent', async () => {
  const key = liveKey();
  server.play(key, 'ok');
  await withTree({ 'a.ts': `const a = "${key}";\n` }, async (dir) => {
    const result = await runCli(['.', '--format', 'json', '--verify'], { cwd: dir, env: { PINECALL_SCAN_VERIFY_URL: server.url } });
    assert.equal(result.code, 1, result.stderr);
    assert.equal((JSON.parse(result.stdout) as JsonOut).findings[0]!.verification, 'active');
    assert.equal(sentWith(key).length, 1);
  });
});

test('refused: http to a non-loopback host, from the flag or the environment (exit 2, nothing sent)', async () => {
  const key = liveKey();
  await withTree({ 'a.ts': `const a = "${key}";\n` }, async (dir) => {
    const before = server.received.length;
    const flag = await runCli(['.', '--verify', '--verify-url', 'http://example.com'], { cwd: dir });
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /^pinecall-scan: --verify-url: http:\/\/ is only allowed for loopback hosts \(127\.0\.0\.0\/8, ::1, localhost\), not example\.com; use https:\/\/\n/);
    assert.equal(flag.stdout, '');
    assert.doesNotMatch(flag.stderr, /\n\s+at /, 'no stack trace');
    const env = await runCli(['.', '--verify'], { cwd: dir, env: { PINECALL_SCAN_VERIFY_URL: 'http://10.1.2.3:8080' } });
    assert.equal(env.code, 2);
    assert.equal(env.stderr.split('\n').filter(Boolean).length, 1, env.stderr);
    assert.match(env.stderr, /^pinecall-scan: PINECALL_SCAN_VERIFY_URL: http:\/\/ is only allowed for loopback hosts/);
    assert.equal(server.received.length, before);
    assertNoKeys(flag, [key]);
  });
});

test('bad verify flags: exit 2', async () => {
  await withTree({ 'a.txt': 'nothing here\n' }, async (dir) => {
    const cases: Array<[string[], RegExp]> = [
      [['--fail-on', 'active'], /--fail-on active needs --verify/],
      [['--verify-url', server.url], /--verify-url needs --verify/],
      [['--verify', '--verify-timeout', '0'], /--verify-timeout/],
      [['--verify', '--verify-budget', 'soon'], /--verify-budget/],
      [['--verify', '--fail-on', 'sometimes'], /--fail-on/],
      [['--verify', '--verify-url', 'ftp://127.0.0.1'], /--verify-url: protocol ftp: is not supported/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['.', ...args], { cwd: dir });
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
    }
  });
});

test('without --verify nothing is sent', async () => {
  const key = liveKey();
  server.play(key, 'ok');
  await withTree({ 'a.ts': `const a = "${key}";\n` }, async (dir) => {
    const result = await runCli(['.', '--format', 'json'], { cwd: dir, env: { PINECALL_SCAN_VERIFY_URL: server.url } });
    assert.equal(result.code, 1);
    assert.equal((JSON.parse(result.stdout) as JsonOut).findings[0]!.verification, undefined);
    assert.equal(sentWith(key).length, 0);
  });
});
