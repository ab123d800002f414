// Reader threads of the files source: two cores read and gate twice as fast. They are fed batches
// while the tree is still being walked; detection stays on the main thread (the configured DetectFn
// is a closure).
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { readBatch, type BatchResult, type ReadOptions, type Target } from './read-files.js';

/** The worker script: next to the built chunk holding this code, or the .ts file when run from source. */
export function workerScript(): URL | undefined {
  const here = import.meta.url;
  const url = new URL(here.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js', here);
  return existsSync(url) ? url : undefined;
}

/** From source (tests under tsx) a worker does not inherit tsx's loader: register it first. */
function startWorker(script: URL, workerData: unknown): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** A failing worker is not fatal: every batch without a result is read in-process at the end. */
export class ReaderPool {
  private readonly workers: Worker[];
  /** Batches sent and not answered yet, with the worker each went to. */
  private readonly batches = new Map<number, { targets: Target[]; worker: Worker | undefined }>();
  private readonly live = new Set<Worker>();
  private nextId = 0;
  private turn = 0;
  private detectorError: unknown;
  private settle: (() => void) | undefined;

  constructor(
    script: URL,
    threads: number,
    private readonly options: ReadOptions,
    private readonly onResult: (result: BatchResult) => void,
  ) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = startWorker(script, options);
      this.live.add(worker);
      worker.on('message', (m: { id: number; result: BatchResult }) => {
        if (!this.batches.delete(m.id)) return;
        try {
          this.onResult(m.result);
        } catch (err) {
          // An error of the detector itself is not a worker failure: it ends the scan.
          this.detectorError ??= err;
        }
        this.check();
      });
      const gone = (): void => {
        this.live.delete(worker);
        this.check();
      };
      worker.on('error', gone);
      worker.on('exit', gone);
      return worker;
    });
  }

  send(batch: Target[]): void {
    const id = this.nextId++;
    const alive = this.workers.filter((w) => this.live.has(w));
    const worker = alive.length > 0 ? alive[this.turn++ % alive.length] : undefined;
    this.batches.set(id, { targets: batch, worker });
    worker?.postMessage({ id, targets: batch });
  }

  /** Done when no batch is still in the hands of a live worker (a dead worker's batches are read here). */
  private check(): void {
    if (!this.settle) return;
    const waiting = [...this.batches.values()].some((b) => b.worker !== undefined && this.live.has(b.worker));
    if (!waiting || this.detectorError !== undefined) this.settle();
  }

  /** Waits for every batch, then reads in-process whatever a failed worker left. */
  async finish(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.settle = resolve;
      this.check();
    });
    await Promise.all(this.workers.map((w) => w.terminate()));
    if (this.detectorError !== undefined) throw this.detectorError;
    for (const { targets } of this.batches.values()) this.onResult(readBatch(targets, this.options));
    this.batches.clear();
  }

  async abort(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
