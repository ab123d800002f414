// A user's project for the hook tests: a real git repository with npm packages really installed —
// husky from the registry (or npm's cache), and this package from the tarball `npm pack` makes of dist/.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../../helpers/cli.js';
import { makeRepo, removeDir, tempDir, writeFile } from '../../helpers/git.js';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// Tests never read or write the developer's own git settings (a global core.hooksPath would be honoured).
export function isolateGitConfig(): void {
  const dir = tempDir('pcscan-gitconfig-');
  process.env.GIT_CONFIG_GLOBAL = writeFile(dir, 'gitconfig', '');
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  delete process.env.HUSKY;
  process.on('exit', () => removeDir(dir));
}

export function runCommand(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * The project's installed husky, run as `npx --no-install husky …` runs it (node_modules/.bin/husky),
 * without npx's own start-up: about half a second of CPU per call, and nothing of husky's left out.
 * `npm_config_user_agent` (which `husky init` reads to write `npm test`) is passed as npx would set it.
 */
export function runHusky(cwd: string, args: string[]): string {
  return runCommand(cwd, join(cwd, 'node_modules', '.bin', 'husky'), args, { npm_config_user_agent: 'npm/10' });
}

/**
 * What `npm install` needs to reach the registry: the certificates NODE_EXTRA_CA_CERTS named, which
 * scripts/run-tests.mjs keeps from the test processes (every node start loads that bundle, ~40 ms of
 * CPU) and passes on as PINECALL_SCAN_TEST_EXTRA_CA_CERTS. Nothing else in the tests goes online.
 */
export function registryEnv(): NodeJS.ProcessEnv {
  const ca = process.env.PINECALL_SCAN_TEST_EXTRA_CA_CERTS;
  return ca === undefined ? {} : { NODE_EXTRA_CA_CERTS: ca };
}

export function npmInstall(cwd: string, specs: string[]): void {
  runCommand(cwd, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', ...specs], registryEnv());
}

/**
 * `npm pack` of the built package into `dir`; returns the tarball's path. A whole run packs once
 * (scripts/run-tests.mjs, while it compiles the tests) and names that tarball in
 * PINECALL_SCAN_TEST_TARBALL: three files install it, and each pack cost about a second of CPU.
 */
export function packThisPackage(dir: string): string {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  const packed = process.env.PINECALL_SCAN_TEST_TARBALL;
  if (packed !== undefined && existsSync(packed)) return packed;
  // --ignore-scripts: dist/ is already built, and a rebuild would race other tests running it.
  const out = runCommand(PACKAGE_ROOT, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir]);
  const [info] = JSON.parse(out) as Array<{ filename: string }>;
  return join(dir, info!.filename);
}

/** A fresh git repository that is an npm project (package.json with a passing `test` script). */
export function makeProject(name = 'app'): string {
  const root = makeRepo();
  writeFile(
    root,
    'package.json',
    JSON.stringify({ name, version: '1.0.0', private: true, scripts: { test: 'exit 0' } }, null, 2) + '\n',
  );
  writeFile(root, '.gitignore', 'node_modules/\n');
  return root;
}

/** Copies an installed node_modules (symlinks kept as they are, relative) into another project. */
export function copyNodeModules(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  cpSync(join(from, 'node_modules'), join(to, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  cpSync(join(from, 'package.json'), join(to, 'package.json'));
}
