// A thread's side of scan-thread.ts: runs the CLI (run.ts) on the command line it is given and sends
// back its result; progress lines go to the main thread as they are written.
import { parentPort, workerData } from 'node:worker_threads';
import { run } from './run.js';
import type { ThreadRequest, ThreadMessage } from './scan-thread.js';

const request = workerData as ThreadRequest;
const post = (message: ThreadMessage): void => parentPort!.postMessage(message);

const progressStream =
  request.progress === undefined
    ? undefined
    : { isTTY: true, ...(request.progress.columns !== undefined && { columns: request.progress.columns }), write: (text: string) => post({ progress: text }) };

void run(request.argv, { cwd: request.cwd, env: request.env, isTTY: request.isTTY, stderrIsTTY: request.stderrIsTTY, ...(progressStream && { progressStream }) }).then((result) =>
  post({ result }),
);
