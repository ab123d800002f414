// Worker thread of the files source: reads batches of files and returns the few that pass the
// keyword gate. Detection stays on the main thread (the configured DetectFn is a closure).
import { parentPort, workerData } from 'node:worker_threads';
import { readBatch, type ReadOptions, type Target } from './read-files.js';

const options = workerData as ReadOptions;

parentPort?.on('message', (batch: { id: number; targets: Target[] }) => {
  parentPort!.postMessage({ id: batch.id, result: readBatch(batch.targets, options) });
});
