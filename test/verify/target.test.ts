import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost, resolveVerifyTarget, VerifyUrlError } from '../../src/verify/target.js';

test('default endpoints are Pinecall hosts over https', () => {
  const target = resolveVerifyTarget();
  assert.equal(target.whoami.href, 'https://cloud.pinecall.io/v1/whoami');
  assert.equal(target.agents.href, 'https://api.pinecall.io/v1/agents');
  assert.equal(resolveVerifyTarget('  ').whoami.href, 'https://cloud.pinecall.io/v1/whoami');
});

test('an override sends both key types to URL/v1/…, keeping a path prefix', () => {
  const target = resolveVerifyTarget('https://gw.example.com/pinecall/');
  assert.equal(target.whoami.href, 'https://gw.example.com/pinecall/v1/whoami');
  assert.equal(target.agents.href, 'https://gw.example.com/pinecall/v1/agents');
});

test('http is accepted for loopback hosts only', () => {
  for (const url of ['http://127.0.0.1:8080', 'http://127.9.8.7', 'http://[::1]:3000', 'http://localhost:1', 'http://127.0.0.1.', 'http://[::ffff:127.0.0.1]']) {
    assert.equal(resolveVerifyTarget(url).whoami.protocol, 'http:', url);
  }
  for (const url of ['http://example.com', 'http://10.0.0.1', 'http://128.0.0.1', 'http://[::2]', 'http://localhost.example.com', 'http://0.0.0.0', 'http://[::ffff:10.0.0.1]']) {
    assert.throws(() => resolveVerifyTarget(url), VerifyUrlError, url);
  }
});

// `localhost.` (a fully qualified name) is not in /etc/hosts: the resolver asks DNS, which may answer
// with any address, and the key would travel in clear text to it.
test('http://localhost. (trailing dot) is refused', () => {
  assert.throws(() => resolveVerifyTarget('http://localhost.:8080'), VerifyUrlError);
  assert.throws(() => resolveVerifyTarget('http://LOCALHOST.'), VerifyUrlError);
});

test('refused overrides say why on one line', () => {
  const cases: Array<[string, RegExp]> = [
    ['http://example.com', /http:\/\/ is only allowed for loopback hosts \(127\.0\.0\.0\/8, ::1, localhost\), not example\.com; use https:\/\//],
    ['ftp://127.0.0.1', /protocol ftp: is not supported/],
    ['not a url', /not a valid absolute URL/],
    ['https://user:pw@gw.example.com', /credentials/],
    ['https://gw.example.com/?x=1', /query string/],
  ];
  for (const [url, message] of cases) {
    assert.throws(
      () => resolveVerifyTarget(url),
      (error: unknown) => error instanceof VerifyUrlError && message.test(error.message) && !error.message.includes('\n'),
      url,
    );
  }
});

test('isLoopbackHost', () => {
  assert.equal(isLoopbackHost('127.0.0.1'), true);
  assert.equal(isLoopbackHost('[::1]'), true);
  assert.equal(isLoopbackHost('::ffff:127.0.0.1'), true);
  assert.equal(isLoopbackHost('localhost'), true);
  assert.equal(isLoopbackHost('cloud.pinecall.io'), false);
  assert.equal(isLoopbackHost('127.0.0.1.nip.io'), false);
});
