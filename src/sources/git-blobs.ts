// Reading objects from git's store: one long-lived `git cat-file --batch` process, fed object names on
// stdin and parsed from stdout as bytes. Answers come back in request order, so callers can pipeline
// thousands of requests while git inflates the next object on the other core.
import type { ChildProcess } from 'node:child_process';
import { EnvironmentError } from '../errors.js';
import { spawnGit } from './git-repo.js';

/** How one requested object arrives: its size first, then its bytes in order, then the end. */
export interface BlobSink {
  /** `size` is undefined when the object does not exist (or is not a blob/tag/commit we can read). */
  start(size: number | undefined, type: string): void;
  /** A piece of the object's bytes; valid only during the call (copy to keep it). */
  data(piece: Buffer): void;
  end(): void;
}

const enum State {
  Header,
  Body,
  /** The newline git prints after each object's bytes. */
  Trailer,
}

/**
 * A `git cat-file --batch` process. `request()` may be called any number of times before answers
 * arrive; `close()` ends the input and resolves once every answer has been delivered.
 */
export class BlobReader {
  private readonly child: ChildProcess;
  private readonly sinks: BlobSink[] = [];
  private head = 0;
  private state = State.Header;
  private header: Buffer[] = [];
  private remaining = 0;
  private failed: Error | undefined;
  private stderr = '';
  private readonly exited: Promise<void>;
  /** Bytes of object content read so far. */
  bytes = 0;

  constructor(cwd: string) {
    // No --buffer: git flushes after each object, so an answer never waits for more requests. Pack
    // windows of 8 MiB, 16 MiB at most: on a history whose every blob is read (40,000 generated
    // commits) git mapped 53 MB of pack at 64 MiB, 20 MB at 16 MiB, in the same time.
    this.child = spawnGit(cwd, ['-c', 'core.packedGitWindowSize=8m', '-c', 'core.packedGitLimit=16m', 'cat-file', '--batch'], 'pipe');
    this.child.stdout!.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      if (this.stderr.length < 8192) this.stderr += d;
    });
    // A write after git died (EPIPE) surfaces through 'close' below.
    this.child.stdin!.on('error', () => {});
    this.exited = new Promise((resolve) => {
      this.child.on('error', (err: NodeJS.ErrnoException) => {
        this.failed ??=
          err.code === 'ENOENT'
            ? new EnvironmentError('git is not installed (or not on PATH); --history and --staged need it')
            : new EnvironmentError(`cannot run git: ${err.message}`);
      });
      this.child.on('close', (code) => {
        if (this.failed === undefined && (code !== 0 || this.head < this.sinks.length)) {
          const why = this.stderr.split('\n').find((l) => l.trim() !== '')?.replace(/^(fatal|error): /i, '');
          this.failed = new EnvironmentError(`git cat-file failed: ${why ?? `exit code ${code}`}`);
        }
        resolve();
      });
    });
  }

  /** Number of requests not yet answered. */
  get pending(): number {
    return this.sinks.length - this.head;
  }

  /** Asks for an object by name (a full object id, or `:path` for the index). */
  request(name: string, sink: BlobSink): void {
    if (this.failed !== undefined) return;
    if (/[\n\r]/.test(name)) throw new EnvironmentError('an object name cannot hold a line break');
    this.sinks.push(sink);
    // Requests made in one tick go out in one write: git then answers them back to back, instead of
    // waking up (and waking us) once per object.
    if (this.outgoing.length === 0) setImmediate(this.send);
    this.outgoing.push(name);
  }

  private readonly outgoing: string[] = [];
  private readonly send = (): void => {
    if (this.outgoing.length === 0 || this.failed !== undefined) return;
    this.outgoing.push('');
    this.child.stdin!.write(this.outgoing.join('\n'));
    this.outgoing.length = 0;
  };

  /** Ends the requests; resolves when all answers are in and git has exited, rejects if git failed. */
  async close(): Promise<void> {
    this.send();
    this.child.stdin!.end();
    await this.exited;
    if (this.failed !== undefined) throw this.failed;
  }

  /** Stops git without waiting for the answers (after an error elsewhere). */
  kill(): void {
    this.failed ??= new EnvironmentError('git cat-file was stopped');
    this.child.stdin!.destroy();
    this.child.kill();
  }

  private onData(chunk: Buffer): void {
    if (this.failed !== undefined) return;
    try {
      this.parse(chunk);
    } catch (err) {
      this.failed = err instanceof Error ? err : new Error(String(err));
      this.kill();
    }
  }

  private parse(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case State.Header: {
          const nl = chunk.indexOf(0x0a, at);
          if (nl === -1) {
            this.header.push(Buffer.from(chunk.subarray(at)));
            return;
          }
          let line: string;
          if (this.header.length === 0) line = chunk.toString('latin1', at, nl);
          else {
            this.header.push(chunk.subarray(at, nl));
            line = Buffer.concat(this.header).toString('latin1');
            this.header = [];
          }
          at = nl + 1;
          this.onHeader(line);
          break;
        }
        case State.Body: {
          const take = Math.min(this.remaining, chunk.length - at);
          if (take > 0) {
            this.sinks[this.head]!.data(chunk.subarray(at, at + take));
            this.bytes += take;
          }
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = State.Trailer;
          break;
        }
        case State.Trailer:
          at++; // the newline after the content
          this.finishObject();
          break;
      }
    }
  }

  private onHeader(line: string): void {
    const sink = this.sinks[this.head];
    if (sink === undefined) throw new EnvironmentError('git cat-file answered more than was asked');
    // `<oid> <type> <size>`, or `<name> missing` / `<name> ambiguous`.
    const m = /^[0-9a-f]+ ([a-z]+) (\d+)$/.exec(line);
    if (!m) {
      sink.start(undefined, line.slice(line.lastIndexOf(' ') + 1));
      this.finishObject();
      return;
    }
    this.remaining = Number(m[2]);
    sink.start(this.remaining, m[1]!);
    this.state = this.remaining === 0 ? State.Trailer : State.Body;
  }

  private finishObject(): void {
    const sink = this.sinks[this.head]!;
    this.sinks[this.head] = undefined as unknown as BlobSink;
    this.head++;
    // Drop answered entries now and then, so a long scan does not keep every sink alive.
    if (this.head > 4096 && this.head * 2 > this.sinks.length) {
      this.sinks.splice(0, this.head);
      this.head = 0;
    }
    this.state = State.Header;
    sink.end();
  }
}

/** Collects one object into a single Buffer (up to `limit` bytes; larger objects resolve undefined). */
export function collectBlob(limit: number, done: (bytes: Buffer | undefined, size: number | undefined) => void): BlobSink {
  let buf: Buffer | undefined;
  let filled = 0;
  let size: number | undefined;
  return {
    start(s) {
      size = s;
      if (s !== undefined && s <= limit) buf = Buffer.allocUnsafe(s);
    },
    data(piece) {
      if (buf === undefined) return;
      piece.copy(buf, filled);
      filled += piece.length;
    },
    end() {
      done(buf, size);
    },
  };
}

/**
 * Reads whole objects by id: a small API for other sources (archives found in history, notes).
 * Objects larger than `limit` bytes, and missing ones, come back undefined.
 */
export async function readBlobs(cwd: string, ids: readonly string[], limit: number, onBlob: (id: string, bytes: Buffer | undefined) => void): Promise<void> {
  const reader = new BlobReader(cwd);
  for (const id of ids) reader.request(id, collectBlob(limit, (bytes) => onBlob(id, bytes)));
  await reader.close();
}
