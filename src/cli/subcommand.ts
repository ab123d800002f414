// The commands beside the scan: `pre-receive`, `fleet`, `merge` and `action` each parse their own argv
// with their own Commander program, so `pinecall-scan <name> --help` describes only it; `init` is
// parsed with the main options. Like run(), they never print and never exit: {exitCode, stdout,
// stderr} out. Each is loaded only when it runs.
import { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.js';
import { name as PACKAGE_NAME } from '../../package.json';
import type { InitOptions } from './options.js';
import type { RunIO, RunResult } from './run.js';

export type Subcommand = (argv: readonly string[], io: RunIO) => Promise<RunResult>;

export const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  'pre-receive': async () => (await import('./server/pre-receive.js')).runPreReceive,
  fleet: async () => (await import('./fleet/fleet.js')).runFleet,
  merge: async () => (await import('./fleet/merge.js')).runMerge,
  action: async () => (await import('./action/action.js')).runAction,
};

/**
 * Runs `name` when it is a subcommand (undefined otherwise). A usage error names the subcommand's
 * own --help.
 */
export async function runSubcommand(name: string, argv: readonly string[], io: RunIO): Promise<RunResult | undefined> {
  const load = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!load) return undefined;
  try {
    return await (await load())(argv, io);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${err.message}\n(see ${PACKAGE_NAME} ${name} --help)`);
    throw err;
  }
}

/** `init` (the pre-commit hook) and `init --server DIR` (the pre-receive hook). */
export async function runInitCommand(options: InitOptions, io: RunIO): Promise<RunResult> {
  if (options.server !== undefined) return (await import('./server/install.js')).installServerHook(options.server, io.cwd);
  return (await import('./init.js')).runInit(options, io.cwd);
}

/** One line per subcommand for the main --help. */
export const SUBCOMMAND_HELP = [
  'pre-receive            git server hook: refuse pushes that add Pinecall keys (install: init --server DIR)',
  'fleet LIST             scan the history of many repositories, incrementally, in shards (--cache, --out)',
  'merge DIR...           combine fleet --out directories into one JSON, SARIF or Markdown report',
  'action                 the GitHub Action entry (action.yml runs it)',
];

/** A Commander program that throws instead of printing or exiting. */
export function subProgram(name: string, description: string, capture: (text: string) => void): Command {
  return new Command(`${PACKAGE_NAME} ${name}`)
    .description(description)
    .exitOverride()
    .configureOutput({ writeOut: capture, writeErr: () => {}, outputError: () => {} })
    .helpOption('-h, --help', 'show this help')
    .helpCommand(false);
}

/**
 * Parses argv with `program`; returns its options and arguments, or the help text to print.
 * Throws UsageError on bad input.
 */
export function parseSub<O>(
  build: (capture: (text: string) => void) => Command,
  argv: readonly string[],
): { help: string } | { options: O; args: string[] } {
  let captured = '';
  const program = build((t) => (captured += t));
  try {
    program.parse([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed') return { help: captured };
      throw new UsageError(err.message.replace(/^error: /, '').trim());
    }
    throw err;
  }
  return { options: program.opts() as O, args: program.args };
}
