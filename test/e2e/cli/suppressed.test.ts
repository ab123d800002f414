// Every report says what was suppressed, and --prune-baseline drops stale entries without accepting
// new keys. The built CLI on real git repositories.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { writeFile, tempRepos } from '../../helpers/git.js';
import { liveKey, testKey } from '../../helpers/keys.js';
import { sha256Hex } from '../../../src/core/index.js';

const { repo } = tempRepos();

interface SarifLog {
  runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; status: string }> }> }>;
}

describe('suppressed findings are counted in every format', () => {
  it('a baseline, the config allow-list and an inline marker: text, JSON, SARIF and GitHub say so', async () => {
    const root = repo();
    writeFile(root, 'src/a.ts', `const a = "${liveKey()}";\nconst b = "${liveKey()}";\n`);
    writeFile(root, 'src/c.ts', `const c = "${testKey()}";\n`);
    assert.equal((await runCli(['--write-baseline', 'base.json', '.'], { cwd: root })).code, 0);
    writeFile(root, 'src/d.ts', `const d = "${liveKey()}"; // pinecall-scan:allow\n`);
    const allowed = liveKey();
    writeFile(root, '.pinecall-scan.json', JSON.stringify({ allow: [`sha256:${sha256Hex(allowed)}`] }));
    writeFile(root, 'src/e.ts', `const e = "${allowed}";\n`);

    const base = ['--baseline', 'base.json', '.'];
    const text = await runCli(base, { cwd: root });
    assert.equal(text.code, 0, text.stdout);
    assert.match(
      text.stdout,
      /^No new Pinecall keys \(5 known keys suppressed \(3 by the baseline, 1 by the config \(allow, ignorePaths\), 1 by pinecall-scan:allow comments\)\) — /m,
    );
    assert.doesNotMatch(text.stdout, /No Pinecall keys found/);

    const onlyBaseline = await runCli(['--baseline', 'base.json', 'src/a.ts', 'src/c.ts'], { cwd: root });
    assert.match(onlyBaseline.stdout, /^No new Pinecall keys \(3 known keys suppressed by the baseline\) — /m);

    const json = JSON.parse((await runCli(['--format', 'json', ...base], { cwd: root })).stdout);
    assert.deepEqual(json.summary, { findings: 0, suppressed: { baseline: 3, config: 1, inline: 1 } });

    const sarif = JSON.parse((await runCli(['--format', 'sarif', ...base], { cwd: root })).stdout) as SarifLog;
    const kinds = sarif.runs[0]!.results.map((r) => r.suppressions?.[0]?.kind).sort();
    assert.deepEqual(kinds, ['external', 'external', 'external', 'external', 'inSource']);
    for (const r of sarif.runs[0]!.results) assert.equal(r.suppressions?.[0]?.status, 'accepted');

    const github = await runCli(['--format', 'github', ...base], { cwd: root });
    assert.match(github.stdout, /^::notice title=pinecall-scan suppressed::No new Pinecall keys; 5 known keys suppressed/m);
    assert.doesNotMatch(github.stdout, /::error/);
  });
});

describe('--prune-baseline', () => {
  it('drops stale entries only; a new key is not recorded; the stale hint points at it', async () => {
    const root = repo();
    const kept = liveKey();
    writeFile(root, 'src/kept.ts', `const k = "${kept}";\n`);
    writeFile(root, 'src/gone.ts', `const g = "${liveKey()}";\n`);
    assert.equal((await runCli(['--write-baseline', 'base.json', '.'], { cwd: root })).code, 0);
    writeFile(root, 'src/gone.ts', 'const g = process.env.PINECALL_API_KEY;\n');
    writeFile(root, 'src/new.ts', `const n = "${liveKey()}";\n`);

    const before = await runCli(['--baseline', 'base.json', '.'], { cwd: root });
    assert.equal(before.code, 1);
    assert.match(before.stdout, /1 baseline entry matches nothing any more \(drop them with --prune-baseline base\.json, same scan options\)/);
    assert.doesNotMatch(before.stdout, /--write-baseline/);

    const prune = await runCli(['--prune-baseline', 'base.json', '.'], { cwd: root });
    assert.equal(prune.code, 0, prune.stderr);
    assert.match(prune.stderr, /removed 1 stale entry from base\.json \(1 kept\)\. 1 new finding was not added/);
    const entries = JSON.parse(readFileSync(join(root, 'base.json'), 'utf8')).entries as Array<{ file: string }>;
    assert.deepEqual(entries.map((e) => e.file), ['src/kept.ts']);

    const after = await runCli(['--baseline', 'base.json', '.'], { cwd: root });
    assert.equal(after.code, 1, 'the new key still fails the scan');
    assert.match(after.stdout, /src\/new\.ts:1/);
    assert.doesNotMatch(after.stdout, /matches nothing/);

    const again = await runCli(['--prune-baseline', 'base.json', '.'], { cwd: root });
    assert.match(again.stderr, /has no stale entries, nothing changed/);
    const both = await runCli(['--prune-baseline', 'base.json', '--baseline', 'base.json', '.'], { cwd: root });
    assert.equal(both.code, 2);
  });
});
