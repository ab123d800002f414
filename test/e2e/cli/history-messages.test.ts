// --history reads more than files: commit messages, annotated tag messages, notes and every stash entry.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../helpers/cli.js';
import { commitFiles, git, writeFile, tempRepos } from '../../helpers/git.js';
import { liveKey, testKey } from '../../helpers/keys.js';

const { repo } = tempRepos();

type JsonFinding = { file: string; line: number; commit: string; author: string; match: string };
const report = (stdout: string) => JSON.parse(stdout) as { findings: JsonFinding[] };

describe('pinecall-scan --history: messages, tags, notes, stash', () => {
  it('finds keys in commit and tag messages, notes and older stash entries, each at its commit', async () => {
    const r = repo();
    const inMessage = liveKey();
    const inTag = testKey();
    const inNote = liveKey();
    const inOldStash = liveKey();
    const base = commitFiles(r, { 'README.md': 'hello\n' }, 'init');
    const withMessage = commitFiles(r, { 'a.txt': 'a\n' }, `Fix login\n\nUsed PINECALL_API_KEY=${inMessage} to test`);
    // The same message again (a cherry-pick, an amend): the key is reported once, at its first commit.
    commitFiles(r, { 'b.txt': 'b\n' }, `Fix login\n\nUsed PINECALL_API_KEY=${inMessage} to test`);
    git(r, 'tag', '-a', 'v1.0', '-m', `Release\n\nsmoke test with ${inTag}`, base);
    git(r, 'tag', 'light', base);
    git(r, 'notes', 'add', '-m', `deployed with PINECALL_API_KEY=${inNote}`, withMessage);
    writeFile(r, 'a.txt', `PINECALL_API_KEY=${inOldStash}\n`);
    git(r, 'stash', 'push', '-q', '-m', 'wip');
    writeFile(r, 'a.txt', 'clean\n');
    git(r, 'stash', 'push', '-q', '-m', 'newer wip');
    const [newestStash, olderStash] = git(r, 'log', '-g', '--format=%H', 'refs/stash').trim().split('\n');
    assert.ok(newestStash && olderStash);

    const res = await runCli(['--history', '--format', 'json'], { cwd: r });
    assert.equal(res.code, 1, res.stderr);
    for (const key of [inMessage, inTag, inNote, inOldStash]) assert.ok(!res.stdout.includes(key), 'masked');
    const got = report(res.stdout).findings.map((f) => [f.file, f.line, f.commit]).sort();
    assert.deepEqual(
      got,
      [
        ['<commit message>', 3, withMessage],
        ['<tag message v1.0>', 3, base],
        ['<note>', 1, withMessage],
        ['a.txt', 1, olderStash],
      ].sort(),
    );
    const tag = report(res.stdout).findings.find((f) => f.file.startsWith('<tag'))!;
    assert.equal(tag.author, 'Test Author <author@example.com>');

    const off = await runCli(['--history', '--no-messages', '--format', 'json'], { cwd: r });
    assert.equal(off.code, 0, off.stdout + off.stderr);
    assert.deepEqual(report(off.stdout).findings, []);
  });

  it('scans the messages of a --range, and refuses --no-messages without --history', async () => {
    const r = repo();
    commitFiles(r, { 'a.txt': 'a\n' }, `old PINECALL_API_KEY=${liveKey()}`);
    const base = git(r, 'rev-parse', 'HEAD').trim();
    const pr = commitFiles(r, { 'b.txt': 'b\n' }, `new\n\nPINECALL_API_KEY=${liveKey()}`);
    const res = await runCli(['--history', '--range', `${base}..HEAD`, '--format', 'json'], { cwd: r });
    assert.equal(res.code, 1, res.stderr);
    assert.deepEqual(report(res.stdout).findings.map((f) => [f.file, f.line, f.commit]), [['<commit message>', 3, pr]]);
    const bad = await runCli(['--no-messages'], { cwd: r });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^pinecall-scan: --no-messages needs --history\n/);
  });
});
