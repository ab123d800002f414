// A key whose Pinecall context sits on an unchanged line: --staged and --history read the whole new
// version of the file, so they find it exactly where a files scan does, and report only added lines.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../helpers/cli.js';
import { commitFiles, git, writeFile, tempRepos } from '../../helpers/git.js';
import { hexSecret, liveKey } from '../../helpers/keys.js';

const { repo } = tempRepos();

interface Case {
  name: string;
  path: string;
  /** The file before and after; `after` changes only the value line. */
  before: (old: string) => string;
  after: (fresh: string) => string;
  value: () => string;
  /** 1-based line of the value in `after`. */
  line: number;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

const CASES: Case[] = [
  {
    name: 'a value changed under an unchanged `- name: PINECALL_API_KEY` (Kubernetes env)',
    path: 'k8s/deployment.yaml',
    before: () =>
      'spec:\n  containers:\n    - name: api\n      env:\n        - name: PINECALL_API_KEY\n          value: "REPLACE_ME"\n        - name: LOG_LEVEL\n          value: info\n',
    after: (v) =>
      `spec:\n  containers:\n    - name: api\n      env:\n        - name: PINECALL_API_KEY\n          value: "${v}"\n        - name: LOG_LEVEL\n          value: info\n`,
    value: hexSecret,
    line: 6,
  },
  {
    name: 'a hex `apiKey:` added inside an existing `new Pinecall({`',
    path: 'src/client.ts',
    before: () => "import { Pinecall } from '@pinecall/sdk';\n\nexport const client = new Pinecall({\n  region: 'eu',\n});\n",
    after: (v) => `import { Pinecall } from '@pinecall/sdk';\n\nexport const client = new Pinecall({\n  region: 'eu',\n  apiKey: "${v}",\n});\n`,
    value: hexSecret,
    line: 5,
  },
  {
    name: 'a rotated Kubernetes Secret `data:` value',
    path: 'deploy/secret.yaml',
    before: (old) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: pinecall\ntype: Opaque\ndata:\n  PINECALL_API_KEY: ${b64(old)}\n`,
    after: (v) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: pinecall\ntype: Opaque\ndata:\n  PINECALL_API_KEY: ${b64(v)}\n`,
    value: liveKey,
    line: 7,
  },
];

type Json = { findings: Array<{ file: string; line: number; commit?: string; fingerprint: string }> };
const found = (stdout: string) => (JSON.parse(stdout) as Json).findings.map((f) => [f.file, f.line, f.commit]);

describe('context on unchanged lines (--staged, --history)', () => {
  for (const c of CASES) {
    it(`finds ${c.name} as the files scan does`, async () => {
      const r = repo();
      const old = c.value();
      const first = commitFiles(r, { [c.path]: c.before(old) }, 'before');
      writeFile(r, c.path, c.after(c.value()));
      git(r, 'add', '-A');
      // One added line: the context is outside what the diff shows.
      assert.equal(git(r, 'diff', '--cached', '--numstat').split('\t')[0], '1');

      const files = await runCli(['--format', 'json', c.path], { cwd: r });
      assert.equal(files.code, 1, files.stderr);
      assert.deepEqual(found(files.stdout), [[c.path, c.line, undefined]]);

      const staged = await runCli(['--staged', '--format', 'json'], { cwd: r });
      assert.equal(staged.code, 1, staged.stderr);
      assert.deepEqual(found(staged.stdout), [[c.path, c.line, undefined]]);

      git(r, 'commit', '-q', '-m', 'rotate');
      const second = git(r, 'rev-parse', 'HEAD').trim();
      const history = await runCli(['--history', '--format', 'json'], { cwd: r });
      assert.equal(history.code, 1, history.stderr);
      const expected = [[c.path, c.line, second]];
      // The Secret held a key before the rotation too: that one belongs to the first commit.
      if (c.before(old).includes(b64(old))) expected.unshift([c.path, c.line, first]);
      assert.deepEqual(found(history.stdout).sort(), expected.sort());
    });
  }

  it('--staged still reports only added lines: an old key on an unchanged line is not refused again', async () => {
    const r = repo();
    const old = liveKey();
    commitFiles(r, { 'app.env': `PINECALL_API_KEY=${old}\nA=1\n` }, 'old key, already in history');
    writeFile(r, 'app.env', `PINECALL_API_KEY=${old}\nA=2\n`);
    git(r, 'add', '-A');
    const res = await runCli(['--staged', '--format', 'json'], { cwd: r });
    assert.equal(res.code, 0, res.stdout + res.stderr);
  });
});
