import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { removeDir, tempDir } from '../helpers/git.js';
import { allLoopback, checkKey, interpret, parseRetryAfter, type CheckOptions } from '../../src/verify/client.js';
import fc from 'fast-check';
import { makeKey } from '../../src/core/index.js';
import { fuzzRuns, FUZZ_SEED } from '../helpers/fuzz.js';
import { liveKey, legacyKey } from '../helpers/keys.js';
import { closedPort, EXPIRED_AT, startFakePinecall, type FakePinecall } from './server.js';

let server: FakePinecall;
before(async () => {
  server = await startFakePinecall();
});
after(() => server.close());

const options = (over: Partial<CheckOptions> = {}): CheckOptions => ({
  timeoutMs: 5000,
  deadline: Date.now() + 60_000,
  maxTries: 3,
  backoffMs: 1,
  maxRetryAfterMs: 5,
  ...over,
});
const whoami = (): URL => new URL(`${server.url}/v1/whoami`);

test('200 → active with org, env and scopes; the request carries exactly the bearer header', async () => {
  const key = liveKey();
  server.play(key, 'ok');
  const verdict = await checkKey(key, whoami(), 'cloud', options());
  assert.deepEqual(verdict, { verification: 'active', detail: 'org acme; env production; scopes calls:read, agents:write' });
  const requests = server.received.filter((r) => r.authorization === `Bearer ${key}`);
  assert.equal(requests.length, 1);
  assert.equal(requests[0]!.method, 'GET');
  assert.equal(requests[0]!.path, '/v1/whoami');
  // Exactly the headers the README lists, nothing more.
  assert.deepEqual(Object.keys(requests[0]!.headers).sort(), ['accept', 'authorization', 'connection', 'host', 'user-agent']);
  assert.equal(requests[0]!.headers['user-agent'], 'pinecall-scan');
  assert.equal(requests[0]!.headers.accept, 'application/json');
});

test('401 plain → inactive', async () => {
  const key = liveKey();
  server.play(key, 'unauthorized');
  const verdict = await checkKey(key, whoami(), 'cloud', options());
  assert.deepEqual(verdict, { verification: 'inactive', detail: 'invalid or revoked: Unauthorized' });
});

test('401 with "expired at …" → inactive, expired', async () => {
  const key = liveKey();
  server.play(key, 'expired');
  const verdict = await checkKey(key, whoami(), 'cloud', options());
  assert.deepEqual(verdict, { verification: 'inactive', detail: `expired at ${EXPIRED_AT}` });
});

test('403 → active with restricted permissions', async () => {
  const key = liveKey();
  server.play(key, 'forbidden');
  const verdict = await checkKey(key, whoami(), 'cloud', options());
  assert.equal(verdict.verification, 'active');
  assert.match(verdict.detail, /^restricted permissions \(403\): insufficient permissions$/);
});

test('429 then 200 → retried once, active', async () => {
  const key = liveKey();
  server.play(key, 'rate-then-ok');
  let sent = 0;
  const verdict = await checkKey(key, whoami(), 'cloud', options({ onRequest: () => sent++ }));
  assert.equal(verdict.verification, 'active');
  assert.equal(sent, 2);
  assert.equal(server.received.filter((r) => r.authorization === `Bearer ${key}`).length, 2);
});

test('a long Retry-After is capped', async () => {
  const key = liveKey();
  server.play(key, 'rate-long-retry');
  const verdict = await checkKey(key, whoami(), 'cloud', options({ maxRetryAfterMs: 1 }));
  assert.equal(verdict.verification, 'active');
});

test('a Retry-After beyond the budget gives up at once', async () => {
  const key = liveKey();
  server.play(key, 'rate-long-retry');
  const verdict = await checkKey(key, whoami(), 'cloud', options({ maxRetryAfterMs: 3_600_000, deadline: Date.now() + 30_000 }));
  assert.deepEqual(verdict, { verification: 'unknown', detail: 'rate limited (429); verification budget exhausted' });
});

test('429 forever → unknown after the bounded tries', async () => {
  const key = liveKey();
  server.play(key, 'rate-forever');
  const verdict = await checkKey(key, whoami(), 'cloud', options({ maxTries: 4 }));
  assert.deepEqual(verdict, { verification: 'unknown', detail: 'rate limited (429) after 4 tries' });
  assert.equal(server.received.filter((r) => r.authorization === `Bearer ${key}`).length, 4);
});

test('a hanging request → unknown, timed out', async () => {
  const key = liveKey();
  server.play(key, 'hang');
  const verdict = await checkKey(key, whoami(), 'cloud', options({ timeoutMs: 50 }));
  assert.deepEqual(verdict, { verification: 'unknown', detail: 'timed out after 50 ms' });
});

test('500 → unknown, server error', async () => {
  const key = liveKey();
  server.play(key, 'server-error');
  const verdict = await checkKey(key, whoami(), 'cloud', options());
  assert.deepEqual(verdict, { verification: 'unknown', detail: 'server error 500' });
});

test('a closed port → unknown, connection refused', async () => {
  const port = await closedPort();
  const verdict = await checkKey(liveKey(), new URL(`http://127.0.0.1:${port}/v1/whoami`), 'cloud', options());
  assert.deepEqual(verdict, { verification: 'unknown', detail: 'connection refused' });
});

test('a past deadline sends nothing', async () => {
  let sent = 0;
  const verdict = await checkKey(liveKey(), whoami(), 'cloud', options({ deadline: Date.now() - 1, onRequest: () => sent++ }));
  assert.deepEqual(verdict, { verification: 'unknown', detail: 'verification budget exhausted' });
  assert.equal(sent, 0);
});

test('legacy keys go to the agents endpoint', async () => {
  const key = legacyKey();
  server.play(key, 'ok');
  const verdict = await checkKey(key, new URL(`${server.url}/v1/agents`), 'rest', options());
  assert.deepEqual(verdict, { verification: 'active', detail: 'key accepted by the REST API' });
  assert.equal(server.received.find((r) => r.authorization === `Bearer ${key}`)?.path, '/v1/agents');
});

test('a body that echoes the key never puts it in the detail', async () => {
  const key = liveKey();
  server.play(key, 'echo-key');
  const verdict = await checkKey(key, whoami(), 'cloud', options());
  assert.equal(verdict.verification, 'active');
  assert.ok(!verdict.detail.includes(key), verdict.detail);
  assert.ok(!verdict.detail.includes(key.slice(12)), verdict.detail);
});

test('a server echoing pieces of the key (31 or 12 characters) in any field never gets them printed', async () => {
  const cases: Array<(key: string) => [number, unknown]> = [
    (key) => [401, { detail: `invalid key ${key.slice(8, 39)}` }],
    (key) => [401, { detail: `key ${key.slice(20, 32)} expired at ${key.slice(30, 42)}` }],
    (key) => [403, `forbidden for ${key.slice(0, 12)}…${key.slice(-12)}`],
    (key) => [403, { error: { message: `scope missing on ${key.slice(5, 30)}` } }],
    (key) => [200, { org: { name: `acme-${key.slice(10, 22)}` }, env: key.slice(25, 37), scopes: [key.slice(8, 20), 'calls:read'] }],
    (key) => [200, { org_id: `x${key.slice(8)}y`, environment: 'production' }],
    (key) => [401, { detail: `not this one: pk_${key.slice(8, 40)} nor pc_test_${key.slice(9, 22)}` }],
    (key) => [401, { message: `${'x'.repeat(5000)}${key}` }],
  ];
  for (const make of cases) {
    const key = liveKey();
    const [status, body] = make(key);
    server.answer(key, status, body);
    const verdict = await checkKey(key, whoami(), 'cloud', options());
    assert.ok(verdict.detail.length <= 160, verdict.detail);
    const body43 = key.slice(8);
    for (let i = 0; i + 8 <= body43.length; i++) {
      assert.ok(!verdict.detail.includes(body43.slice(i, i + 8)), `${JSON.stringify(body)} → ${verdict.detail}`);
    }
  }
});

test('property: any 8+ character piece of the key, in any field of any answer, is never printed', async () => {
  const field = fc.constantFrom('detail', 'error', 'message', 'org', 'env', 'scopes');
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.nat(43),
      fc.integer({ min: 8, max: 51 }),
      field,
      fc.constantFrom(200, 401, 403),
      fc.string({ maxLength: 30 }),
      async (bytes, from, length, name, status, noise) => {
        const key = makeKey('pc_live_', bytes);
        const piece = key.slice(from, from + length);
        fc.pre(piece.length >= 8);
        const value = `${noise}${piece}${noise}`;
        server.answer(key, status, { [name]: name === 'scopes' ? [value, 'calls:read'] : value, env: 'production' });
        const verdict = await checkKey(key, whoami(), 'cloud', options());
        assert.ok(verdict.detail.length <= 160);
        const body = key.slice(8);
        for (let i = 0; i + 8 <= body.length; i++) assert.ok(!verdict.detail.includes(body.slice(i, i + 8)), verdict.detail);
      },
    ),
    { seed: FUZZ_SEED, numRuns: fuzzRuns(40) },
  );
});

test('server text with bidirectional or invisible characters is shown escaped', async () => {
  const key = liveKey();
  server.answer(key, 403, { detail: 'no \u202eeripxe\u200b scope' });
  const verdict = await checkKey(key, whoami(), 'cloud', options());
  assert.equal(verdict.detail, 'restricted permissions (403): no \\u202eeripxe\\u200b scope');
});

test('interpret: other answers', () => {
  const key = liveKey();
  assert.deepEqual(interpret(302, '', 'cloud', key), { verification: 'unknown', detail: 'redirect 302 not followed' });
  assert.deepEqual(interpret(404, '', 'cloud', key), { verification: 'unknown', detail: 'unexpected status 404' });
  assert.deepEqual(interpret(503, '', 'cloud', key), { verification: 'unknown', detail: 'server error 503' });
  assert.deepEqual(interpret(200, 'not json', 'cloud', key), { verification: 'active', detail: 'key accepted' });
  assert.deepEqual(interpret(200, '[{},{}]', 'rest', key), { verification: 'active', detail: 'key accepted by the REST API (2 agents visible)' });
  assert.deepEqual(interpret(200, '{"org_id":"org_1","environment":"sandbox","scope":"a b"}', 'cloud', key), {
    verification: 'active',
    detail: 'org org_1; env sandbox; scopes a, b',
  });
  const expired = interpret(401, JSON.stringify({ detail: `Key expired at ${EXPIRED_AT}; rotate it` }), 'cloud', key);
  assert.deepEqual(expired, { verification: 'inactive', detail: `expired at ${EXPIRED_AT}` });
  assert.deepEqual(interpret(401, '{"detail":"API key has expired"}', 'cloud', key), { verification: 'inactive', detail: 'expired' });
  const leaky = interpret(401, JSON.stringify({ detail: `unknown key ${key}` }), 'cloud', key);
  assert.ok(!leaky.detail.includes(key), leaky.detail);
});

test('parseRetryAfter: seconds and HTTP dates', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('7', now), 7000);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
  assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});

test('an unresolvable host → unknown, DNS lookup failed', async () => {
  // .invalid never resolves (RFC 6761).
  const verdict = await checkKey(liveKey(), new URL('https://pinecall-scan-test.invalid/v1/whoami'), 'cloud', options());
  assert.equal(verdict.verification, 'unknown');
  assert.match(verdict.detail, /^DNS lookup failed \(E[A-Z_]+\)$/);
});

test('a certificate that does not verify → unknown, TLS error (the key is not sent)', async (t) => {
  const dir = tempDir('pcscan-tls-');
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    } catch {
      t.skip('openssl is not available to make a self-signed certificate');
      return;
    }
    let sawRequest = false;
    const tls = createHttpsServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (_req, res) => {
      sawRequest = true;
      res.end('{}');
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const port = (tls.address() as AddressInfo).port;
      const verdict = await checkKey(liveKey(), new URL(`https://127.0.0.1:${port}/v1/whoami`), 'cloud', options());
      assert.deepEqual(verdict, { verification: 'unknown', detail: 'TLS error (DEPTH_ZERO_SELF_SIGNED_CERT)' });
      assert.equal(sawRequest, false);
    } finally {
      tls.closeAllConnections();
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  } finally {
    removeDir(dir);
  }
});

test('over http, a name is used only when it resolves to loopback', async () => {
  assert.equal(allLoopback([{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }]), true);
  assert.equal(allLoopback([{ address: '127.0.0.1', family: 4 }, { address: '10.0.0.7', family: 4 }]), false);
  assert.equal(allLoopback([{ address: '93.184.216.34', family: 4 }]), false);
  assert.equal(allLoopback([]), false);
  // `localhost` goes through the resolver (and this check) and still reaches the local server.
  const key = liveKey();
  server.play(key, 'ok');
  const viaName = new URL(whoami().href.replace('127.0.0.1', 'localhost'));
  const verdict = await checkKey(key, viaName, 'cloud', options());
  assert.equal(verdict.verification, 'active');
});
