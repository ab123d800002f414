// The pre-commit hook's lean entry (dist/hook/staged-main.cjs) against the whole CLI: for the command
// lines it serves, the same options, the same bytes on stdout and stderr, the same exit code. The
// internal PINECALL_SCAN_FULL_CLI=1 sends the same command line through Commander and run().
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseArgs } from '../../../src/cli/options.js';
import { leanStagedOptions } from '../../../src/cli/staged-main.js';
import { makeZip } from '../../helpers/archives.js';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { git, tempDir, tempRepos, writeFile } from '../../helpers/git.js';
import { liveKey, testKey } from '../../helpers/keys.js';

const { repo, track } = tempRepos();

const LEAN_FORMS = [['--staged'], ['--staged', '--hook'], ['--hook', '--staged'], ['--staged', '-q'], ['--quiet', '--staged', '--hook']];

describe('leanStagedOptions', () => {
  it('gives what Commander parses for every command line it serves', () => {
    for (const argv of LEAN_FORMS) {
      const parsed = parseArgs(argv);
      assert.equal(parsed.kind, 'scan');
      assert.deepEqual(leanStagedOptions(argv), parsed.kind === 'scan' ? parsed.options : undefined, argv.join(' '));
    }
  });

  it('leaves every other command line to the whole CLI', () => {
    for (const argv of [[], ['--hook'], ['--staged', '.'], ['--staged', '--format', 'json'], ['--staged', '--format=json'], ['--staged', '--baseline', 'b.json'], ['--staged', '--verify'], ['--history'], ['--staged', '--help'], ['--staged', '--no-ignore'], ['pre-receive', '--staged']]) {
      assert.equal(leanStagedOptions(argv), undefined, argv.join(' '));
    }
  });
});

/** The scan's duration is the one thing two runs may print differently. */
const steady = (r: CliResult): CliResult => ({ ...r, stdout: r.stdout.replace(/ scanned in [\d.]+ m?s\b/g, ' scanned in T') });

async function bothWays(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const [lean, full] = await Promise.all([runCli(args, { cwd, env }), runCli(args, { cwd, env: { ...env, PINECALL_SCAN_FULL_CLI: '1' } })]);
  assert.deepEqual(steady(lean), steady(full), `pinecall-scan ${args.join(' ')} in ${cwd}`);
  return lean;
}

describe('the lean entry and the whole CLI print the same', () => {
  it('a clean commit, by hand and from the hook', async () => {
    const r = repo();
    writeFile(r, 'src/app.ts', "import { Pinecall } from '@pinecall/sdk';\nconst c = new Pinecall({ apiKey: process.env.PINECALL_API_KEY });\n");
    git(r, 'add', '-A');
    const [byHand, hook] = await Promise.all([bothWays(r, ['--staged']), bothWays(r, ['--staged', '--hook'])]);
    assert.equal(byHand.code, 0);
    assert.equal(hook.stdout, '');
  });

  it('keys, a config (ignorePaths, allow-list), a staged archive and a binary: report, refusal and skipped list', async () => {
    const r = repo();
    const allowed = testKey();
    writeFile(r, '.pinecall-scan.json', JSON.stringify({ ignorePaths: ['fixtures/**'], allow: [`^${allowed}$`] }));
    writeFile(r, 'fixtures/sample.env', `PINECALL_API_KEY=${liveKey()}\n`);
    writeFile(r, 'src/config.ts', `export const a = '${allowed}';\nexport const b = '${liveKey()}';\n`);
    writeFile(r, 'release/app.zip', makeZip([{ name: 'assets/config.json', data: `{"pinecallApiKey": "${liveKey()}"}\n` }]));
    writeFile(r, 'logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    git(r, 'add', '-A');
    const [byHand, hook] = await Promise.all([
      bothWays(r, ['--staged']),
      bothWays(r, ['--staged', '--hook', '--quiet']),
      // git's hook environment makes a hand-written `pinecall-scan --staged` line speak as the hook.
      bothWays(r, ['--staged'], { GIT_INDEX_FILE: join(r, '.git', 'index') }),
    ]);
    assert.equal(byHand.code, 1);
    assert.match(byHand.stdout, /src\/config\.ts:2/);
    assert.match(byHand.stdout, /release\/app\.zip!\/assets\/config\.json/);
    assert.doesNotMatch(byHand.stdout, /fixtures|config\.ts:1/);
    assert.match(byHand.stderr, /logo\.png/);
    assert.equal(hook.code, 1);
    assert.match(hook.stdout + hook.stderr, /commit/i);
  });

  it('errors: a bad config, a bare repository, no repository', async () => {
    const bad = repo();
    writeFile(bad, 'package.json', JSON.stringify({ name: 'x', pinecallScan: { rules: { 'pinecall-api-key': 'maybe' } } }));
    const bare = track(tempDir('pcscan-lean-bare-'));
    git(bare, 'init', '-q', '--bare');
    const none = track(tempDir('pcscan-lean-none-'));
    const [badConfig, bareRepo, noRepo] = await Promise.all([
      bothWays(bad, ['--staged']),
      bothWays(bare, ['--staged', '--hook']),
      bothWays(none, ['--staged']),
    ]);
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.stderr, /package\.json/);
    assert.match(bareRepo.stderr, /bare repository/);
    assert.match(noRepo.stderr, /not a git repository/);
  });

  it('the hook loads one file of pinecall-scan besides the bin, and no CLI framework', async () => {
    const r = repo();
    writeFile(r, 'a.ts', 'export const x = 1;\n');
    git(r, 'add', '-A');
    const traced = await runCli(['--staged', '--hook'], { cwd: r, env: { NODE_DEBUG: 'esm,module' } });
    assert.equal(traced.code, 0, traced.stderr);
    // ES modules as `file://` URLs, CommonJS ones as `load "/path"`.
    const loaded = new Set([
      ...[...traced.stderr.matchAll(/file:\/\/(\S*?\.[cm]?js)\b/g)].map((m) => decodeURIComponent(m[1]!)),
      ...[...traced.stderr.matchAll(/\bload "([^"]+)"/g)].map((m) => m[1]!),
    ]);
    assert.ok(loaded.size > 0, 'NODE_DEBUG names the modules loaded (if this Node prints them differently, update this test)');
    const ours = [...loaded].filter((file) => file.includes('/dist/'));
    assert.ok(ours.some((file) => file.endsWith('/dist/hook/staged-main.cjs')), [...loaded].join('\n'));
    assert.deepEqual(ours.filter((file) => !/\/dist\/(cli\/bin\.c?js|hook\/staged-main\.cjs|chunk-[A-Z0-9]+\.c?js)$/.test(file)), []);
    assert.deepEqual([...loaded].filter((file) => /node_modules\/(?!picocolors\/)/.test(file)), []);
  });
});
