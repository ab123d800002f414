// The keyword gate for a whole history, run by git itself before the log is read. Most blob versions
// of a real history hold no keyword, and piping every one of them into Node cost more than git spends
// showing the whole history as diffs (express: 213 MB of blob versions, 92 MB of them one changelog's;
// moving them through a pipe alone cost 1.0 s of CPU against the floor's 1.15 s).
//
// `git cat-file --batch-all-objects` lists every blob in the store with its size; `git mktree` writes
// throw-away trees naming each blob by its place in that listing, in a temporary object directory that borrows the
// repository's objects as an alternate (nothing is written into the repository); `git grep -l` on
// those trees, two at a time (one per core), lists the blobs that may hold a keyword. Git inflates
// and searches every blob in C and no byte of a clean one reaches Node. The history scan then reads
// through `git cat-file` only the blobs grep listed (and any it did not gate), gating them again,
// exactly, in Node.
//
// The patterns are a superset of the Node gate (byte-gate.ts): each key stem, each context word ignoring
// ASCII case, the first manifest marker alone, and what makes a blob more than text — a NUL byte
// (binaries, archives, UTF-16) and the gzip magic — so a blob the Node gate or the binary sniff would
// look at is never turned away. Should git fail in any way (no PCRE support, a damaged store), there is
// no gate and the scan reads every blob, as it does for ranges (where gating the whole store would cost
// more than the commits asked for).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { GATE } from '../core/gate.js';
import { gitAnswer, gitOutput } from './git-repo.js';

const escapeRegex = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/**
 * The PCRE patterns git greps for. One `-e` each: git then looks for each literal on its own
 * (memchr-fast), where one alternation is matched byte by byte (twice the CPU, measured on express).
 */
export const GREP_GATE_PATTERNS: readonly string[] = [
  ...GATE.stems.map(escapeRegex),
  ...GATE.words.map((w) => `(?i)${escapeRegex(w)}`),
  escapeRegex(GATE.together[0]!),
  '\\x00',
  '\\x1f\\x8b',
];

/** Blobs per throw-away tree (about 70 bytes each in the tree). */
const PART_BLOBS = 50_000;
/** Blobs in the first, sampling grep. */
const PROBE_BLOBS = 1000;
const PROBE_RUNS = 4;
/** Past this share of blobs passing, the gate stops: reading everything is then cheaper. */
const MOST = 0.5;
/** Each grep costs a git start and its set-up: below this a part is not split further. */
const MIN_PART_BYTES = 64 * 1024 * 1024;
/** Greps at once: one per core of the machines we are measured on; git's own threads share one lock. */
const GREPS = 2;

/** What the gate found: which blobs of the store may hold a keyword, and the size of every blob. */
export class BlobVerdicts {
  private readonly scratch: Buffer;
  private readonly counted: Uint8Array;
  /** Where the ids starting with each 16-bit prefix begin (a binary search over the whole list cost more than the log parse). */
  private readonly buckets = new Uint32Array(65_537);

  constructor(
    /** Every gated blob id, binary, sorted, `width` bytes each. */
    private readonly ids: Buffer,
    private readonly width: number,
    private readonly sizes: Float64Array,
    /** Hex ids of the blobs that must be read. */
    private readonly passing: ReadonlySet<string>,
  ) {
    this.scratch = Buffer.alloc(width);
    this.counted = new Uint8Array(sizes.length);
    const n = sizes.length;
    for (let i = 0, prefix = 0; prefix <= 65_536; prefix++) {
      while (i < n && ids.readUInt16BE(i * width) < prefix) i++;
      this.buckets[prefix] = i;
    }
  }

  /**
   * For a blob the gate found clean: its size the first time it is asked about, 0 after that. -1 when
   * it must be read (listed by grep, or not in the store when it was gated).
   */
  cleanBytes(hex: string): number {
    if (hex.length !== this.width * 2 || this.passing.has(hex)) return -1;
    this.scratch.write(hex, 'hex');
    const prefix = this.scratch.readUInt16BE(0);
    let lo = this.buckets[prefix]!;
    let hi = this.buckets[prefix + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.ids.compare(this.scratch, 0, this.width, mid * this.width, (mid + 1) * this.width);
      if (c === 0) {
        if (this.counted[mid] === 1) return 0;
        this.counted[mid] = 1;
        return this.sizes[mid]!;
      }
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** Below this many bytes of blobs in the store, reading them all costs less than two more git starts. */
export const DEFAULT_GATE_BYTES = 4 * 1024 * 1024;

/**
 * Gates every blob of the repository at `cwd`. Undefined when git could not (then everything is
 * read), or when the store holds less than `minBytes` of blobs.
 */
export async function gateObjectStore(cwd: string, minBytes = DEFAULT_GATE_BYTES): Promise<BlobVerdicts | undefined> {
  if (minBytes === Infinity) return undefined;
  let dir: string | undefined;
  try {
    const answer = (await gitAnswer(cwd, ['rev-parse', '--git-path', 'objects']))?.trim();
    if (answer === undefined || answer === '') return undefined;
    const objects = isAbsolute(answer) ? answer : resolve(cwd, answer);
    // A store that borrows another (`clone --reference`) lists the other's objects too: gating a
    // shared store could cost far more than this history. The variable is a list, so a path holding
    // its separator would need quoting.
    if (existsSync(join(objects, 'info', 'alternates')) || objects.includes(delimiter) || objects.startsWith('"')) return undefined;
    // In pack order (--unordered): grep then reads the pack front to back, its deltas' bases near them,
    // where id order jumps across the pack (measured: twice the time, most of it remapping windows).
    const listing = await gitOutput(cwd, ['cat-file', '--batch-all-objects', '--unordered', '--batch-check=%(objecttype) %(objectname) %(objectsize)']);
    const { hex, listed } = parseListing(listing);
    let total = 0;
    for (const size of listed) total += size;
    if (hex.length === 0 || total < minBytes) return undefined;
    dir = mkdtempSync(join(tmpdir(), 'pinecall-scan-gate-'));
    const env = { GIT_OBJECT_DIRECTORY: dir, GIT_ALTERNATE_OBJECT_DIRECTORIES: objects };
    const parts = partsOf(hex, listed, total);
    const passing = new Set<string>();
    // A sample first: when most blobs pass (a project whose every file uses the client) they are read
    // anyway, and grepping them all first would only add to the cost.
    const sample = sampleOf(hex);
    const sampled = await grepTree(cwd, await writeTree(cwd, sample, env), env);
    if (sampled.length > sample.length * MOST) return undefined;
    for (const name of sampled) passing.add(blobNamed(sample, name));
    let next = 0;
    let gated = 0;
    let worthIt = true;
    const worker = async (): Promise<void> => {
      while (next < parts.length && worthIt) {
        const part = parts[next++]!;
        for (const name of await grepTree(cwd, await writeTree(cwd, part, env), env)) passing.add(blobNamed(part, name));
        gated += part.length;
        if (passing.size > gated * MOST) worthIt = false;
      }
    };
    const grepping = Promise.all(Array.from({ length: Math.min(GREPS, parts.length) }, worker));
    // Sorted for lookups while git greps.
    const { ids, width, sizes } = sortListing(hex, listed);
    await grepping;
    return worthIt ? new BlobVerdicts(ids, width, sizes, passing) : undefined;
  } catch {
    return undefined;
  } finally {
    if (dir !== undefined) removeQuietly(dir);
  }
}

/**
 * Parts of about equal bytes, several per grep: one that inflates slowly (long delta chains) does not
 * leave the other core idle at the end.
 */
function partsOf(hex: readonly string[], sizes: readonly number[], total: number): string[][] {
  const parts: string[][] = [];
  const partBytes = Math.max(total / (GREPS * 4), MIN_PART_BYTES);
  for (let i = 0, bytes = 0, from = 0; i < hex.length; i++) {
    bytes += sizes[i]!;
    if (bytes >= partBytes || i + 1 - from >= PART_BLOBS || i === hex.length - 1) {
      parts.push(hex.slice(from, i + 1));
      from = i + 1;
      bytes = 0;
    }
  }
  return parts;
}

/**
 * About PROBE_BLOBS blobs spread over the store, as a few runs of neighbours in the pack: single blobs
 * spread over it would each cost a whole delta chain.
 */
function sampleOf(hex: readonly string[]): string[] {
  const sample: string[] = [];
  const run = Math.ceil(PROBE_BLOBS / PROBE_RUNS);
  for (let r = 0; r < PROBE_RUNS; r++) {
    const from = Math.floor((r * hex.length) / PROBE_RUNS);
    sample.push(...hex.slice(from, Math.min(from + run, Math.floor(((r + 1) * hex.length) / PROBE_RUNS))));
  }
  return sample;
}

/** The temp dir's loose objects are read-only: a failure to remove it must not fail the scan. */
function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // left in the temp directory, which the system cleans
  }
}

/** The blobs of a `--batch-check` listing: their ids and sizes, in listing order. */
function parseListing(listing: string): { hex: string[]; listed: number[] } {
  const hex: string[] = [];
  const sizeList: number[] = [];
  for (let at = 0; at < listing.length; ) {
    let nl = listing.indexOf('\n', at);
    if (nl === -1) nl = listing.length;
    if (listing.startsWith('blob ', at)) {
      const space = listing.indexOf(' ', at + 5);
      if (hex.length > 0 && space - at - 5 !== hex[0]!.length) throw new Error('mixed object id lengths');
      hex.push(listing.slice(at + 5, space));
      sizeList.push(Number(listing.slice(space + 1, nl)));
    }
    at = nl + 1;
  }
  return { hex, listed: sizeList };
}

/** For lookups: the same ids sorted, binary, `width` bytes each, with their sizes. */
function sortListing(hex: readonly string[], sizeList: readonly number[]): { ids: Buffer; width: number; sizes: Float64Array } {
  const width = hex.length > 0 ? hex[0]!.length / 2 : 0;
  // Each id with its listing place appended, sorted natively (a comparator function is several times slower).
  const sorted = hex.map((h, i) => h + i).sort();
  const ids = Buffer.alloc(width * hex.length);
  const sizes = new Float64Array(hex.length);
  sorted.forEach((keyed, i) => {
    ids.write(keyed, i * width, width, 'hex');
    sizes[i] = sizeList[Number(keyed.slice(width * 2))]!;
  });
  return { ids, width, sizes };
}

/** The blob of `part` that grep named. */
function blobNamed(part: readonly string[], name: string): string {
  const id = part[Number(name)];
  if (id === undefined) throw new Error(`git grep named no blob of the tree: ${name}`);
  return id;
}

/** Tree entry names that sort in listing order (git walks a tree by name). */
const entryName = (i: number, count: number): string => String(i).padStart(String(count - 1).length, '0');

/** A tree of the blobs, each named by its place in `ids`, written into the temporary object directory. */
async function writeTree(cwd: string, ids: readonly string[], env: Record<string, string>): Promise<string> {
  const out = await answer(cwd, ['mktree', '--missing'], env, ids.map((id, i) => `100644 blob ${id}\t${entryName(i, ids.length)}\n`).join(''));
  const tree = out.trim();
  if (!/^[0-9a-f]+$/.test(tree)) throw new Error('git mktree gave no tree');
  return tree;
}

/** `git grep -l` over the tree: the names of the blobs it lists. */
async function grepTree(cwd: string, tree: string, env: Record<string, string>): Promise<string[]> {
  // --full-name and the `:/` pathspec: from a subdirectory git would search (and name) only it.
  const args = ['grep', '--no-color', '--full-name', '-l', '-P', '--threads=1', ...GREP_GATE_PATTERNS.flatMap((p) => ['-e', p]), tree, '--', ':/'];
  // Exit 1 is grep's "none listed", an answer.
  const out = await answer(cwd, args, env);
  return out
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf(':') + 1))
    .filter((name) => name !== '');
}

/** What git printed; a failure (git missing, an error exit) ends the gate. */
async function answer(cwd: string, args: readonly string[], env: Record<string, string>, input = ''): Promise<string> {
  const out = await gitAnswer(cwd, args, input, env);
  if (out === undefined) throw new Error(`git ${args[0]} failed`);
  return out;
}
