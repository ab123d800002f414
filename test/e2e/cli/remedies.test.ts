// Remedies that fit the place: the built CLI asks git where each key sits.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { commitFiles, git, makeRepo, removeDir, tempDir, writeFile } from '../../helpers/git.js';
import { liveKey } from '../../helpers/keys.js';

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
  it('file scan: untracked unignored .env → .gitignore; ignored .env → keep it from spreading; tracked file → remove and rotate', async () => {
    const root = makeRepo();
    dirs.push(root);
    commitFiles(root, { 'src/app.ts': `const key = "${liveKey()}";\n`, '.gitignore': 'secrets/\n' });
    writeFile(root, '.env', `PINECALL_API_KEY=${liveKey()}\n`);
    writeFile(root, 'secrets/.env', `PINECALL_API_KEY=${liveKey()}\n`);
    const byFile = await remedies(root, ['--no-ignore', '.']);
    assert.match(byFile['.env']!, /Add \.env to \.gitignore/);
    assert.match(byFile['src/app.ts']!, /Remove it from the file and rotate the key/);
    // The user asked (--no-ignore): report it, with advice that fits a file git already ignores.
    assert.match(byFile['secrets/.env']!, /secrets\/\.env is ignored by git[^.]*; keep this file out of container images, archives and shared drives/);
    assert.doesNotMatch(byFile['secrets/.env']!, /environment variable|\.gitignore/);
  });

  it('every format says it in the file’s language: Python, a workflow, a Dockerfile', async () => {
    const root = makeRepo();
    dirs.push(root);
    commitFiles(root, {
      'app/settings.py': `PINECALL_API_KEY = "${liveKey()}"\n`,
      '.github/workflows/ci.yml': `env:\n  PINECALL_API_KEY: ${liveKey()}\n`,
      Dockerfile: `FROM node:20\nENV PINECALL_API_KEY ${liveKey()}\n`,
    });
    const sarif = await remedies(root, ['.']);
    assert.match(sarif['app/settings.py']!, /os\.environ\["PINECALL_API_KEY"\]/);
    assert.match(sarif['.github/workflows/ci.yml']!, /\$\{\{ secrets\.PINECALL_API_KEY \}\}/);
    assert.match(sarif['Dockerfile']!, /docker run -e PINECALL_API_KEY/);
    for (const text of Object.values(sarif)) assert.doesNotMatch(text, /process\.env/);
    const github = await runCli(['--format', 'github', '.'], { cwd: root });
    assert.match(github.stdout, /file=app\/settings\.py,[^\n]*os\.environ\["PINECALL_API_KEY"\]/);
    const text = await runCli(['.'], { cwd: root });
    assert.match(text.stdout, /app\/settings\.py:1:[^\n]*\n[^\n]*os\.environ\["PINECALL_API_KEY"\]/);
    assert.doesNotMatch(text.stdout, /process\.env/);
    writeFile(root, 'app/more.py', `KEY = "${liveKey()}"\n`);
    git(root, 'add', 'app/more.py');
    const hook = await runCli(['--staged', '--hook'], { cwd: root });
    assert.match(hook.stdout, /os\.environ\["PINECALL_API_KEY"\]/);
    assert.doesNotMatch(hook.stdout, /process\.env/);
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
