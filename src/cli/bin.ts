#!/usr/bin/env node
// pinecall-scan entry point.
// Exit codes (a stable contract, documented in README.md and docs/cli.md):
//   0  nothing found (after allow-list and baseline)
//   1  findings
//   2  usage, config or environment error (bad flag, unreadable config, not a git repository, …)
// Skipped or unreadable files never change the exit code.
// The package's bin is the CommonJS build of this file (dist/cli/bin.cjs): Node starts its ES module
// loader only for an ES entry, and that costs every run, the pre-commit hook's included, ~20 ms.
import { createRequire } from 'node:module';
import type { RunIO, RunResult } from './scan-command.js';
import { servesStaged } from './staged-argv.js';
import { servesThread } from './thread-argv.js';

/** Internal, for tests and benchmarks: `1` sends every command line through the whole CLI. */
const FULL_CLI_ENV = 'PINECALL_SCAN_FULL_CLI';

// Built-in modules are required, not imported: an ES import of one builds its whole namespace, which
// loads every lazy part of it (fs.promises and readline with node:fs), and the hook pays for that.
// Relative paths resolve from this file, the script Node started (its real path: npm links the bin):
// in the CommonJS build, import.meta.url is a shared chunk's in dist/, not this file's.
const ENTRY = entryPath();
const require = createRequire(ENTRY);

function entryPath(): string {
  const started = process.argv[1];
  if (started === undefined) return import.meta.url;
  try {
    return (createRequire(import.meta.url)('node:fs') as typeof import('node:fs')).realpathSync.native(started);
  } catch {
    return import.meta.url;
  }
}

/**
 * Standard input as bytes: the scan decodes them (a huge input cannot become one string). A redirected
 * file is read straight into one buffer of its size, so a huge input is held once, not twice.
 */
async function readStdin(): Promise<Buffer> {
  const { readSync } = require('node:fs') as typeof import('node:fs');
  const size = stdinFileSize();
  if (size !== undefined) {
    const buf = Buffer.allocUnsafe(size);
    let filled = 0;
    for (let n = 1; n > 0 && filled < size; filled += n) n = readSync(0, buf, filled, size - filled, null);
    return buf.subarray(0, filled);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function stdinFileSize(): number | undefined {
  try {
    const st = (require('node:fs') as typeof import('node:fs')).fstatSync(0);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}

// A reader that stops early (`pinecall-scan | head`) closes the pipe: nothing is left to tell it, so
// end quietly with the scan's exit code instead of an unhandled EPIPE and its stack trace. The streams
// are opened when first used (opening one costs milliseconds the pre-commit hook pays on every commit).
const guarded = new Set<NodeJS.WriteStream>();
function output(name: 'stdout' | 'stderr'): NodeJS.WriteStream {
  const stream = process[name];
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') process.exitCode = 2;
    });
  }
  return stream;
}

/**
 * The pre-commit hook's command lines go to the lean entry, a CommonJS file of its own (required by
 * path, so the bundler does not fold it into this one's chunks, and its built-in modules load as
 * required); a whole-history scan to the whole CLI on a thread with a heap sized for it
 * (scan-thread.ts); everything else to the whole CLI here.
 */
async function dispatch(argv: readonly string[], io: RunIO): Promise<RunResult> {
  if (process.env[FULL_CLI_ENV] !== '1' && servesStaged(argv)) {
    const lean = require('../hook/staged-main.cjs') as typeof import('./staged-main.js');
    return lean.runStaged(argv, io);
  }
  if (servesThread(argv, io.env)) {
    const script = threadScript();
    const thread = await import('./scan-thread.js');
    if (script !== undefined && (await thread.wantsThread(argv, io))) {
      const outcome = await thread.runOnThread(script, argv, io);
      if ('result' in outcome) return outcome.result;
      output('stderr').write(
        outcome.failed === 'memory'
          ? 'pinecall-scan: note: the scan outgrew its thread\'s memory limit; scanning again without one\n'
          : 'pinecall-scan: note: the scan\'s thread failed; scanning again in the main thread\n',
      );
    }
  }
  return (await import('./run.js')).run(argv, io);
}

/** The thread's script, built beside this one (none when running from source). */
function threadScript(): URL | undefined {
  const { pathToFileURL } = require('node:url') as typeof import('node:url');
  if (ENTRY.startsWith('file:') || !/\.c?js$/.test(ENTRY)) return undefined;
  return new URL(ENTRY.endsWith('.cjs') ? './scan-thread-main.cjs' : './scan-thread-main.js', pathToFileURL(ENTRY));
}

async function main(): Promise<void> {
  const result = await dispatch(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdin: readStdin,
    get isTTY() {
      return output('stdout').isTTY === true;
    },
    get stderrIsTTY() {
      return output('stderr').isTTY === true;
    },
    get progressStream() {
      return output('stderr');
    },
  });
  if (result.stdout) output('stdout').write(result.stdout);
  if (result.stderr) output('stderr').write(result.stderr);
  process.exitCode = result.exitCode;
}

// run() catches everything; this only guards against a failure while writing the result.
main().catch(() => {
  output('stderr').write('pinecall-scan: internal error\n');
  process.exitCode = 2;
});
