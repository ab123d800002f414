import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { buildAllow, buildPathMatcher, disabledRules } from '../../src/config/allow.js';
import { sha256Hex } from '../../src/core/index.js';
import { fuzzRuns, FUZZ_SEED } from '../helpers/fuzz.js';
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

describe('user patterns cannot stall a scan', () => {
  it('a backtracking-prone allow regex answers at once (linear-time engine)', { timeout: 20_000 }, () => {
    // A backtracking engine takes ~2^51 steps on a 51-character key that does not end in "!".
    const allow = buildAllow(['^([A-Za-z0-9_-]+)+!$', '^(a|a)*$'])!;
    const key = liveKey();
    assert.equal(allow(key, sha256Hex(key)), false);
    assert.equal(allow(`${key}!`, sha256Hex(key)), true);
    assert.equal(allow('a'.repeat(5000) + 'b', 'f'.repeat(64)), false);
  });

  it('JavaScript spellings still work: named groups, escaped slashes, classes', () => {
    const allow = buildAllow(['^pc_(?<env>test)_', 'a\\/b', '\\d{3}$'])!;
    const sandbox = testKey();
    assert.equal(allow(sandbox, sha256Hex(sandbox)), true);
    assert.equal(allow('x a/b y', 'f'.repeat(64)), true);
    assert.equal(allow('ends 123', 'f'.repeat(64)), true);
  });
});

describe('buildPathMatcher with many globs', () => {
  // The reference: every glob compiled and tried on the path and each of its parent directories.
  function reference(globs: string[]): (path: string) => boolean {
    const ms = globs.map((g) => {
      let n = g.trim().replace(/^\.\//, '');
      const anchored = n.startsWith('/');
      if (anchored) n = n.replace(/^\/+/, '');
      n = n.replace(/\/+$/, '');
      if (!anchored && !n.includes('/')) n = `**/${n}`;
      return picomatch(n, { dot: true, strictBrackets: true });
    });
    return (path) => {
      const parts = path.split('/');
      return parts.some((_, i) => ms.some((m) => m(parts.slice(0, i + 1).join('/'))));
    };
  }

  it('agrees with trying every glob, on random globs and paths', () => {
    const segment = fc.constantFrom('src', 'a', 'b', 'node_modules', 'x.min.js', 'app.ts', '.env', 'fixtures', 'x.ts.snap', 'key.env');
    const globPart = fc.constantFrom('src', 'a', '*', '**', '*.js', '*.min.js', 'fixtures', '.env*', '*.snap', '{a,b}', 'x.ts', 'app.?s', '[ab]');
    const glob = fc
      .tuple(fc.boolean(), fc.array(globPart, { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([anchor, parts, slash]) => `${anchor ? '/' : ''}${parts.join('/')}${slash ? '/' : ''}`);
    const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((p) => p.join('/'));
    fc.assert(
      fc.property(fc.array(glob, { minLength: 1, maxLength: 6 }), fc.array(path, { minLength: 1, maxLength: 8 }), (globs, paths) => {
        const fast = buildPathMatcher(globs);
        const slow = reference(globs);
        for (const p of paths) assert.equal(fast(p), slow(p), `${JSON.stringify(globs)} on ${p}`);
      }),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(300) },
    );
  });

  it('100 000 entries are compiled once and each path costs a few lookups', { timeout: 30_000 }, () => {
    const globs: string[] = [];
    for (let i = 0; i < 25_000; i++) globs.push(`generated/file${i}.env`, `dir${i}/`, `**/*.gen${i}.js`, `cache${i}`);
    const matches = buildPathMatcher(globs);
    const paths = Array.from({ length: 2000 }, (_, i) => `src/module${i}/deep/er/file${i}.ts`);
    assert.equal(paths.filter(matches).length, 0);
    assert.equal(matches('generated/file24999.env'), true);
    assert.equal(matches('dir7/any/where.ts'), true);
    assert.equal(matches('lib/x.gen123.js'), true);
    assert.equal(matches('a/cache99/b.ts'), true);
    assert.equal(matches('lib/x.gen123.jsx'), false);
  });
});
