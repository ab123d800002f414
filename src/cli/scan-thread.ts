// A whole-history scan runs on a worker thread whose heap is sized for it. The scan's live data is
// small (tens of MB: the queue, the keys seen per path, clean blob ids) but it makes garbage at the
// rate git streams, and V8 sizes a process's heap for the gigabytes this machine could give it: it
// let the heap and the buffers waiting for a collection grow to 190 MB on webpack's history where
// 40 MB were live. A thread's limits are V8's own knobs (a small young generation; a 1 GiB old
// generation, which also makes V8 grow the heap by smaller steps): the same scan peaks at about
// half the memory, for about a tenth more CPU.
//
// The cap is a hard one: a scan that outgrows it (a history with hundreds of thousands of findings)
// ends the thread, and the command is then run again here, without a cap, after a one-line note.
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { objectsDirectory, packBytes } from '../sources/git-repo.js';
import { parseArgs } from './options.js';
import type { RunIO, RunResult } from './scan-command.js';
import { THREAD_ENV } from './thread-argv.js';

/** What the thread is given: everything of RunIO but standard input (a history scan never reads it). */
export interface ThreadRequest {
  argv: readonly string[];
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  stderrIsTTY: boolean;
  /** Present when progress may be shown (stderr is a terminal). */
  progress?: { columns?: number };
}

export type ThreadMessage = { progress: string } | { result: RunResult };

/**
 * Below this many bytes of packs a history's scan stays small (express's, 18 MB of pack, peaks at
 * 90 MB in the main thread), and starting a thread (~0.1 s) would cost more than it saves.
 */
const THREAD_PACK_BYTES = 32 * 1024 * 1024;

/**
 * Whether this whole-history command line is worth a thread: its repository's packs are large, or the
 * internal variable asks for one (`on`, or a heap cap in MB). A command line the parser refuses runs
 * here, where the error is reported.
 */
export async function wantsThread(argv: readonly string[], io: RunIO): Promise<boolean> {
  const asked = io.env[THREAD_ENV];
  if (asked === 'on' || Number(asked) > 0) return true;
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch {
    return false;
  }
  if (parsed.kind !== 'scan' || !parsed.options.history) return false;
  const repo = resolve(io.cwd, parsed.options.paths[0] ?? '.');
  const objects = await objectsDirectory(repo, io.env);
  return objects !== undefined && packBytes(objects) >= THREAD_PACK_BYTES;
}

const YOUNG_GENERATION_MB = 4;
const OLD_GENERATION_MB = 1024;

/** The thread's answer, or why there is none (the caller then runs the command in its own thread). */
export type ThreadOutcome = { result: RunResult } | { failed: 'memory' | 'thread' };

/** Runs the command line on a thread. */
export function runOnThread(script: URL, argv: readonly string[], io: RunIO): Promise<ThreadOutcome> {
  const capped = Number(io.env[THREAD_ENV]);
  const progress = io.progressStream?.isTTY === true ? io.progressStream : undefined;
  const request: ThreadRequest = {
    argv,
    cwd: io.cwd,
    env: { ...io.env },
    isTTY: io.isTTY === true,
    stderrIsTTY: io.stderrIsTTY === true,
    ...(progress && { progress: progress.columns !== undefined ? { columns: progress.columns } : {} }),
  };
  return new Promise((resolve) => {
    let result: RunResult | undefined;
    let failed: 'memory' | 'thread' = 'thread';
    let worker: Worker;
    try {
      worker = new Worker(script, {
        workerData: request,
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: capped > 0 ? capped : OLD_GENERATION_MB },
      });
    } catch {
      resolve({ failed });
      return;
    }
    worker.on('message', (message: ThreadMessage) => {
      if ('progress' in message) {
        progress?.write(message.progress);
        return;
      }
      // The answer is all that is wanted: nothing the thread still holds open may delay it.
      result = message.result;
      void worker.terminate();
    });
    // An error (out of memory, a failure to load) is followed by exit: the outcome is given there.
    worker.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') failed = 'memory';
    });
    worker.on('exit', () => resolve(result !== undefined ? { result } : { failed }));
  });
}
