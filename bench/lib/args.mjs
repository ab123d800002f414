// The benches' command line, one way for all: `--name value` options and `--flag` switches.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);

/** The value of `--name value` or `--name=value`, or `fallback` when the option is absent. */
export function option(name, fallback) {
  const joined = argv.find((a) => a.startsWith(`${name}=`));
  if (joined !== undefined) return joined.slice(name.length + 1);
  const i = argv.indexOf(name);
  return i === -1 || i + 1 >= argv.length ? fallback : argv[i + 1];
}

/** A numeric option; a missing or non-numeric value gives `fallback`. */
export function numberOption(name, fallback) {
  return Number(option(name, undefined)) || fallback;
}

export const flag = (name) => argv.includes(name);

/** `--json`: machine-readable output instead of the table. */
export const AS_JSON = flag('--json');

/** The built CLI every bench runs. */
export const BIN = fileURLToPath(new URL('../../dist/cli/bin.cjs', import.meta.url));

/** git with no system config, no prompt and no colour, for the benches' generated repositories. */
export const GIT_ENV = { ...process.env, NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
export const git = (cwd, ...args) => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
