// The subcommands beside the scan (`pre-receive`, `fleet`, `merge`, `action`): each parses its own
// argv with its own Commander program, so `pinecall-scan <name> --help` describes only it. Like
// run(), they never print and never exit: {exitCode, stdout, stderr} out.
import { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.js';
import { name as PACKAGE_NAME } from '../../package.json';
import type { RunIO, RunResult } from './run.js';

export type Subcommand = (argv: readonly string[], io: RunIO) => Promise<RunResult>;

export const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  'pre-receive': async () => (await import('./server/pre-receive.js')).runPreReceive,
  fleet: async () => (await import('./fleet/fleet.js')).runFleet,
  merge: async () => (await import('./fleet/merge.js')).runMerge,
  action: async () => (await import('./action/action.js')).runAction,
};

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
