import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { DiffParser, COMMIT_FORMAT, unquotePath, type AddedLines, type DiffCommit } from '../../src/sources/git-diff-parse.js';
import { GIT_CONFIG_ARGS, DIFF_ARGS } from '../../src/sources/git-repo.js';
import { commitFiles, git, tempRepos } from '../helpers/git.js';

interface Parsed {
  commits: DiffCommit[];
  added: AddedLines[];
  renames: Array<[string, string]>;
  binaries: string[];
}

function parse(text: string, chunkSize = text.length, maxPartChars?: number): Parsed {
  const out: Parsed = { commits: [], added: [], renames: [], binaries: [] };
  const parser = new DiffParser(
    {
      onCommit: (c) => out.commits.push(c),
      onAdded: (a) => out.added.push(a),
      onRename: (from, to) => out.renames.push([from, to]),
      onBinary: (p) => out.binaries.push(p),
    },
    maxPartChars === undefined ? {} : { maxPartChars },
  );
  for (let i = 0; i < text.length; i += Math.max(1, chunkSize)) parser.push(text.slice(i, i + chunkSize));
  parser.end();
  return out;
}

/** The same log the history source reads, as one string. */
function gitLog(repo: string): string {
  return execFileSync(
    'git',
    [...GIT_CONFIG_ARGS, 'log', '-p', '--cc', ...DIFF_ARGS, '--topo-order', '--reverse', `--format=${COMMIT_FORMAT}`, '--all', '--'],
    { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
}

const { repo } = tempRepos();

describe('DiffParser on real git log output', () => {
  it('yields only added lines, with their line numbers in the new file', () => {
    const r = repo();
    commitFiles(r, { 'a.txt': 'one\ntwo\nthree\nfour\nfive\n' }, 'first');
    commitFiles(r, { 'a.txt': 'one\nTWO\nthree\nfour\nfive\nsix\n' }, 'second');
    const { commits, added } = parse(gitLog(r));
    assert.equal(commits.length, 2);
    assert.equal(commits[0]!.parents.length, 0);
    assert.deepEqual(commits[1]!.parents, [commits[0]!.sha]);
    assert.match(commits[0]!.author, /^Test Author <author@example\.com>$/);
    assert.match(commits[0]!.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    assert.deepEqual(
      added.map((a) => [a.commit!.sha, a.path, a.lines, a.lineMap]),
      [
        [commits[0]!.sha, 'a.txt', ['one', 'two', 'three', 'four', 'five'], [1, 2, 3, 4, 5]],
        [commits[1]!.sha, 'a.txt', ['TWO', 'six'], [2, 6]],
      ],
    );
  });

  it('gives the same result whatever the chunk boundaries', () => {
    const r = repo();
    commitFiles(r, { 'x/é ü.txt': 'héllo\r\nwörld\r\n', 'b.txt': '1\n2\n' }, 'one');
    commitFiles(r, { 'b.txt': '1\nzwei\n3\n' }, 'two');
    const log = gitLog(r);
    const whole = parse(log);
    for (const size of [1, 2, 3, 7, 64]) assert.deepEqual(parse(log, size), whole, `chunk size ${size}`);
    const file = whole.added.find((a) => a.path === 'x/é ü.txt')!;
    assert.deepEqual(file.lines, ['héllo', 'wörld'], 'CR of CRLF is dropped, non-ASCII path kept');
  });

  it('reads renames, including pure renames that carry no lines', () => {
    const r = repo();
    commitFiles(r, { 'old name.txt': 'a\nb\nc\nd\ne\nf\ng\nh\n' }, 'one');
    git(r, 'mv', 'old name.txt', 'new name.txt');
    git(r, 'commit', '-q', '-m', 'rename');
    const { renames, added } = parse(gitLog(r));
    assert.deepEqual(renames, [['old name.txt', 'new name.txt']]);
    assert.equal(added.length, 1);
  });

  it('reports binary files and yields no lines for them', () => {
    const r = repo();
    commitFiles(r, { 'img.bin': Buffer.from([0, 1, 2, 0, 255, 10, 0]) }, 'bin');
    const { binaries, added } = parse(gitLog(r));
    assert.deepEqual(binaries, ['img.bin']);
    assert.deepEqual(added, []);
  });

  it('keeps only lines new against every parent in a merge (conflict resolution)', () => {
    const r = repo();
    commitFiles(r, { 'f.txt': 'a\nb\nc\n' }, 'base');
    git(r, 'checkout', '-q', '-b', 'side');
    commitFiles(r, { 'f.txt': 'a\nSIDE\nc\n' }, 'side');
    git(r, 'checkout', '-q', 'main');
    commitFiles(r, { 'f.txt': 'a\nMAIN\nc\n' }, 'main');
    try {
      git(r, 'merge', '-q', 'side');
    } catch {
      // conflict expected
    }
    commitFiles(r, { 'f.txt': 'a\nRESOLVED\nMAIN\nc\n' }, 'merge');
    const { commits, added } = parse(gitLog(r));
    const merge = commits.find((c) => c.parents.length === 2)!;
    const inMerge = added.filter((a) => a.commit?.sha === merge.sha);
    assert.deepEqual(
      inMerge.map((a) => [a.path, a.lines, a.lineMap]),
      [['f.txt', ['RESOLVED'], [2]]],
    );
  });

  it('splits a huge file into parts that keep their line numbers', () => {
    const r = repo();
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i + 1} ${'x'.repeat(30)}`);
    commitFiles(r, { 'big.txt': lines.join('\n') + '\n' }, 'big');
    const { added } = parse(gitLog(r), 4096, 200);
    assert.ok(added.length > 5);
    assert.ok(added.slice(0, -1).every((a) => a.partial));
    assert.equal(added.at(-1)!.partial, false);
    assert.deepEqual(added.flatMap((a) => a.lines), lines);
    assert.deepEqual(added.flatMap((a) => a.lineMap), lines.map((_, i) => i + 1));
  });
});

describe('DiffParser on staged diff output', () => {
  it('parses a diff with no commit lines', () => {
    const text = [
      'diff --git a/"we\\"ird.txt" b/"we\\"ird.txt"',
      'new file mode 100644',
      'index 0000000..1111111',
      '--- /dev/null',
      '+++ "b/we\\"ird.txt"',
      '@@ -0,0 +1,2 @@',
      '+first',
      '+second',
      'diff --git a/x.txt b/x.txt',
      'index 1111111..2222222 100644',
      '--- a/x.txt',
      '+++ b/x.txt',
      '@@ -3 +3 @@ ctx',
      '-gone',
      '+kept',
      '\\ No newline at end of file',
      '@@ -10,0 +11,2 @@',
      '+++not a header',
      '+last',
      '',
    ].join('\n');
    const { commits, added } = parse(text);
    assert.equal(commits.length, 0);
    assert.deepEqual(
      added.map((a) => [a.path, a.lines, a.lineMap, a.commit]),
      [
        ['we"ird.txt', ['first', 'second'], [1, 2], undefined],
        ['x.txt', ['kept', '++not a header', 'last'], [3, 11, 12], undefined],
      ],
    );
  });
});

describe('unquotePath', () => {
  it('decodes C-quoted paths with octal UTF-8 bytes', () => {
    assert.equal(unquotePath('"na\\303\\257ve\\tfile"'), 'naïve\tfile');
    assert.equal(unquotePath('"a\\\\b\\"c"'), 'a\\b"c');
    assert.equal(unquotePath('plain name'), 'plain name');
  });
});
