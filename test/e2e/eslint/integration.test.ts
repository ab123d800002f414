// Packs this repository and the thin eslint-plugin-pinecall package, installs both into temp projects
// with ESLint 8.57, 9 and 10, and runs the `eslint` command line as a user would, under each config
// format. Needs a built dist/ (npm test builds first) and the npm registry or its cache.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { maskSecret } from '../../../src/core/index.js';
import { tempDir, writeFile } from '../../helpers/git.js';
import { liveKey } from '../../helpers/keys.js';
import { packThisPackage, registryEnv } from '../hook/project.js';
import { cleanSample, pinecallSample } from '../../rules/samples.js';

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const thinDir = join(root, 'packages', 'eslint-plugin-pinecall');
const versionOf = (alias: string): string =>
  (JSON.parse(readFileSync(join(root, 'node_modules', alias, 'package.json'), 'utf8')) as { version: string }).version;

const key = liveKey();
const work = tempDir('pcscan-eslint-it-');
after(() => rmSync(work, { recursive: true, force: true }));

let tarballs: Promise<string[]> | undefined;
async function pack(): Promise<string[]> {
  assert.ok(existsSync(join(root, 'dist', 'eslint-plugin.cjs')), 'dist/ is missing: run npm run build');
  const { stdout } = await execFileAsync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: thinDir });
  return [packThisPackage(work), join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename)];
}

const SOURCES: Record<string, string> = {
  'src/app.js': pinecallSample(key),
  'src/clean.js': cleanSample,
  'src/allowed.js': [
    `export const a = '${key}'; // pinecall-scan:allow`,
    '// eslint-disable-next-line pinecall/no-hardcoded-key',
    `export const b = '${key}';`,
    '',
  ].join('\n'),
};

const CONFIGS: Record<string, string> = {
  'eslint.config.mjs': "import pinecall from 'pinecall-scan/eslint-plugin';\n\nexport default [pinecall.configs.recommended];\n",
  'eslint.thin.config.mjs': "import pinecall from 'eslint-plugin-pinecall';\n\nexport default [pinecall.configs.recommended];\n",
  'eslint.require.config.cjs': "const pinecall = require('eslint-plugin-pinecall');\n\nmodule.exports = [pinecall.configs['flat/recommended']];\n",
  // The same preset names whichever way the plugin is loaded: `recommended` is flat for require() too.
  'eslint.require-recommended.config.cjs': "const pinecall = require('eslint-plugin-pinecall');\n\nmodule.exports = [pinecall.configs.recommended];\n",
  'eslint.thin-alias.config.mjs': "import pinecall from 'eslint-plugin-pinecall';\n\nexport default [pinecall.configs['flat/recommended']];\n",
  'eslint.require-scan.config.cjs': "const pinecall = require('pinecall-scan/eslint-plugin');\n\nmodule.exports = [pinecall.configs.recommended];\n",
  '.eslintrc.json': JSON.stringify({
    root: true,
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    plugins: ['pinecall'],
    extends: ['plugin:pinecall/legacy-recommended'],
  }),
};

async function install(eslintVersion: string): Promise<string> {
  tarballs ??= pack();
  const dir = join(work, `eslint-${eslintVersion}`);
  writeFile(dir, 'package.json', JSON.stringify({ name: 'sample-app', version: '1.0.0', private: true }));
  for (const [file, text] of Object.entries({ ...SOURCES, ...CONFIGS })) writeFile(dir, file, text);
  await execFileAsync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...(await tarballs), `eslint@${eslintVersion}`], {
    cwd: dir,
    env: { ...process.env, ...registryEnv() },
    maxBuffer: 16 * 1024 * 1024,
  });
  return dir;
}

// The three installs run side by side, started before the first test: one after another they were
// most of this file's ~20 s. A failed install
// fails the tests of its version (in that describe's `before`), not the file.
const installs = new Map(['eslint8', 'eslint9', 'eslint'].map((alias) => [alias, install(versionOf(alias))]));
for (const pending of installs.values()) pending.catch(() => {});
const project = (alias: string): Promise<string> => installs.get(alias)!;

interface LintResult {
  code: number;
  output: string;
  files: Record<string, { ruleId: string; line: number; column: number; message: string; suggestions?: unknown[] }[]>;
}

async function eslint(cwd: string, args: string[], env: Record<string, string> = {}): Promise<LintResult> {
  const bin = join(cwd, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const options = { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 };
  let code = 0;
  let stdout: string;
  let stderr: string;
  try {
    ({ stdout, stderr } = await execFileAsync(process.execPath, [bin, '--format', 'json', ...args], options));
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    ({ code, stdout, stderr } = e);
  }
  const output = stdout + stderr;
  const files: LintResult['files'] = {};
  if (stdout.trim().startsWith('[')) {
    // The JSON formatter echoes each problem file's `source`: that is the user's own file, not a message.
    const results = JSON.parse(stdout) as { filePath: string; source?: string; messages: LintResult['files'][string] }[];
    for (const r of results) {
      delete r.source;
      files[r.filePath.slice(cwd.length + 1).split('\\').join('/')] = r.messages;
    }
    assert.ok(!JSON.stringify(results).includes(key), 'the full key never appears in a message or suggestion');
  }
  assert.ok(!stderr.includes(key), 'the full key never appears on stderr');
  return { code, output, files };
}

function assertFindings(result: LintResult): void {
  assert.equal(result.code, 1, result.output);
  const app = result.files['src/app.js']!.map((m) => `${m.line}:${m.column} ${m.ruleId}`);
  assert.deepEqual(app, [
    '3:23 pinecall/no-hardcoded-key',
    '4:40 pinecall/no-hardcoded-key',
    '5:79 pinecall/no-hardcoded-key',
    '6:39 pinecall/no-client-exposed-key',
  ]);
  const first = result.files['src/app.js']![0]!;
  assert.ok(first.message.includes(`${maskSecret(key)} (a production key)`), first.message);
  assert.equal(result.files['src/app.js']![1]!.suggestions?.length, 1);
  assert.deepEqual(result.files['src/clean.js'], []);
  assert.deepEqual(result.files['src/allowed.js'], []);
}

const FILES = ['src/app.js', 'src/clean.js', 'src/allowed.js'];

describe('ESLint 8.57 (.eslintrc)', () => {
  let dir: string;
  before(async () => {
    dir = await project('eslint8');
  });
  test('plugin:pinecall/legacy-recommended through eslint-plugin-pinecall', async () => {
    assertFindings(await eslint(dir, FILES, { ESLINT_USE_FLAT_CONFIG: 'false' }));
  });
  test('flat config: require() and import give the same preset names', async () => {
    for (const config of ['eslint.require-recommended.config.cjs', 'eslint.thin-alias.config.mjs', 'eslint.require-scan.config.cjs', 'eslint.thin.config.mjs']) {
      assertFindings(await eslint(dir, ['-c', config, ...FILES], { ESLINT_USE_FLAT_CONFIG: 'true' }));
    }
  });
  test('a clean file exits 0', async () => {
    const result = await eslint(dir, ['src/clean.js'], { ESLINT_USE_FLAT_CONFIG: 'false' });
    assert.equal(result.code, 0, result.output);
  });
});

describe('ESLint 9', () => {
  let dir: string;
  before(async () => {
    dir = await project('eslint9');
  });
  test('flat: import pinecall from "pinecall-scan/eslint-plugin"', async () => {
    assertFindings(await eslint(dir, FILES));
  });
  test('flat: import pinecall from "eslint-plugin-pinecall"', async () => {
    assertFindings(await eslint(dir, ['-c', 'eslint.thin.config.mjs', ...FILES]));
  });
  test('flat: require("eslint-plugin-pinecall") from a CommonJS config', async () => {
    assertFindings(await eslint(dir, ['-c', 'eslint.require.config.cjs', ...FILES]));
  });
  test('flat: the same preset names with require() and import, from either package', async () => {
    for (const config of ['eslint.require-recommended.config.cjs', 'eslint.thin-alias.config.mjs', 'eslint.require-scan.config.cjs']) {
      assertFindings(await eslint(dir, ['-c', config, ...FILES]));
    }
  });
  test('.eslintrc with ESLINT_USE_FLAT_CONFIG=false', async () => {
    assertFindings(await eslint(dir, FILES, { ESLINT_USE_FLAT_CONFIG: 'false' }));
  });
});

describe('ESLint 10 (flat)', () => {
  let dir: string;
  before(async () => {
    dir = await project('eslint');
  });
  test('import pinecall from "pinecall-scan/eslint-plugin"', async () => {
    assertFindings(await eslint(dir, FILES));
  });
  test('import pinecall from "eslint-plugin-pinecall"', async () => {
    assertFindings(await eslint(dir, ['-c', 'eslint.thin.config.mjs', ...FILES]));
  });
  test('require("eslint-plugin-pinecall").configs.recommended from a CommonJS config (crashed before), and every other way', async () => {
    for (const config of ['eslint.require-recommended.config.cjs', 'eslint.require.config.cjs', 'eslint.thin-alias.config.mjs', 'eslint.require-scan.config.cjs']) {
      assertFindings(await eslint(dir, ['-c', config, ...FILES]));
    }
  });
  test('the thin package declares pinecall-scan as a peer, not a second copy', () => {
    const thin = JSON.parse(readFileSync(join(dir, 'node_modules', 'eslint-plugin-pinecall', 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    assert.ok(thin.peerDependencies?.['pinecall-scan'], 'peer');
    assert.equal(thin.dependencies?.['pinecall-scan'], undefined);
    assert.ok(!existsSync(join(dir, 'node_modules', 'eslint-plugin-pinecall', 'node_modules', 'pinecall-scan')), 'one copy of the core');
  });
  test('the default formatter shows the masked key and the exit code is 1', async () => {
    const bin = join(dir, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const failed = await execFileAsync(process.execPath, [bin, 'src/app.js'], { cwd: dir }).catch((e: { code: number; stdout: string }) => e);
    assert.equal('code' in failed ? failed.code : 0, 1);
    assert.ok(failed.stdout.includes(maskSecret(key)), failed.stdout);
    assert.ok(!failed.stdout.includes(key));
    assert.match(failed.stdout, /NEXT_PUBLIC_PINECALL_API_KEY is inlined into browser code by Next\.js/);
  });
});
