// Reader threads of the files source: two cores read and gate twice as fast. They are fed batches
// while the tree is still being walked; detection stays on the main thread (the configured DetectFn
// is a closure).
import { existsSync } from 'node:fs';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { readBatch, type BatchResult, type ReadOptions, type Target } from './read-files.js';

/** The worker script: next to the built chunk holding this code, or the .ts file when run from source. */
export function workerScript(): URL | undefined {
  const here = import.meta.url;
  const url = new URL(here.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js', here);
  return existsSync(url) ? url : undefined;
}

/** From source (tests under tsx) a worker does not inherit tsx's loader: register it first. */
function startWorker(script: URL, workerData: unknown, resourceLimits: ResourceLimits): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData, resourceLimits });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

const YOUNG_GENERATION_MB = 4;

/** Batches each thread holds at once: one being read, one waiting, so a thread never idles on the main thread. */
const IN_FLIGHT = 2;

/**
 * Batches go to whichever thread has room (not in turn), so a thread that drew big files does not
 * leave the other idle at the end. A failing worker is not fatal: every batch without a result is
 * read in-process at the end.
 */
export class ReaderPool {
  private readonly workers: Worker[];
  /** Batches not answered yet, with the worker each went to (undefined: still queued). */
  private readonly batches = new Map<number, { targets: Target[]; worker: Worker | undefined }>();
  private readonly queue: number[] = [];
  private readonly inFlight = new Map<Worker, number>();
  private nextId = 0;
  private detectorError: unknown;
  private settle: (() => void) | undefined;

  constructor(
    script: URL,
    threads: number,
    private readonly options: ReadOptions,
    private readonly onResult: (result: BatchResult) => void,
  ) {
    this.workers = Array.from({ length: threads }, () => {
      // A small young generation: a reader's garbage is short-lived, and the scan's peak memory is
      // mostly the threads' heaps.
      const worker = startWorker(script, options, { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB });
      this.inFlight.set(worker, 0);
      worker.on('message', (m: { id: number; result: BatchResult }) => {
        if (!this.batches.delete(m.id)) return;
        this.inFlight.set(worker, (this.inFlight.get(worker) ?? 1) - 1);
        this.pump();
        try {
          this.onResult(m.result);
        } catch (err) {
          // An error of the detector itself is not a worker failure: it ends the scan.
          this.detectorError ??= err;
        }
        this.check();
      });
      const gone = (): void => {
        this.inFlight.delete(worker);
        this.pump();
        this.check();
      };
      worker.on('error', gone);
      worker.on('exit', gone);
      return worker;
    });
  }

  send(batch: Target[]): void {
    const id = this.nextId++;
    this.batches.set(id, { targets: batch, worker: undefined });
    this.queue.push(id);
    this.pump();
  }

  private pump(): void {
    for (const [worker, held] of this.inFlight) {
      for (let n = held; n < IN_FLIGHT && this.queue.length > 0; n++) {
        const id = this.queue.shift()!;
        const batch = this.batches.get(id)!;
        batch.worker = worker;
        this.inFlight.set(worker, n + 1);
        worker.postMessage({ id, targets: batch.targets });
      }
    }
  }

  /** Done when no batch is queued for or held by a live worker (a dead worker's batches are read here). */
  private check(): void {
    if (!this.settle) return;
    const live = this.inFlight.size > 0;
    const waiting =
      (live && this.queue.length > 0) ||
      [...this.batches.values()].some((b) => b.worker !== undefined && this.inFlight.has(b.worker));
    if (!waiting || this.detectorError !== undefined) this.settle();
  }

  /**
   * Once the walk is over the main thread reads too: it takes queued batches (yielding between them so
   * the threads' results and refills go on), then waits for the threads and reads in-process whatever
   * a failed worker left.
   */
  async finish(): Promise<void> {
    while (this.queue.length > 0 && this.detectorError === undefined) {
      const id = this.queue.shift()!;
      const { targets } = this.batches.get(id)!;
      this.batches.delete(id);
      this.onResult(readBatch(targets, this.options));
      await new Promise((resolve) => setImmediate(resolve));
    }
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
