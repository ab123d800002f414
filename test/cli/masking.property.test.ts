// Masking by construction, as a property: random keys embedded at random offsets of every string a
// user controls (file and folder names, --stdin-filename, --config/--baseline/--output names, path
// arguments, --format, --range, unknown options, config field names, a stale baseline entry) never
// come out: no output byte sequence — stdout, stderr, the --output file, the baseline file — holds
// 12 or more consecutive characters of a key's body. Runs the CLI in-process (run(), the function
// bin.ts prints), seeded and bounded; `npm run fuzz` runs it longer (test/helpers/fuzz.ts).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { run } from '../../src/cli/run.js';
import { makeKey, makeOpsKey } from '../../src/core/index.js';
import { git, makeRepo, removeDir, tempDir, writeFile } from '../helpers/git.js';
import { fuzzRuns, FUZZ_SEED } from '../helpers/fuzz.js';
import { keyBodyLeaks } from '../helpers/leaks.js';
import { liveKey } from '../helpers/keys.js';

const SEED = FUZZ_SEED;
const RUNS = fuzzRuns(12);
const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

const key = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => makeKey('pc_live_', b)),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => makeKey('pc_test_', b)),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => makeKey('pk_', b)),
  fc.uint8Array({ minLength: 24, maxLength: 24 }).map((b) => makeOpsKey(b)),
);
// Name characters around the key: key characters first, so the key is joined to them.
const nameChars = fc.string({ unit: fc.constantFrom(...'abcXYZ019_-.@ '.split('')), maxLength: 8 });
/** A key at a random offset of a name: before + key + after. */
const embedded = fc.tuple(nameChars, key, nameChars).map(([before, k, after]) => ({ text: `${before}${k}${after}`, key: k }));

async function outputs(args: string[], cwd: string, extraFiles: string[] = [], stdin = ''): Promise<string> {
  const r = await run(args, { cwd, env: { NO_COLOR: '1' }, stdin: async () => stdin });
  const files = extraFiles.filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8'));
  return [r.stdout, r.stderr, ...files].join('\n');
}

function assertNoLeak(out: string, keys: string[]): void {
  const leaks = keyBodyLeaks(out, keys);
  assert.deepEqual(leaks, [], `leaked ${leaks.join(', ')} in:\n${out.slice(0, 2000)}`);
}

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

test('keys in file and folder names never come out, in any format, the --output file or the baseline', async () => {
  await fc.assert(
    fc.asyncProperty(embedded, embedded, fc.constantFrom(...FORMATS), async (file, folder, format) => {
      const root = tempDir('pcscan-mask-');
      dirs.push(root);
      const name = `${file.text.replace(/[/.]/g, '_')}.env`;
      const dir = `keys_${folder.text.replace(/[/.]/g, '_')}`;
      const inside = liveKey();
      writeFile(root, `${dir}/${name}`, `PINECALL_API_KEY=${inside}\n`);
      writeFile(root, `${name}`, `PINECALL_API_KEY=${inside}\n`);
      const report = join(root, 'out', 'report.txt');
      const baseline = join(root, 'b.json');
      const keys = [file.key, folder.key, inside];
      assertNoLeak(await outputs(['--format', format, '--output', report, '.'], root, [report]), keys);
      assertNoLeak(await outputs(['--format', format, '.'], root), keys);
      assertNoLeak(await outputs(['--write-baseline', baseline, '.'], root, [baseline]), keys);
      // The baseline written from masked paths still matches the same tree.
      const again = await run(['--baseline', baseline, '--format', 'json', '.'], { cwd: root, env: {} });
      assert.equal(again.exitCode, 0, again.stderr);
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test('keys in arguments, option names, file names of --config/--baseline/--output and --stdin-filename never come out', async () => {
  const root = tempDir('pcscan-mask-args-');
  dirs.push(root);
  writeFile(root, 'a.env', `PINECALL_API_KEY=${liveKey()}\n`);
  await fc.assert(
    fc.asyncProperty(embedded, fc.nat(9), async (e, which) => {
      const k = e.text;
      const cases: string[][] = [
        ['--config', `${k}_x.json`, '.'],
        ['--baseline', `${k}_x.json`, '.'],
        ['--output', join('missing', 'deeper', `${k}_x.json`), '.'],
        [`${k}_x`],
        ['--format', `${k}_x`, '.'],
        ['--history', '--range', `${k}_x..HEAD`, '.'],
        [`--${k}`],
        ['--write-baseline', join('no', 'such', `${k}.json`), '.'],
        ['--stdin', '--stdin-filename', `${k}_x`],
        ['--stdin', '--stdin-filename', `src/${k}/x.env`, '--format', 'json'],
      ];
      const args = cases[which]!;
      const stdin = `PINECALL_API_KEY=${liveKey()}\n`;
      assertNoLeak(await outputs(args, root, [], stdin), [e.key]);
    }),
    { seed: SEED, numRuns: RUNS * 4 },
  );
});

test('a key as a config field name or in a stale baseline entry never comes out', async () => {
  await fc.assert(
    fc.asyncProperty(embedded, embedded, async (field, stale) => {
      const root = tempDir('pcscan-mask-cfg-');
      dirs.push(root);
      writeFile(root, 'a.env', `PINECALL_API_KEY=${liveKey()}\n`);
      writeFile(root, 'cfg.json', JSON.stringify({ [`${field.text}_x`]: 1 }));
      assertNoLeak(await outputs(['--config', 'cfg.json', '.'], root), [field.key]);
      const entry = { file: `old/${stale.text}.env`, ruleId: 'pinecall-api-key', secretHash: 'a'.repeat(64) };
      writeFile(root, 'b.json', JSON.stringify({ version: 1, entries: [entry] }));
      for (const format of FORMATS) assertNoLeak(await outputs(['--baseline', 'b.json', '--format', format, '.'], root), [stale.key]);
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test('keys in commit authors and e-mails never come out (real git history)', async () => {
  await fc.assert(
    fc.asyncProperty(embedded, embedded, async (author, email) => {
      const root = makeRepo();
      dirs.push(root);
      writeFile(root, 'a.env', `PINECALL_API_KEY=${liveKey()}\n`);
      git(root, 'add', '.');
      git(root, '-c', `user.name=ci-${author.text}`, '-c', `user.email=ci_${email.text.replace(/[@ ]/g, '_')}@example.com`, 'commit', '-q', '-m', 'k');
      for (const format of FORMATS) {
        assertNoLeak(await outputs(['--history', '--format', format, '.'], root), [author.key, email.key]);
      }
    }),
    { seed: SEED, numRuns: Math.max(2, Math.round(RUNS / 3)) },
  );
});
