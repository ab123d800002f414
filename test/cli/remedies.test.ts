// Remedies that fit the place: the built CLI asks git where each key sits.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { commitFiles, git, makeRepo, removeDir, tempDir, writeFile } from '../helpers/git.js';
import { liveKey } from '../helpers/keys.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

async function remedies(cwd: string, args: string[]): Promise<Record<string, string>> {
  const r = await runCli(['--format', 'sarif', ...args], { cwd });
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout) as {
    runs: Array<{ results: Array<{ message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
  };
  const out: Record<string, string> = {};
  for (const result of log.runs[0]!.results) out[result.locations[0]!.physicalLocation.artifactLocation.uri] = result.message.text;
  return out;
}

describe('place-fitting remedies', () => {
  it('file scan: untracked unignored .env → .gitignore; ignored .env → generic; tracked file → remove and rotate', async () => {
    const root = makeRepo();
    dirs.push(root);
    commitFiles(root, { 'src/app.ts': `const key = "${liveKey()}";\n`, '.gitignore': 'secrets/\n' });
    writeFile(root, '.env', `PINECALL_API_KEY=${liveKey()}\n`);
    writeFile(root, 'secrets/.env', `PINECALL_API_KEY=${liveKey()}\n`);
    const byFile = await remedies(root, ['--no-ignore', '.']);
    assert.match(byFile['.env']!, /Add \.env to \.gitignore/);
    assert.match(byFile['src/app.ts']!, /Remove it from the file and rotate the key/);
    assert.match(byFile['secrets/.env']!, /Move the key to an environment variable/);
  });

  it('history scan: a key no longer in the tree → rotate, it is still in history', async () => {
    const root = makeRepo();
    dirs.push(root);
    const kept = liveKey();
    commitFiles(root, { 'old.ts': `const key = "${liveKey()}";\n`, 'kept.ts': `const key = "${kept}";\n` }, 'add');
    commitFiles(root, { 'old.ts': 'const key = process.env.PINECALL_API_KEY;\n' }, 'remove');
    const byFile = await remedies(root, ['--history']);
    assert.match(byFile['old.ts']!, /Rotate the key: it is still in the repository's history/);
    assert.match(byFile['kept.ts']!, /Remove it from the file and rotate the key/);
  });

  it('history scan from a subdirectory still finds the files', async () => {
    const root = makeRepo();
    dirs.push(root);
    commitFiles(root, { 'pkg/a.ts': `const key = "${liveKey()}";\n` }, 'add');
    const byFile = await remedies(`${root}/pkg`, ['--history']);
    assert.match(byFile['pkg/a.ts']!, /Remove it from the file and rotate the key/);
  });

  it('staged scan: a staged .env → unstage and ignore', async () => {
    const root = makeRepo();
    dirs.push(root);
    commitFiles(root, { 'README.md': 'x\n' });
    writeFile(root, '.env.local', `PINECALL_API_KEY=${liveKey()}\n`);
    git(root, 'add', '.env.local');
    const byFile = await remedies(root, ['--staged']);
    assert.match(byFile['.env.local']!, /Unstage it \(git restore --staged \.env\.local\) and add \.env\.local to \.gitignore/);
  });

  it('outside a git repository: the generic remedy', async () => {
    const dir = tempDir();
    dirs.push(dir);
    writeFile(dir, '.env', `PINECALL_API_KEY=${liveKey()}\n`);
    const byFile = await remedies(dir, ['.']);
    assert.match(byFile['.env']!, /Move the key to an environment variable/);
  });
});
