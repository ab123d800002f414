import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hasScript, runCli, runOnTty } from '../../helpers/cli.js';
import { commitFiles, git, tempDir, tempRepos } from '../../helpers/git.js';
import { liveKey, testKey } from '../../helpers/keys.js';

const { repo, track } = tempRepos();

describe('pinecall-scan --history', () => {
  it('reports keys with commit, author and date in JSON, masked, exit 1', async () => {
    const r = repo();
    const key = liveKey();
    const c = commitFiles(r, { 'src/app.ts': `export const k = "${key}";\n` }, 'add');
    commitFiles(r, { 'src/app.ts': 'export const k = process.env.PINECALL_API_KEY;\n' }, 'remove');
    const res = await runCli(['--history', '--format', 'json'], { cwd: r });
    assert.equal(res.code, 1, res.stderr);
    assert.ok(!res.stdout.includes(key) && !res.stderr.includes(key), 'the key never appears in clear');
    const report = JSON.parse(res.stdout);
    assert.equal(report.findings.length, 1);
    const f = report.findings[0];
    assert.equal(f.ruleId, 'pinecall-api-key');
    assert.equal(f.file, 'src/app.ts');
    assert.equal(f.line, 1);
    assert.equal(f.column, 19);
    assert.equal(f.commit, c);
    assert.equal(f.author, 'Test Author <author@example.com>');
    assert.match(f.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    assert.equal(f.env, 'production');
    assert.match(f.match, /^pc_live_..…\(51\)$/);
    assert.equal(report.stats.commits, 2);
  });

  it('prints the commit in the text report and says when the clone is shallow', async () => {
    const r = repo();
    commitFiles(r, { 'one.txt': '1\n' }, 'one');
    const tip = commitFiles(r, { '.env': `PINECALL_KEY=${testKey()}\n` }, 'two');
    const clone = tempDir('pcscan-shallow-');
    track(clone);
    git(clone, 'clone', '-q', '--depth', '1', `file://${r}`, '.');
    const res = await runCli(['--history'], { cwd: clone });
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stdout, /^\.env$/m);
    assert.match(res.stdout, new RegExp(`commit ${tip.slice(0, 12)} \\(Test Author <author@example\\.com>, \\d{4}-`));
    assert.match(res.stdout, /shallow clone/);
    assert.equal(res.stderr, '', 'no progress line when stderr is not a terminal');
  });

  it('exits 0 on an empty repository and on a clean history', async () => {
    const r = repo();
    let res = await runCli(['--history'], { cwd: r });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /No Pinecall keys found \(0 commits/);
    commitFiles(r, { 'a.txt': 'nothing here\n' }, 'clean');
    res = await runCli(['--history', '--format', 'json'], { cwd: r });
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(JSON.parse(res.stdout).findings, []);
  });

  it('scans only --range for pull-request CI, taking the repository as a path', async () => {
    const r = repo();
    commitFiles(r, { 'old.env': `PINECALL_KEY=${liveKey()}\n` }, 'old');
    git(r, 'checkout', '-q', '-b', 'pr');
    const pr = commitFiles(r, { 'new.env': `PINECALL_KEY=${liveKey()}\n` }, 'pr');
    const elsewhere = tempDir();
    track(elsewhere);
    const res = await runCli(['--history', '--range', 'main..pr', '--format', 'json', r], { cwd: elsewhere });
    assert.equal(res.code, 1, res.stderr);
    assert.deepEqual(
      JSON.parse(res.stdout).findings.map((f: { commit: string; file: string }) => [f.commit, f.file]),
      [[pr, 'new.env']],
    );
    const clean = await runCli(['--history', '--range', 'pr..main'], { cwd: r });
    assert.equal(clean.code, 0, clean.stderr);
  });

  it('fails with one line and exit 2 for a bad range', async () => {
    const r = repo();
    commitFiles(r, { 'a.txt': 'a\n' }, 'one');
    const res = await runCli(['--history', '--range', 'nosuch..main'], { cwd: r });
    assert.equal(res.code, 2);
    assert.equal(res.stdout, '');
    assert.match(res.stderr, /^pinecall-scan: .*nosuch/);
    assert.equal(res.stderr.trim().split('\n').length, 1);
  });

  it('fails with one line and exit 2 outside a git repository', async () => {
    const dir = tempDir();
    track(dir);
    const res = await runCli(['--history'], { cwd: dir });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /^pinecall-scan: not a git repository: .+\n$/);
  });

  it('fails with one line and exit 2 when git is not installed', async () => {
    const r = repo();
    const bin = tempDir('pcscan-path-');
    track(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    for (const mode of ['--history', '--staged']) {
      const res = await runCli([mode], { cwd: r, env: { PATH: bin } });
      assert.equal(res.code, 2, `${mode}: ${res.stderr}`);
      assert.match(res.stderr, /^pinecall-scan: git is not installed[^\n]*\n$/);
    }
  });

  it('shows a progress line on a terminal, and none with --quiet', { skip: !hasScript() }, () => {
    const r = repo();
    for (let i = 0; i < 3; i++) commitFiles(r, { [`f${i}.txt`]: `${i}\n` }, `c${i}`);
    const shown = runOnTty('--history', { cwd: r });
    assert.equal(shown.status, 0);
    assert.match(shown.shown, /pinecall-scan: 3\/3 commits \(100%\), 0 findings/);
    assert.match(shown.shown, /No Pinecall keys found/);
    const quiet = runOnTty('--history --quiet', { cwd: r });
    assert.equal(quiet.status, 0);
    assert.doesNotMatch(quiet.shown, /commits \(/);
  });
});
