import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import {
  applyBaseline,
  baselineEntries,
  BASELINE_VERSION,
  formatBaseline,
  parseBaseline,
  readBaseline,
  writeBaseline,
} from '../../src/config/baseline.js';
import { detect } from '../../src/core/index.js';
import type { Finding } from '../../src/core/types.js';
import { removeDir, tempDir, writeFile } from '../helpers/git.js';
import { liveKey, testKey } from '../helpers/keys.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

const A = liveKey();
const B = testKey();
const findingsIn = (path: string, text: string, commit?: string): Finding[] =>
  detect({ text, path, ...(commit && { commit }) });

function scan(): Finding[] {
  return [
    ...findingsIn('src/b.ts', `const k = "${A}";\nconst again = "${A}";\n`),
    ...findingsIn('.env', `PINECALL_API_KEY=${B}\n`),
    ...findingsIn('src/a.ts', `const k = "${B}";\n`, 'c'.repeat(40)),
    ...findingsIn('src/a.ts', `// moved\nconst k = "${B}";\n`, 'd'.repeat(40)),
  ];
}

function errorOf(text: string): string {
  try {
    parseBaseline(text, 'base.json');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.doesNotMatch(err.message, /\n/);
    return err.message;
  }
  assert.fail('expected the baseline to be rejected');
}

describe('baseline file', () => {
  it('holds sorted, deduplicated entries: rule id, secret hash and path only', () => {
    const entries = baselineEntries(scan());
    assert.deepEqual(
      entries.map((e) => e.file),
      ['.env', 'src/a.ts', 'src/b.ts'],
    );
    const text = formatBaseline(entries);
    assert.ok(text.endsWith('}\n'));
    assert.ok(!text.includes(A) && !text.includes(B), 'no key in the file');
    assert.doesNotMatch(text, /"line"|"commit"|"date"|"match"/);
    const parsed = JSON.parse(text) as { version: number; entries: Array<Record<string, string>> };
    assert.equal(parsed.version, BASELINE_VERSION);
    assert.deepEqual(Object.keys(parsed.entries[0]!), ['file', 'ruleId', 'secretHash']);
    assert.equal(text.split('\n').filter((l) => l.includes('"secretHash"')).length, 3, 'one entry per line');
  });

  it('does not depend on the order of findings', () => {
    const forward = formatBaseline(baselineEntries(scan()));
    const backward = formatBaseline(baselineEntries(scan().reverse()));
    assert.equal(forward, backward);
  });

  it('formats an empty baseline', () => {
    assert.equal(formatBaseline([]), `{\n  "version": ${BASELINE_VERSION},\n  "entries": []\n}\n`);
    assert.deepEqual(parseBaseline(formatBaseline([]), 'b'), []);
  });

  it('round-trips through parseBaseline', () => {
    const entries = baselineEntries(scan());
    assert.deepEqual(parseBaseline(formatBaseline(entries), 'b'), entries);
  });

  it('writes and reads a file, creating its directory', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const count = await writeBaseline('ci/baseline.json', scan(), dir);
    assert.equal(count, 3);
    const text = readFileSync(join(dir, 'ci/baseline.json'), 'utf8');
    assert.equal(text, formatBaseline(baselineEntries(scan())));
    assert.deepEqual(await readBaseline('ci/baseline.json', dir), baselineEntries(scan()));
  });
});

describe('parseBaseline errors', () => {
  const hash = 'a'.repeat(64);
  const entry = (e: Record<string, unknown>): string => JSON.stringify({ version: 1, entries: [e] });

  it('names the file and the field', () => {
    assert.equal(errorOf('[]'), 'base.json: is not a baseline (expected a JSON object)');
    assert.equal(errorOf('{"entries": []}'), 'base.json: /version must be a positive integer (is this a pinecall-scan baseline?)');
    assert.equal(errorOf('{"version": 1}'), 'base.json: /entries must be an array');
    assert.equal(errorOf(entry({ file: 'a', ruleId: 'pinecall-api-key', secretHash: 'xyz' })), 'base.json: /entries/0/secretHash must be 64 lowercase hex characters');
    assert.equal(errorOf(entry({ ruleId: 'pinecall-api-key', secretHash: hash })), 'base.json: /entries/0/file must be a non-empty string');
    assert.equal(errorOf(entry({ file: 'a', secretHash: hash })), 'base.json: /entries/0/ruleId must be a non-empty string');
    assert.equal(errorOf('{"version": 1, "entries": [1]}'), 'base.json: /entries/0 must be an object');
    assert.match(errorOf('{"version": 1, "entries": [}'), /^base\.json: not valid JSON: value expected \(line 1, column 28\)$/);
  });

  it('refuses a baseline from a newer version, saying so', () => {
    assert.equal(
      errorOf('{"version": 2, "entries": []}'),
      'base.json: was written by a newer pinecall-scan (baseline version 2; this one reads version 1): upgrade pinecall-scan',
    );
  });

  it('reports an unreadable file', async () => {
    const dir = tempDir();
    dirs.push(dir);
    await assert.rejects(readBaseline('nope.json', dir), (err: unknown) => err instanceof ConfigError && err.message === 'nope.json: cannot read the baseline (ENOENT)');
    writeFile(dir, 'dir.json/x', '');
    await assert.rejects(readBaseline('dir.json', dir), /dir\.json: cannot read the baseline \(EISDIR\)/);
  });
});

describe('applyBaseline', () => {
  it('keeps only findings not in the baseline, wherever they are in the file and in whichever commit', () => {
    const entries = baselineEntries(findingsIn('src/a.ts', `x = "${B}"`));
    const { findings, stale } = applyBaseline(scan(), entries);
    assert.deepEqual(
      findings.map((f) => f.file).sort(),
      ['.env', 'src/b.ts', 'src/b.ts'],
    );
    assert.deepEqual(stale, []);
  });

  it('does not match the same key at another path', () => {
    const entries = baselineEntries(findingsIn('src/other.ts', `x = "${A}"`));
    const { findings, stale } = applyBaseline(scan(), entries);
    assert.equal(findings.length, scan().length);
    assert.deepEqual(stale, entries);
  });

  it('lists entries that match nothing, sorted', () => {
    const gone = [
      ...baselineEntries(findingsIn('z/gone.ts', `x = "${liveKey()}"`)),
      ...baselineEntries(findingsIn('a/gone.ts', `x = "${liveKey()}"`)),
    ];
    const { stale } = applyBaseline(scan(), [...gone, ...baselineEntries(scan())]);
    assert.deepEqual(stale.map((e) => e.file), ['a/gone.ts', 'z/gone.ts']);
  });
});
