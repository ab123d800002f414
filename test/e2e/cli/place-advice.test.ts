// Advice from the key's place, through the built CLI in every format: a production key in a test or
// dev place (issue 13 item 9) and a key behind a bundler-public name (issue 14 item 8).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { commitFiles, git, makeRepo, removeDir, writeFile } from '../../helpers/git.js';
import { hexSecret, liveKey, testKey } from '../../helpers/keys.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

const TEST_PLACE = /a production key in a test place: use a pc_test_ sandbox key here/i;
const CLIENT = /every visitor of the site can read this key: drop the public prefix, call Pinecall from the server/;

interface JsonFinding {
  file: string;
  line: number;
  placeHint?: string;
  exposure?: string;
}

async function json(cwd: string, args: string[]): Promise<JsonFinding[]> {
  const r = await runCli(['--format', 'json', ...args], { cwd });
  assert.equal(r.code, 1, r.stderr);
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
}

const byFile = (findings: JsonFinding[]) => Object.fromEntries(findings.map((f) => [`${f.file}:${f.line}`, f]));

describe('a production key in a test or dev place', () => {
  const workflow = (live: string, other: string) =>
    ['on: push', 'jobs:', '  unit-tests:', '    runs-on: ubuntu-latest', '    env:', `      PINECALL_API_KEY: ${live}`, '  deploy:', '    env:', `      PINECALL_API_KEY: ${other}`, ''].join('\n');

  it('JSON placeHint for test files, fixtures, .env.test/.env.development and a CI test job; not elsewhere or for sandbox keys', async () => {
    const root = makeRepo();
    dirs.push(root);
    commitFiles(root, {
      'src/client.test.ts': `const key = "${liveKey()}";\nconst sandbox = "${testKey()}";\n`,
      'test/fixtures/config.json': `{"key": "${liveKey()}"}\n`,
      '.env.test': `PINECALL_API_KEY=${liveKey()}\n`,
      'apps/web/.env.development': `PINECALL_API_KEY=${liveKey()}\n`,
      '.github/workflows/ci.yml': workflow(liveKey(), liveKey()),
      'src/client.ts': `const key = "${liveKey()}";\n`,
      '.env.production': `PINECALL_API_KEY=${liveKey()}\n`,
    });
    const found = byFile(await json(root, ['.']));
    const hinted = Object.entries(found)
      .filter(([, f]) => f.placeHint !== undefined)
      .map(([place, f]) => [place, f.placeHint]);
    assert.deepEqual(hinted.sort(), [
      ['.env.test:1', 'production-key-in-test-place'],
      ['.github/workflows/ci.yml:6', 'production-key-in-test-place'],
      ['apps/web/.env.development:1', 'production-key-in-test-place'],
      ['src/client.test.ts:1', 'production-key-in-test-place'],
      ['test/fixtures/config.json:1', 'production-key-in-test-place'],
    ]);
    assert.equal(Object.keys(found).length, 9);
  });

  it('text, SARIF, GitHub and the hook refusal add the advice; the rule id stays', async () => {
    const root = makeRepo();
    dirs.push(root);
    commitFiles(root, { 'src/client.spec.js': `export const key = '${liveKey()}';\n`, 'src/app.js': `export const key = '${liveKey()}';\n` });
    const text = await runCli(['.'], { cwd: root });
    assert.equal(text.code, 1);
    assert.match(text.stdout, /src\/client\.spec\.js:1:\d+ {2}Pinecall API key \(pinecall-api-key\)[^\n]*in a test place\n[^\n]*→[^\n]*use a pc_test_ sandbox key here/i);
    assert.equal(text.stdout.match(TEST_PLACE)?.length, 1, 'only the test file gets it');

    const sarif = JSON.parse((await runCli(['--format', 'sarif', '.'], { cwd: root })).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; message: { text: string }; properties: Record<string, string> }> }>;
    };
    const spec = sarif.runs[0]!.results.find((r) => r.properties.placeHint);
    assert.equal(spec?.ruleId, 'pinecall-api-key');
    assert.equal(spec?.properties.placeHint, 'production-key-in-test-place');
    assert.match(spec!.message.text, TEST_PLACE);
    assert.equal(sarif.runs[0]!.results.filter((r) => TEST_PLACE.test(r.message.text)).length, 1);

    const github = await runCli(['--format', 'github', '.'], { cwd: root });
    assert.match(github.stdout, /file=src\/client\.spec\.js,[^\n]*use a pc_test_ sandbox key here/);
    assert.doesNotMatch(github.stdout, /file=src\/app\.js,[^\n]*sandbox key here/);

    writeFile(root, 'tests/e2e/call.ts', `const key = "${liveKey()}";\n`);
    git(root, 'add', 'tests/e2e/call.ts');
    const hook = await runCli(['--staged', '--hook'], { cwd: root });
    assert.equal(hook.code, 1);
    assert.match(hook.stdout, /tests\/e2e\/call\.ts:1[^\n]*production key, in a test place\)\n[^\n]*\n?[^\n]*use a pc_test_ sandbox key here/i);
  });
});

describe('a key behind a bundler-public name', () => {
  it('env files, Docker and CI configuration: JSON exposure "client" with the advice; history too', async () => {
    const root = makeRepo();
    const live = liveKey();
    dirs.push(root);
    commitFiles(root, {
      '.env.local': `NEXT_PUBLIC_PINECALL_API_KEY=${live}\nPINECALL_API_KEY=${liveKey()}\n`,
      Dockerfile: `FROM node:20\nARG VITE_PINECALL_KEY=${hexSecret()}\n`,
      '.github/workflows/build.yml': `jobs:\n  build:\n    env:\n      REACT_APP_PINECALL_API_KEY: "${testKey()}"\n`,
      'docker-compose.yml': `services:\n  web:\n    environment:\n      - EXPO_PUBLIC_PINECALL_KEY=${liveKey()}\n`,
      // In source code the name is a variable, not a bundler's input.
      'src/config.js': `export const NEXT_PUBLIC_PINECALL_API_KEY = "${liveKey()}";\n`,
    });
    const found = byFile(await json(root, ['--no-ignore', '.']));
    const exposed = Object.entries(found)
      .filter(([, f]) => f.exposure === 'client')
      .map(([place]) => place)
      .sort();
    assert.deepEqual(exposed, ['.env.local:1', '.github/workflows/build.yml:4', 'Dockerfile:2', 'docker-compose.yml:4']);
    assert.equal(Object.keys(found).length, 6);

    const text = await runCli(['--no-ignore', '.'], { cwd: root });
    assert.match(text.stdout, /\.env\.local:1:\d+[^\n]*browser-exposed\n[^\n]*→ Bundlers inline public-prefixed names \(NEXT_PUBLIC_, EXPO_PUBLIC_, NUXT_PUBLIC_…\)/);
    assert.equal(text.stdout.match(new RegExp(CLIENT.source, 'g'))?.length, 4);

    const sarif = await runCli(['--format', 'sarif', '--no-ignore', '.'], { cwd: root });
    assert.equal(sarif.stdout.match(/"exposure": "client"/g)?.length, 4);

    const history = await json(root, ['--history']);
    assert.equal(history.filter((f) => f.exposure === 'client').length, 4);
  });

  it('the hook refuses a staged public-prefixed key with the advice', async () => {
    const root = makeRepo();
    dirs.push(root);
    commitFiles(root, { 'README.md': 'app\n' });
    writeFile(root, '.env.production', `VITE_PINECALL_KEY=${liveKey()}\n`);
    git(root, 'add', '.env.production');
    const hook = await runCli(['--staged', '--hook'], { cwd: root });
    assert.equal(hook.code, 1);
    assert.match(hook.stdout, /\.env\.production:1[^\n]*browser-exposed/);
    assert.match(hook.stdout.replace(/\s+/g, ' '), CLIENT);
  });
});
