import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refusalReporter } from '../../src/report/refusal.js';
import { fingerprintOf, sha256Hex } from '../../src/core/fingerprint.js';
import { maskSecret } from '../../src/core/redact.js';
import { REMEDIES } from '../../src/report/remedies.js';
import type { Finding, ScanResult } from '../../src/core/types.js';
import { liveKey, opsKey } from '../helpers/keys.js';

function finding(secret: string, file: string, line: number, extra: Partial<Finding> = {}): Finding {
  const secretHash = sha256Hex(secret);
  const f = {
    ruleId: 'pinecall-api-key',
    confidence: 'high',
    description: 'Pinecall API key',
    file,
    line,
    column: 5,
    endLine: line,
    endColumn: 5 + secret.length,
    start: 0,
    end: secret.length,
    match: maskSecret(secret),
    secretHash,
    fingerprint: fingerprintOf('pinecall-api-key', secretHash, file),
    ...extra,
  } as Finding;
  Object.defineProperty(f, 'secret', { value: secret, enumerable: false });
  return f;
}

function result(findings: Finding[], remedies?: Record<string, string>): ScanResult {
  return {
    mode: 'staged',
    findings,
    skipped: [],
    stats: { files: 1, bytes: 100, commits: 0, durationMs: 1 },
    ...(remedies ? { remedies } : {}),
  };
}

const plain = { showSecrets: false, color: false };

test('a clean staged scan prints nothing, so the commit goes through quietly', () => {
  assert.equal(refusalReporter(result([]), plain), '');
});

test('each finding is shown as file:line with rule and masked key, never the key', () => {
  const live = liveKey();
  const ops = opsKey();
  const out = refusalReporter(
    result([
      finding(live, 'src/app.ts', 12, { env: 'production' }),
      finding(ops, 'deploy/.env', 3, { ruleId: 'pinecall-ops-key' }),
    ]),
    plain,
  );
  assert.match(out, /commit blocked/);
  assert.match(out, /2 Pinecall keys/);
  const appLine = out.split('\n').find((l) => l.includes('src/app.ts:12'));
  assert.ok(appLine, out);
  assert.match(appLine, /pinecall-api-key/);
  assert.ok(appLine.includes(`${live.slice(0, 10)}…(51)`), appLine);
  assert.match(appLine, /production key/);
  assert.match(out, /deploy\/\.env:3 +pinecall-ops-key +pc_ops_/);
  assert.ok(!out.includes(live), 'full live key printed');
  assert.ok(!out.includes(ops), 'full ops key printed');
  assert.ok(!out.includes(live.slice(8, 20)), 'part of the key body printed');
});

test('it says what to do: remove, environment variable, .gitignore, rotate, and how to allow a false positive', () => {
  const key = liveKey();
  const f = finding(key, 'src/app.ts', 1);
  const out = refusalReporter(result([f]), plain);
  assert.match(out, /Remove the key from src\/app\.ts/);
  assert.match(out, /process\.env\.PINECALL_API_KEY/);
  assert.match(out, /\.env file that is listed in \.gitignore/);
  assert.match(out, /rotate it/);
  assert.match(out, /pinecall-scan:allow/);
  assert.ok(out.includes(`"allow": ["sha256:${f.secretHash}"]`), out);
  assert.ok(!out.includes('--no-verify'), 'the escape hatch is not advice');
});

test('a place-specific remedy is shown under its finding; the general staged one is not repeated', () => {
  const env = finding(liveKey(), '.env', 1);
  const code = finding(liveKey(), 'src/a.ts', 1);
  const out = refusalReporter(
    result([env, code], { [env.fingerprint]: REMEDIES.stagedEnv('.env'), [code.fingerprint]: REMEDIES.staged }),
    plain,
  );
  const lines = out.split('\n');
  const at = lines.findIndex((l) => l.includes('.env:1'));
  assert.equal(lines[at + 1]!.trim(), REMEDIES.stagedEnv('.env'));
  assert.ok(!out.includes(REMEDIES.staged));
  assert.match(out, /Remove the key from src\/a\.ts and stage/);
  assert.doesNotMatch(out, /Remove the keys? from \.env/, 'a .env file is unstaged, not edited');
});

test('the same key twice is allowed with one hash; --show-secrets prints the key', () => {
  const key = liveKey();
  const out = refusalReporter(result([finding(key, 'a.ts', 1), finding(key, 'b.ts', 2)]), {
    showSecrets: true,
    color: false,
  });
  assert.ok(out.includes(key));
  assert.equal(out.match(/sha256:/g)?.length, 1);
  assert.match(out, /Remove the keys from a\.ts, b\.ts and stage those changes/);
});

test('colour only when asked', () => {
  const out = refusalReporter(result([finding(liveKey(), 'a.ts', 1)]), { showSecrets: false, color: true });
  assert.match(out, /\u001b\[/);
  assert.doesNotMatch(refusalReporter(result([finding(liveKey(), 'a.ts', 1)]), plain), /\u001b\[/);
});

test('production keys are to be rotated, never allow-listed; other findings may be allowed by hash', () => {
  const prod = finding(liveKey(), 'src/a.ts', 1, { env: 'production' });
  const other = finding(liveKey(), 'src/b.ts', 2, { ruleId: 'pinecall-context-secret' });
  const onlyProd = refusalReporter(result([prod]), plain);
  assert.ok(!onlyProd.includes(prod.secretHash), 'a production key’s hash is offered for the allow-list');
  assert.doesNotMatch(onlyProd, /"allow":/);
  assert.match(onlyProd, /production key is real[^]*rotate it in the Pinecall dashboard/);
  const both = refusalReporter(result([prod, other]), plain);
  assert.ok(both.includes(`"allow": ["sha256:${other.secretHash}"]`), both);
  assert.ok(!both.includes(prod.secretHash));
});

test('the environment step is said in each file’s language', () => {
  const out = refusalReporter(result([finding(liveKey(), 'app/settings.py', 1), finding(liveKey(), 'deploy/run.sh', 2)]), plain);
  assert.match(out, /os\.environ\["PINECALL_API_KEY"\]/);
  assert.match(out, /"\$PINECALL_API_KEY"/);
  assert.doesNotMatch(out, /process\.env/);
});

test('a staged file name with a bidirectional override is shown escaped', () => {
  const out = refusalReporter(result([finding(liveKey(), 'keys\u202evne.', 1)]), { showSecrets: false, color: false });
  assert.doesNotMatch(out, /\u202e/u);
  assert.ok(out.includes('keys\\u202evne.:1'), out);
});
