import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAllow, buildPathMatcher, disabledRules } from '../../src/config/allow.js';
import { sha256Hex } from '../../src/core/index.js';
import { liveKey, testKey } from '../helpers/keys.js';

describe('buildAllow', () => {
  it('allows nothing without entries', () => {
    assert.equal(buildAllow(undefined), undefined);
    assert.equal(buildAllow([]), undefined);
  });

  it('matches regexes against the key, unanchored', () => {
    const allow = buildAllow(['^pc_test_', 'XYZ$'])!;
    const sandbox = testKey();
    const live = liveKey();
    assert.equal(allow(sandbox, sha256Hex(sandbox)), true);
    assert.equal(allow(live, sha256Hex(live)), false);
    assert.equal(allow(`pc_live_${'a'.repeat(40)}XYZ`, 'f'.repeat(64)), true);
  });

  it('matches sha256: entries against the hash, in either case', () => {
    const key = liveKey();
    const other = liveKey();
    const allow = buildAllow([`sha256:${sha256Hex(key).toUpperCase()}`])!;
    assert.equal(allow(key, sha256Hex(key)), true);
    assert.equal(allow(other, sha256Hex(other)), false);
  });
});

describe('disabledRules', () => {
  it('lists the rules switched off', () => {
    assert.deepEqual(disabledRules({ rules: { 'pinecall-legacy-key': 'off', 'pinecall-api-key': 'on' } }), ['pinecall-legacy-key']);
    assert.deepEqual(disabledRules({}), []);
  });
});

describe('buildPathMatcher', () => {
  const cases: Array<[string[], string, boolean]> = [
    [['fixtures/**'], 'fixtures/a/b.ts', true],
    [['fixtures/**'], 'src/fixtures/a.ts', false],
    [['fixtures/'], 'fixtures/a/b.ts', true],
    [['fixtures'], 'src/fixtures/a.ts', true],
    [['/fixtures'], 'src/fixtures/a.ts', false],
    [['/fixtures'], 'fixtures/a.ts', true],
    [['*.snap'], 'test/__snapshots__/x.ts.snap', true],
    [['*.snap'], 'x.snapshot', false],
    [['.env*'], 'deploy/.env.production', true],
    [['docs/**/*.md'], 'docs/a/b/c.md', true],
    [['docs/**/*.md'], 'docs/a/b/c.ts', false],
    [['src/*.ts'], 'src/a/b.ts', false],
    [['{a,b}/x.ts'], 'b/x.ts', true],
    [['./build/**'], 'build/out.js', true],
    [['**'], '../outside.ts', false],
  ];
  for (const [globs, path, expected] of cases) {
    it(`${JSON.stringify(globs)} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(buildPathMatcher(globs)(path), expected);
    });
  }

  it('matches nothing without globs', () => {
    assert.equal(buildPathMatcher(undefined)('a.ts'), false);
  });
});
