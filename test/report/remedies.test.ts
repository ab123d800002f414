import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULE_DOCS } from '../../src/core/index.js';
import { isEnvFile, remedyFor } from '../../src/report/remedies.js';
import { findingsIn, LIVE } from './fixtures.js';

describe('remedies', () => {
  it('recognises .env files, not their templates', () => {
    for (const f of ['.env', '.env.local', 'deploy/.env.production']) assert.equal(isEnvFile(f), true, f);
    for (const f of ['.env.example', 'a/.env.sample', 'env', 'x.env', '.environment']) assert.equal(isEnvFile(f), false, f);
  });

  it('fits the remedy to the place', () => {
    const [f] = findingsIn('.env', `PINECALL_API_KEY=${LIVE}\n`);
    assert.match(remedyFor(f!, 'unignored-env'), /^Add \.env to \.gitignore/);
    assert.match(remedyFor(f!, 'tracked'), /^Remove it from the file and rotate the key/);
    assert.match(remedyFor(f!, 'history-only'), /^Rotate the key: it is still in the repository's history/);
    assert.match(remedyFor(f!, 'staged'), /^Unstage it \(git restore --staged \.env\) and add \.env to \.gitignore/);
    assert.equal(remedyFor(f!, 'unknown'), RULE_DOCS[f!.ruleId].remedy);
    const [code] = findingsIn('src/a.ts', `const k = "${LIVE}";\n`);
    assert.match(remedyFor(code!, 'staged'), /^Remove it before committing/);
  });
});
