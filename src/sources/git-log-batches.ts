// `git log` over a history oldest first, a batch of commits at a time.
//
// One `git log --topo-order --reverse` must hold every commit it will show (with its text) before it
// shows the first: its memory grew with the history (35 MB at 10,000 generated commits, 60 MB at
// 40,000). Instead `git rev-list --topo-order --reverse`, which keeps no commit text, lists the commits
// once, and each batch of them is shown by a `git log --no-walk=unsorted --stdin` of its own, which
// holds that batch only. What the batches print, one after another, is byte for byte what the single
// log printed (checked on express, webpack and the generated histories). The list also gives the
// number of commits, which progress needs, without a second walk.
import { gitOutputBytes, openGitStream, type GitStream } from './git-repo.js';

/** Commits per `git log`: a git start each (a few ms), against a few MB of commits held. */
export const LOG_BATCH = 5000;

/** The commits of a history, oldest first: `count` ids, one per line. */
export interface CommitList {
  ids: Buffer;
  count: number;
}

/** The commits `revs` select, in the order `git log --topo-order --reverse` shows them. */
export async function listCommits(cwd: string, revs: readonly string[]): Promise<CommitList> {
  const ids = await gitOutputBytes(cwd, ['rev-list', '--topo-order', '--reverse', ...revs, '--']);
  let count = 0;
  for (let i = ids.indexOf(0x0a); i !== -1; i = ids.indexOf(0x0a, i + 1)) count++;
  return { ids, count };
}

/**
 * Runs `git <config> log --no-walk=unsorted --stdin <logArgs>` on each batch of `commits` in turn and
 * hands the output to `onText` as one stream: `done` resolves with the bytes of all batches; pause,
 * resume and kill apply to the batch running. A batch starts when the one before has ended: the
 * scanner's queue is far behind git on a large store (git log spends most of its time paused), so
 * starting the next one early saved nothing measurable and cost 18 MB on 40,000 commits.
 */
export function openLogBatches(cwd: string, config: readonly string[], logArgs: readonly string[], commits: CommitList, onText: (text: string) => void, batch = LOG_BATCH): GitStream {
  let current: GitStream | undefined;
  let paused = false;
  let stopped = false;
  let onResume: (() => void) | undefined;
  const run = async (): Promise<number> => {
    let bytes = 0;
    let from = 0;
    while (from < commits.ids.length) {
      // Node hands over what an exited git wrote even to a paused reader: a small batch can end while
      // paused, and the next one waits here instead of adding to what is held.
      if (paused && !stopped) await new Promise<void>((resolve) => (onResume = resolve));
      let to = from;
      for (let n = 0; n < batch && to < commits.ids.length; n++) {
        const nl = commits.ids.indexOf(0x0a, to);
        to = nl === -1 ? commits.ids.length : nl + 1;
      }
      current = openGitStream(cwd, [...config, 'log', '--no-walk=unsorted', '--stdin', ...logArgs], onText, commits.ids.subarray(from, to));
      if (stopped) current.kill();
      else if (paused) current.pause();
      bytes += await current.done;
      from = to;
    }
    return bytes;
  };
  return {
    done: run(),
    pause: () => {
      paused = true;
      current?.pause();
    },
    resume: () => {
      paused = false;
      current?.resume();
      onResume?.();
      onResume = undefined;
    },
    kill: () => {
      stopped = true;
      current?.kill();
      onResume?.();
      onResume = undefined;
    },
  };
}
