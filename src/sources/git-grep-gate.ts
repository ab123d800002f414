// The keyword gate for a whole history, run by git itself before the log is read. Most blob versions
// of a real history hold no keyword, and piping every one of them into Node cost more than git spends
// showing the whole history as diffs (express: 213 MB of blob versions, 92 MB of them one changelog's;
// moving them through a pipe alone cost 1.0 s of CPU against the floor's 1.15 s).
//
// `git cat-file --batch-all-objects` lists every blob in the store with its size; `git mktree --batch`
// writes throw-away trees naming each blob by its place in that listing, in a temporary object
// directory that borrows the repository's objects as an alternate (nothing is written into the
// repository); `git grep -l` on those trees, two at a time (one per core), lists the blobs that may
// hold a keyword. Git inflates
// and searches every blob in C and no byte of a clean one reaches Node. The history scan then reads
// through `git cat-file` only the blobs grep listed (and any it did not gate), gating them again,
// exactly, in Node.
//
// The listing stays bytes in Node: binary ids and a Float64Array of sizes in listing order, the trees
// written from places in it, and the lookup table a sorted copy with a byte of state per blob. A
// string per blob (175k on webpack) had put the heap's peak at 71 MB used, against 23 MB now.
//
// The patterns are a superset of the Node gate (byte-gate.ts): each key stem, each context word ignoring
// ASCII case, the first manifest marker alone, and what makes a blob more than text — a NUL byte
// (binaries, archives, UTF-16) and the gzip magic — so a blob the Node gate or the binary sniff would
// look at is never turned away. Should git fail in any way (no PCRE support, a damaged store), there is
// no gate and the scan reads every blob, as it does for ranges (where gating the whole store would cost
// more than the commits asked for).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { GATE } from '../core/gate.js';
import { gitAnswer, gitOutputBytes, objectsDirectory } from './git-repo.js';

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

/**
 * Two greps run beside git log, each mapping windows of the same pack: the pages each maps count in
 * its RSS. A grep reads its blobs in pack order, so small windows slide along at no measurable cost
 * (webpack: the same time with 8 MiB mapped as with 64 MiB). So does the listing, which reads every
 * object's header in pack order (40,000 generated commits: 44 MB instead of 102, the same time).
 */
const GREP_PACK_WINDOWS = ['-c', 'core.packedGitWindowSize=2m', '-c', 'core.packedGitLimit=8m'];

/** Blobs per throw-away tree (about 70 bytes each in the tree). */
const PART_BLOBS = 50_000;
/** Blobs in the first, sampling grep. */
const PROBE_BLOBS = 1000;
const PROBE_RUNS = 4;
/** Past this share of blobs passing, the gate stops: reading everything is then cheaper. */
const MOST = 0.5;
/**
 * Each grep costs a git start and its set-up: a smaller store is one part, a larger one a part per
 * grep, and more parts per grep only while each keeps this many bytes.
 */
const MIN_PART_BYTES = 64 * 1024 * 1024;
/** Greps at once: one per core of the machines we are measured on; git's own threads share one lock. */
const GREPS = 2;

/** What the gate found: which blobs of the store may hold a keyword, and the size of every blob. */
export class BlobVerdicts {
  private readonly scratch: Buffer;

  constructor(
    /** Every gated blob id, binary, sorted, `width` bytes each. */
    private readonly ids: Buffer,
    private readonly width: number,
    private readonly sizes: Float64Array,
    /** Where the ids starting with each 16-bit prefix begin (a binary search over the whole list cost more than the log parse). */
    private readonly buckets: Uint32Array,
    /** Per sorted id, UNSEEN, COUNTED or MUST_READ: one byte a blob, where a set of hex ids cost a string each. */
    private readonly state: Uint8Array,
  ) {
    this.scratch = Buffer.alloc(width);
  }

  /**
   * For a blob the gate found clean: its size the first time it is asked about, 0 after that. -1 when
   * it must be read (listed by grep, or not in the store when it was gated).
   */
  cleanBytes(hex: string): number {
    if (hex.length !== this.width * 2) return -1;
    // A string that is not all hex decodes short: it names no blob of the store.
    if (this.scratch.write(hex, 'hex') !== this.width) return -1;
    const prefix = this.scratch.readUInt16BE(0);
    let lo = this.buckets[prefix]!;
    let hi = this.buckets[prefix + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.ids.compare(this.scratch, 0, this.width, mid * this.width, (mid + 1) * this.width);
      if (c === 0) {
        const state = this.state[mid]!;
        if (state === MUST_READ) return -1;
        if (state === COUNTED) return 0;
        this.state[mid] = COUNTED;
        return this.sizes[mid]!;
      }
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

const UNSEEN = 0;
const COUNTED = 1;
const MUST_READ = 2;

/** Below this many bytes of blobs in the store, reading them all costs less than two more git starts. */
export const DEFAULT_GATE_BYTES = 4 * 1024 * 1024;

/**
 * The blobs of the store in listing (pack) order, kept binary: 175k hex strings (webpack) took tens
 * of megabytes of heap where these take 28 bytes a blob.
 */
interface Listing {
  /** `width` bytes per blob. */
  ids: Buffer;
  width: number;
  sizes: Float64Array;
  count: number;
}

/** Listing places `from` up to (not including) `to`. */
interface Span {
  from: number;
  to: number;
}

/**
 * Gates every blob of the repository at `cwd`. Undefined when git could not (then everything is
 * read), or when the store holds less than `minBytes` of blobs.
 */
export async function gateObjectStore(cwd: string, minBytes = DEFAULT_GATE_BYTES, knownObjects?: string): Promise<BlobVerdicts | undefined> {
  if (minBytes === Infinity) return undefined;
  let dir: string | undefined;
  try {
    const objects = knownObjects ?? (await objectsDirectory(cwd));
    if (objects === undefined) return undefined;
    // A store that borrows another (`clone --reference`) lists the other's objects too: gating a
    // shared store could cost far more than this history. The variable is a list, so a path holding
    // its separator would need quoting.
    if (existsSync(join(objects, 'info', 'alternates')) || objects.includes(delimiter) || objects.startsWith('"')) return undefined;
    // In pack order (--unordered): grep then reads the pack front to back, its deltas' bases near them,
    // where id order jumps across the pack (measured: twice the time, most of it remapping windows).
    // Parsed where it is read, so that nothing holds the raw listing once it is.
    const listing = parseListing(
      await gitOutputBytes(cwd, [...GREP_PACK_WINDOWS, 'cat-file', '--batch-all-objects', '--unordered', '--batch-check=%(objecttype) %(objectname) %(objectsize)']),
    );
    let total = 0;
    for (const size of listing.sizes) total += size;
    if (listing.count === 0 || total < minBytes) return undefined;
    dir = mkdtempSync(join(tmpdir(), 'pinecall-scan-gate-'));
    const env = { GIT_OBJECT_DIRECTORY: dir, GIT_ALTERNATE_OBJECT_DIRECTORIES: objects };
    const parts = partsOf(listing.sizes, total);
    /** Per listing place: 1 when grep listed the blob. */
    const listed = new Uint8Array(listing.count);
    let passing = 0;
    const pass = (place: number): void => {
      if (listed[place] === 1) return;
      listed[place] = 1;
      passing++;
    };
    // A sample first: when most blobs pass (a project whose every file uses the client) they are read
    // anyway, and grepping them all first would only add to the cost.
    const sample = sampleOf(listing.count);
    const trees = new TreeWriter(cwd, listing, [sample, ...parts.map((part) => [part])], env);
    const sampled = await grepTree(cwd, await trees.tree(0), env);
    if (sampled.length > countOf(sample) * MOST) return undefined;
    for (const name of sampled) pass(blobNamed(sample, name));
    let next = 0;
    let gated = 0;
    let worthIt = true;
    const worker = async (): Promise<void> => {
      while (next < parts.length && worthIt) {
        const k = next++;
        const part = [parts[k]!];
        for (const name of await grepTree(cwd, await trees.tree(k + 1), env)) pass(blobNamed(part, name));
        gated += countOf(part);
        if (passing > gated * MOST) worthIt = false;
      }
    };
    const grepping = Promise.all(Array.from({ length: Math.min(GREPS, parts.length) }, worker));
    // Sorted for lookups while git greps.
    const sorted = sortListing(listing);
    await grepping;
    if (!worthIt) return undefined;
    const state = new Uint8Array(listing.count);
    for (let k = 0; k < listing.count; k++) state[k] = listed[sorted.order[k]!] === 1 ? MUST_READ : UNSEEN;
    return new BlobVerdicts(sorted.ids, listing.width, sorted.sizes, sorted.buckets, state);
  } catch {
    return undefined;
  } finally {
    if (dir !== undefined) removeQuietly(dir);
  }
}

/**
 * Parts of about equal bytes, one per grep on a small store, up to four per grep on a large one: one
 * that inflates slowly (long delta chains) then does not leave the other core idle at the end, and a
 * small store does not pay for more git starts than it has cores.
 */
function partsOf(sizes: Float64Array, total: number): Span[] {
  const parts: Span[] = [];
  const rounds = Math.min(4, Math.max(1, Math.floor(total / (GREPS * MIN_PART_BYTES))));
  // A small store is one part: a part must be large for its share of passing blobs to say anything.
  const partBytes = total < MIN_PART_BYTES ? total : total / (GREPS * rounds);
  for (let i = 0, bytes = 0, from = 0; i < sizes.length; i++) {
    bytes += sizes[i]!;
    if (bytes >= partBytes || i + 1 - from >= PART_BLOBS || i === sizes.length - 1) {
      parts.push({ from, to: i + 1 });
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
function sampleOf(count: number): Span[] {
  const sample: Span[] = [];
  const run = Math.ceil(PROBE_BLOBS / PROBE_RUNS);
  for (let r = 0; r < PROBE_RUNS; r++) {
    const from = Math.floor((r * count) / PROBE_RUNS);
    const to = Math.min(from + run, Math.floor(((r + 1) * count) / PROBE_RUNS));
    if (to > from) sample.push({ from, to });
  }
  return sample;
}

const countOf = (spans: readonly Span[]): number => spans.reduce((n, s) => n + s.to - s.from, 0);

/** The temp dir's loose objects are read-only: a failure to remove it must not fail the scan. */
function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // left in the temp directory, which the system cleans
  }
}

const NL = 0x0a;
const SPACE = 0x20;
const BLOB = Buffer.from('blob ');
/** Byte → its hex digit's value, -1 for any other byte. */
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let d = 0; d < 16; d++) HEX_VALUE[d.toString(16).charCodeAt(0)] = d;
const HEX_DIGIT = Buffer.from('0123456789abcdef');

/** The blobs of a `--batch-check` listing. Counted first, so that each array is allocated once at its size. */
function parseListing(text: Buffer): Listing {
  let count = 0;
  let width = 0;
  const eachBlob = (visit: (idAt: number, sizeAt: number, end: number) => void): void => {
    for (let at = 0; at < text.length; ) {
      let nl = text.indexOf(NL, at);
      if (nl === -1) nl = text.length;
      if (text.compare(BLOB, 0, BLOB.length, at, Math.min(at + BLOB.length, nl)) === 0) {
        const idAt = at + BLOB.length;
        const space = text.indexOf(SPACE, idAt);
        if (space === -1 || space > nl) throw new Error('a listing line without a size');
        visit(idAt, space + 1, nl);
      }
      at = nl + 1;
    }
  };
  eachBlob((idAt, sizeAt) => {
    const digits = sizeAt - 1 - idAt;
    if (count === 0) width = digits / 2;
    else if (digits !== width * 2) throw new Error('mixed object id lengths');
    count++;
  });
  // The lookups read a 16-bit prefix; an odd length is no id at all.
  if (count > 0 && (width < 2 || !Number.isInteger(width))) throw new Error('no object ids in the listing');
  const ids = Buffer.alloc(count * width);
  const sizes = new Float64Array(count);
  let i = 0;
  eachBlob((idAt, sizeAt, end) => {
    for (let b = 0, out = i * width; b < width; b++) {
      const hi = HEX_VALUE[text[idAt + 2 * b]!]!;
      const lo = HEX_VALUE[text[idAt + 2 * b + 1]!]!;
      if (hi < 0 || lo < 0) throw new Error('an object id that is not hex');
      ids[out + b] = (hi << 4) | lo;
    }
    let size = 0;
    for (let at = sizeAt; at < end; at++) {
      const digit = text[at]! - 0x30;
      if (digit < 0 || digit > 9) throw new Error('a size that is not a number');
      size = size * 10 + digit;
    }
    sizes[i++] = size;
  });
  return { ids, width, sizes, count };
}

/**
 * For lookups: the ids sorted, with their sizes, the start of each 16-bit prefix, and the listing place
 * of each sorted id. A counting sort on the prefix does most of the work; each prefix then holds a few
 * ids (webpack: under three on average) to order among themselves.
 */
function sortListing({ ids: listed, width, sizes: listedSizes, count }: Listing): {
  ids: Buffer;
  sizes: Float64Array;
  buckets: Uint32Array;
  order: Uint32Array;
} {
  const prefixOf = (i: number): number => (listed[i * width]! << 8) | listed[i * width + 1]!;
  const buckets = new Uint32Array(65_537);
  for (let i = 0; i < count; i++) buckets[prefixOf(i) + 1]!++;
  for (let p = 1; p <= 65_536; p++) buckets[p]! += buckets[p - 1]!;
  const order = new Uint32Array(count);
  const fill = buckets.slice(0, 65_536);
  for (let i = 0; i < count; i++) order[fill[prefixOf(i)]!++] = i;
  // The prefix is equal within a bucket: only the rest is compared.
  const compare = (a: number, b: number): number => listed.compare(listed, b * width + 2, (b + 1) * width, a * width + 2, (a + 1) * width);
  for (let p = 0; p < 65_536; p++) {
    const lo = buckets[p]!;
    const hi = buckets[p + 1]!;
    if (hi - lo < 2) continue;
    if (hi - lo > 16) {
      // A store of millions of blobs: insertion would be quadratic in a bucket's size.
      order.subarray(lo, hi).sort(compare);
      continue;
    }
    for (let j = lo + 1; j < hi; j++) {
      const place = order[j]!;
      let k = j - 1;
      for (; k >= lo && compare(order[k]!, place) > 0; k--) order[k + 1] = order[k]!;
      order[k + 1] = place;
    }
  }
  const ids = Buffer.alloc(count * width);
  const sizes = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const place = order[k]!;
    listed.copy(ids, k * width, place * width, (place + 1) * width);
    sizes[k] = listedSizes[place]!;
  }
  return { ids, sizes, buckets, order };
}

/** The listing place of the blob grep named, in a tree written from `spans`. */
function blobNamed(spans: readonly Span[], name: string): number {
  let k = Number(name);
  if (name !== '' && Number.isInteger(k) && k >= 0) {
    for (const { from, to } of spans) {
      if (k < to - from) return from + k;
      k -= to - from;
    }
  }
  throw new Error(`git grep named no blob of the tree: ${name}`);
}

const MKTREE_MODE = Buffer.from('100644 blob ');

/**
 * Git's memory for `mktree` grows with the entries it is given (58 MB for 50,000; a batch keeps them
 * all): trees are written in batches of up to this many.
 */
const MKTREE_BATCH_BLOBS = 20_000;

/**
 * Writes the trees as they are asked for, several in one `git mktree --batch` while they stay within
 * MKTREE_BATCH_BLOBS: each git start costs the scan ~10 ms of a forking Node, and a small store's
 * sample and parts then take one.
 */
class TreeWriter {
  private readonly written: Promise<string>[] = [];

  constructor(
    private readonly cwd: string,
    private readonly listing: Listing,
    private readonly trees: readonly (readonly Span[])[],
    private readonly env: Record<string, string>,
  ) {}

  tree(k: number): Promise<string> {
    if (this.written[k] === undefined) {
      let end = k + 1;
      let entries = countOf(this.trees[k]!);
      while (end < this.trees.length && entries + countOf(this.trees[end]!) <= MKTREE_BATCH_BLOBS) entries += countOf(this.trees[end++]!);
      const batch = writeTrees(this.cwd, this.listing, this.trees.slice(k, end), this.env);
      for (let j = k; j < end; j++) {
        const id = batch.then((ids) => ids[j - k]!);
        // A tree never asked for (the gate gave up) must not leave its failure unhandled.
        id.catch(() => {});
        this.written[j] = id;
      }
    }
    return this.written[k]!;
  }
}

/**
 * Trees, one per list of spans, of the blobs of those spans, each named by its place among them
 * (names that sort in listing order: git walks a tree by name), written into the temporary object
 * directory by one `git mktree --batch` (trees separated by a blank line, one id printed for each).
 */
async function writeTrees(cwd: string, listing: Listing, trees: readonly (readonly Span[])[], env: Record<string, string>): Promise<string[]> {
  const input = Buffer.concat(trees.flatMap((spans) => [treeInput(listing, spans), BLANK_LINE]));
  const ids = (await answer(cwd, ['mktree', '--missing', '--batch'], env, input)).split('\n').filter((line) => line !== '');
  if (ids.length !== trees.length || !ids.every((id) => /^[0-9a-f]+$/.test(id))) throw new Error('git mktree gave no tree');
  return ids;
}

const BLANK_LINE = Buffer.from('\n');

/** `git mktree` input for one tree, encoded straight into one buffer: a string per line cost a part's worth of heap. */
function treeInput(listing: Listing, spans: readonly Span[]): Buffer {
  const { ids, width } = listing;
  const count = countOf(spans);
  const digits = String(Math.max(count - 1, 0)).length;
  const lineBytes = MKTREE_MODE.length + 2 * width + 1 + digits + 1;
  const input = Buffer.alloc(count * lineBytes);
  let out = 0;
  let k = 0;
  for (const { from, to } of spans) {
    for (let place = from; place < to; place++, k++) {
      out += MKTREE_MODE.copy(input, out);
      for (let b = place * width; b < (place + 1) * width; b++) {
        input[out++] = HEX_DIGIT[ids[b]! >> 4]!;
        input[out++] = HEX_DIGIT[ids[b]! & 15]!;
      }
      input[out++] = 0x09;
      for (let d = digits - 1, n = k; d >= 0; d--, n = Math.floor(n / 10)) input[out + d] = 0x30 + (n % 10);
      out += digits;
      input[out++] = NL;
    }
  }
  return input;
}

/** `git grep -l` over the tree: the names of the blobs it lists. */
async function grepTree(cwd: string, tree: string, env: Record<string, string>): Promise<string[]> {
  // --full-name and the `:/` pathspec: from a subdirectory git would search (and name) only it.
  const args = [...GREP_PACK_WINDOWS, 'grep', '--no-color', '--full-name', '-l', '-P', '--threads=1', ...GREP_GATE_PATTERNS.flatMap((p) => ['-e', p]), tree, '--', ':/'];
  // Exit 1 is grep's "none listed", an answer.
  const out = await answer(cwd, args, env);
  return out
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf(':') + 1))
    .filter((name) => name !== '');
}

/** What git printed; a failure (git missing, an error exit) ends the gate. */
async function answer(cwd: string, args: readonly string[], env: Record<string, string>, input: string | Uint8Array = ''): Promise<string> {
  const out = await gitAnswer(cwd, args, input, env);
  if (out === undefined) throw new Error(`git ${args[0]} failed`);
  return out;
}
