import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyFindings } from '../../src/verify/verify.js';
import { resolveVerifyTarget } from '../../src/verify/target.js';
import { hexSecret, legacyKey, liveKey, opsKey, testKey } from '../helpers/keys.js';
import { findingFor } from './findings.js';
import { closedPort, startFakePinecall, type FakePinecall } from './server.js';

let server: FakePinecall;
before(async () => {
  server = await startFakePinecall();
});
after(() => server.close());

const fast = () => ({ target: resolveVerifyTarget(server.url), backoffMs: 1, maxRetryAfterMs: 5, timeoutMs: 2000 });
const sentWith = (key: string) => server.received.filter((r) => r.authorization === `Bearer ${key}`);

test('every scenario in one run: verdicts on every finding, one request per distinct key', async () => {
  const keys = {
    ok: liveKey(),
    unauthorized: testKey(),
    expired: liveKey(),
    forbidden: liveKey(),
    rateThenOk: liveKey(),
    rateForever: liveKey(),
    hang: liveKey(),
    serverError: legacyKey(),
  };
  server.play(keys.ok, 'ok');
  server.play(keys.unauthorized, 'unauthorized');
  server.play(keys.expired, 'expired');
  server.play(keys.forbidden, 'forbidden');
  server.play(keys.rateThenOk, 'rate-then-ok');
  server.play(keys.rateForever, 'rate-forever');
  server.play(keys.hang, 'hang');
  server.play(keys.serverError, 'server-error');
  const ops = opsKey();
  const context = hexSecret();
  const findings = [
    findingFor(keys.ok, 'a.ts'),
    findingFor(keys.ok, 'b.ts'),
    findingFor(keys.ok, 'c.ts', 9),
    findingFor(keys.unauthorized),
    findingFor(keys.expired),
    findingFor(keys.forbidden),
    findingFor(keys.rateThenOk),
    findingFor(keys.rateForever),
    findingFor(keys.hang),
    findingFor(keys.serverError),
    findingFor(keys.serverError, 'other.ts'),
    findingFor(ops),
    findingFor(context),
  ];
  // Generous enough that only the hanging request ever times out, even on a loaded machine.
  const summary = await verifyFindings(findings, { ...fast(), timeoutMs: 1500 });

  const got = findings.map((f) => [f.verification, f.verificationDetail]);
  assert.deepEqual(got, [
    ['active', 'org acme; env production; scopes calls:read, agents:write'],
    ['active', 'org acme; env production; scopes calls:read, agents:write'],
    ['active', 'org acme; env production; scopes calls:read, agents:write'],
    ['inactive', 'invalid or revoked: Unauthorized'],
    ['inactive', 'expired at 2024-05-01T00:00:00Z'],
    ['active', 'restricted permissions (403): insufficient permissions'],
    ['active', 'org acme; env production; scopes calls:read, agents:write'],
    ['unknown', 'rate limited (429) after 3 tries'],
    ['unknown', 'timed out after 1500 ms'],
    ['unknown', 'server error 500'],
    ['unknown', 'server error 500'],
    ['unknown', 'no verification endpoint for this key type'],
    ['unknown', 'no verification endpoint for this key type'],
  ]);
  assert.deepEqual(summary, { keys: 10, active: 3, inactive: 2, unknown: 5, requests: 1 + 1 + 1 + 1 + 2 + 3 + 1 + 1 });

  assert.equal(sentWith(keys.ok).length, 1, 'a key found three times is asked once');
  assert.equal(sentWith(keys.serverError).length, 1);
  assert.equal(sentWith(keys.serverError)[0]!.path, '/v1/agents');
  assert.equal(sentWith(keys.unauthorized)[0]!.path, '/v1/whoami');
  for (const secret of [ops, context]) {
    assert.ok(!server.received.some((r) => JSON.stringify(r).includes(secret)), 'keys without an endpoint are never sent');
  }
  assert.ok(server.maxInFlight <= 4);
  // The verdict is visible in JSON, the secret still is not.
  const json = JSON.stringify(findings[0]);
  assert.match(json, /"verification":"active"/);
  assert.ok(!json.includes(keys.ok));
});

test('never more than 4 requests in flight, and the cap is used', async () => {
  const gateServer = await startFakePinecall();
  try {
    const keys = Array.from({ length: 6 }, () => liveKey());
    for (const key of keys) gateServer.play(key, 'gate');
    const findings = keys.map((key) => findingFor(key));
    const summary = await verifyFindings(findings, { target: resolveVerifyTarget(gateServer.url), concurrency: 16 });
    assert.equal(summary.active, 6);
    assert.equal(gateServer.received.length, 6);
    assert.equal(gateServer.maxInFlight, 4);
  } finally {
    await gateServer.close();
  }
});

test('concurrency 1 sends one at a time', async () => {
  const gateServer = await startFakePinecall();
  try {
    const keys = Array.from({ length: 3 }, () => liveKey());
    for (const key of keys) gateServer.play(key, 'gate');
    await verifyFindings(keys.map((key) => findingFor(key)), { target: resolveVerifyTarget(gateServer.url), concurrency: 1 });
    assert.equal(gateServer.maxInFlight, 1);
  } finally {
    await gateServer.close();
  }
});

test('the overall budget ends hanging requests and leaves the rest unknown', async () => {
  const keys = Array.from({ length: 6 }, () => liveKey());
  for (const key of keys) server.play(key, 'hang');
  const findings = keys.map((key) => findingFor(key));
  const summary = await verifyFindings(findings, { ...fast(), timeoutMs: 60_000, budgetMs: 150 });
  assert.equal(summary.unknown, 6);
  for (const finding of findings) {
    assert.equal(finding.verification, 'unknown');
    assert.match(finding.verificationDetail ?? '', /verification budget exhausted/);
  }
  // The first four were in flight when the budget ran out; the last two never left.
  assert.equal(summary.requests, 4);
});

test('a closed port: every key unknown, connection refused', async () => {
  const port = await closedPort();
  const findings = [findingFor(liveKey()), findingFor(legacyKey())];
  await verifyFindings(findings, { target: resolveVerifyTarget(`http://127.0.0.1:${port}`) });
  assert.deepEqual(findings.map((f) => f.verificationDetail), ['connection refused', 'connection refused']);
});

test('no findings, no requests', async () => {
  const before = server.received.length;
  const summary = await verifyFindings([], fast());
  assert.deepEqual(summary, { keys: 0, active: 0, inactive: 0, unknown: 0, requests: 0 });
  assert.equal(server.received.length, before);
});
