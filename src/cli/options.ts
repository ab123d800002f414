// Command-line parsing (DESIGN.md §3). Commander never prints and never exits here: its output is
// captured and its errors become UsageError, so run() stays testable in-process.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { name as PACKAGE_NAME, version as PACKAGE_VERSION } from '../../package.json';
import { UsageError } from './errors.js';

export { PACKAGE_NAME, PACKAGE_VERSION };

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface CliOptions {
  /** Paths as given on the command line; empty means the current directory. */
  paths: string[];
  /** False with --no-ignore: also scan what .gitignore and the default ignores leave out. */
  ignore: boolean;
  history: boolean;
  /** `A..B` for --history. */
  range?: string;
  staged: boolean;
  stdin: boolean;
  /** Name reported for standard input (default `<stdin>`). */
  stdinFilename: string;
  format: OutputFormat;
  output?: string;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  verify: boolean;
  showSecrets: boolean;
  /** No skipped-file list, and no output at all when a text scan finds nothing. */
  quiet: boolean;
  /** Bytes; larger files are skipped and listed. */
  maxFileSize: number;
}

/** Options of `pinecall-scan init` (the hook installer adds its own here). */
export interface InitOptions {
  /** Directory to install into (default: current directory). */
  dir?: string;
}

export type ParsedCommand =
  | { kind: 'scan'; options: CliOptions }
  | { kind: 'init'; options: InitOptions }
  /** --help or --version: print `text` to stdout and exit 0. */
  | { kind: 'info'; text: string };

export const USAGE_HINT = `Usage: ${PACKAGE_NAME} [options] [paths...]  (see ${PACKAGE_NAME} --help)`;

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `10485760`, `512k`, `10MB`, `1.5m` → bytes. */
export function parseSize(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new InvalidArgumentError('expected a size such as 10MB, 512k or 1048576.');
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes <= 0) throw new InvalidArgumentError('the size must be greater than zero.');
  return bytes;
}

interface RawOptions {
  ignore: boolean;
  history?: boolean;
  range?: string;
  staged?: boolean;
  stdin?: boolean;
  stdinFilename?: string;
  format: OutputFormat;
  output?: string;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  verify?: boolean;
  showSecrets?: boolean;
  quiet?: boolean;
  maxFileSize: number;
}

function buildProgram(capture: (text: string) => void, onCommand: (parsed: ParsedCommand) => void): Command {
  const program = new Command(PACKAGE_NAME)
    .description('Find Pinecall API keys in files, git history, staged changes or standard input.')
    .exitOverride()
    .configureOutput({ writeOut: capture, writeErr: () => {}, outputError: () => {} })
    .helpCommand(false)
    .version(PACKAGE_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .argument('[paths...]', 'files or directories to scan (default: current directory)')
    .option('--no-ignore', 'also scan what .gitignore and the default ignores (node_modules) leave out')
    .option('--history', 'scan git history (all refs by default)')
    .option('--range <A..B>', 'with --history: only commits in this range (incremental CI)')
    .option('--staged', 'scan what is staged for commit (added lines only)')
    .option('--stdin', 'scan standard input')
    .option('--stdin-filename <name>', 'with --stdin: the file name to report', '<stdin>')
    .addOption(new Option('--format <format>', 'report format').choices(FORMATS).default('text'))
    .option('--output <file>', 'write the report to FILE instead of standard output')
    .option('--config <file>', 'explicit config file (otherwise discovered from the scanned root upward)')
    .option('--baseline <file>', 'ignore findings already recorded in FILE')
    .option('--write-baseline <file>', 'record the current findings into FILE and exit 0')
    .option('--verify', 'ask Pinecall whether each found key is live (network; opt-in)')
    .option('--show-secrets', 'print keys unmasked (never the default)')
    .option('-q, --quiet', 'print nothing when nothing is found; no skipped-file list')
    .addOption(
      new Option('--max-file-size <size>', 'skip files larger than this (e.g. 10MB, 512k)')
        .argParser(parseSize)
        .default(DEFAULT_MAX_FILE_SIZE, '10MB'),
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing found, 1 findings, 2 usage, config or environment error.\n' +
        'Keys are always masked in output unless --show-secrets is given.',
    )
    .action((paths: string[], raw: RawOptions) => onCommand({ kind: 'scan', options: toCliOptions(paths, raw) }));

  program
    .command('init')
    .description('install the pre-commit hook (husky when present, plain git hook otherwise)')
    .argument('[dir]', 'repository to install into (default: current directory)')
    .action((dir: string | undefined) => onCommand({ kind: 'init', options: dir === undefined ? {} : { dir } }));

  return program;
}

function toCliOptions(paths: string[], raw: RawOptions): CliOptions {
  const options: CliOptions = {
    paths,
    ignore: raw.ignore,
    history: raw.history === true,
    staged: raw.staged === true,
    stdin: raw.stdin === true,
    stdinFilename: raw.stdinFilename ?? '<stdin>',
    format: raw.format,
    verify: raw.verify === true,
    showSecrets: raw.showSecrets === true,
    quiet: raw.quiet === true,
    maxFileSize: raw.maxFileSize,
  };
  if (raw.range !== undefined) options.range = raw.range;
  if (raw.output !== undefined) options.output = raw.output;
  if (raw.config !== undefined) options.config = raw.config;
  if (raw.baseline !== undefined) options.baseline = raw.baseline;
  if (raw.writeBaseline !== undefined) options.writeBaseline = raw.writeBaseline;
  checkCombinations(options);
  return options;
}

function checkCombinations(o: CliOptions): void {
  const modes = [o.history && '--history', o.staged && '--staged', o.stdin && '--stdin'].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} cannot be combined`);
  if (o.range !== undefined && !o.history) throw new UsageError('--range needs --history');
  if (o.range !== undefined && o.range.trim() === '') throw new UsageError('--range needs a value such as main..HEAD');
  if (o.stdin && o.paths.length > 0) throw new UsageError('--stdin takes no paths');
  if ((o.history || o.staged) && o.paths.length > 1) {
    throw new UsageError(`${o.history ? '--history' : '--staged'} takes at most one path (the repository)`);
  }
}

/** Parses argv (without `node` and the script). Throws UsageError on bad input. */
export function parseArgs(argv: readonly string[]): ParsedCommand {
  let captured = '';
  let parsed: ParsedCommand | undefined;
  const program = buildProgram(
    (text) => (captured += text),
    (p) => (parsed = p),
  );
  try {
    program.parse([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') {
        return { kind: 'info', text: captured };
      }
      throw new UsageError(err.message.replace(/^error: /, '').trim());
    }
    throw err;
  }
  if (parsed === undefined) throw new UsageError('nothing to do');
  return parsed;
}
