// The keyword gate for a whole history, run by git itself before the log is read. Most blob versions
// of a real history hold no keyword, and piping every one of them into Node cost more than git spends
// showing the whole history as diffs (express: 213 MB of blob versions, 92 MB of them one changelog's;
// moving them through a pipe alone cost 1.0 s of CPU against the floor's 1.15 s).
//
// `git cat-file --batch-all-objects` lists every blob in the store with its size; `git mktree` writes
// throw-away trees naming each blob by its id into a temporary object directory that borrows the
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
import { gitAnswer, gitOutput, spawnGit } from './git-repo.js';

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
/** Greps at once: one per core of the machines we are measured on; git's own threads share one lock. */
const GREPS = 2;

/** What the gate found: which blobs of the store may hold a keyword, and the size of every blob. */
export class BlobVerdicts {
  private readonly scratch: Buffer;
  private readonly counted: Uint8Array;

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
  }

  /**
   * For a blob the gate found clean: its size the first time it is asked about, 0 after that. -1 when
   * it must be read (listed by grep, or not in the store when it was gated).
   */
  cleanBytes(hex: string): number {
    if (hex.length !== this.width * 2 || this.passing.has(hex)) return -1;
    this.scratch.write(hex, 'hex');
    let lo = 0;
    let hi = this.sizes.length - 1;
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
    const listing = await gitOutput(cwd, ['cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectname) %(objectsize)']);
    const { ids, width, sizes, hex } = parseListing(listing);
    let total = 0;
    for (const size of sizes) total += size;
    if (sizes.length === 0 || total < minBytes) return undefined;
    dir = mkdtempSync(join(tmpdir(), 'pinecall-scan-gate-'));
    const env = { GIT_OBJECT_DIRECTORY: dir, GIT_ALTERNATE_OBJECT_DIRECTORIES: objects };
    const parts: string[][] = [];
    for (let i = 0; i < hex.length; i += PART_BLOBS) parts.push(hex.slice(i, i + PART_BLOBS));
    const passing = new Set<string>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < parts.length) {
        const part = parts[next++]!;
        for (const id of await grepTree(cwd, await writeTree(cwd, part, env), env)) passing.add(id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(GREPS, parts.length) }, worker));
    return new BlobVerdicts(ids, width, sizes, passing);
  } catch {
    return undefined;
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** The blobs of a `--batch-check` listing (sorted by id, as git prints it without --unordered). */
function parseListing(listing: string): { ids: Buffer; width: number; sizes: Float64Array; hex: string[] } {
  const hex: string[] = [];
  const sizeList: number[] = [];
  for (let at = 0; at < listing.length; ) {
    let nl = listing.indexOf('\n', at);
    if (nl === -1) nl = listing.length;
    if (listing.startsWith('blob ', at)) {
      const space = listing.indexOf(' ', at + 5);
      hex.push(listing.slice(at + 5, space));
      sizeList.push(Number(listing.slice(space + 1, nl)));
    }
    at = nl + 1;
  }
  const width = hex.length > 0 ? hex[0]!.length / 2 : 0;
  const ids = Buffer.alloc(width * hex.length);
  for (let i = 0; i < hex.length; i++) {
    if (hex[i]!.length !== width * 2) throw new Error('mixed object id lengths');
    ids.write(hex[i]!, i * width, 'hex');
  }
  return { ids, width, sizes: Float64Array.from(sizeList), hex };
}

/** A tree naming each blob by its id, written into the temporary object directory. */
async function writeTree(cwd: string, ids: readonly string[], env: Record<string, string>): Promise<string> {
  const out = await run(cwd, ['mktree', '--missing'], env, ids.map((id) => `100644 blob ${id}\t${id}\n`).join(''));
  const tree = out.trim();
  if (!/^[0-9a-f]+$/.test(tree)) throw new Error('git mktree gave no tree');
  return tree;
}

/** `git grep -l` over the tree: the blob ids (names) it lists. */
async function grepTree(cwd: string, tree: string, env: Record<string, string>): Promise<string[]> {
  // --full-name and the `:/` pathspec: from a subdirectory git would search (and name) only it.
  const args = ['grep', '--no-color', '--full-name', '-l', '-P', '--threads=1', ...GREP_GATE_PATTERNS.flatMap((p) => ['-e', p]), tree, '--', ':/'];
  const out = await run(cwd, args, env, undefined, [0, 1]);
  return out
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf(':') + 1))
    .filter((name) => name !== '');
}

/** Runs git to its end; rejects unless it exits with one of `ok`. */
function run(cwd: string, args: readonly string[], env: Record<string, string>, input: string | undefined, ok: readonly number[] = [0]): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawnGit(cwd, args, input === undefined ? 'ignore' : 'pipe', env);
    let out = '';
    child.stdout!.setEncoding('latin1').on('data', (text: string) => (out += text));
    child.stderr!.resume();
    child.on('error', reject);
    child.on('close', (code) => (code !== null && ok.includes(code) ? resolveRun(out) : reject(new Error(`git ${args[0]} exited ${code}`))));
    if (input !== undefined) {
      child.stdin!.on('error', () => {});
      child.stdin!.end(input);
    }
  });
}
