// The files source: walks the given paths (fast-glob), honours .gitignore at every level, reads each
// file once and hands one Fragment per text file to the detector.
//
// Symlinks are never followed (as git stores them: a link, not content). A link whose target lies
// inside the scanned directory is passed over silently, because the target is scanned where it lives;
// a link leading outside, a broken link and a loop are listed as skipped. Directory loops are
// impossible for the same reason.
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import * as fs from 'node:fs';
import { open, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { hasKeyword } from '../core/index.js';
import type { Finding, Skipped } from '../core/types.js';
import { UsageError } from '../cli/errors.js';
import { decodeText, isBinary, sniffEncoding } from './decode.js';
import type { DetectFn, SourceOutcome } from './source.js';

export interface FilesSourceOptions {
  /** Relative paths are resolved against this; reported paths are relative to it when inside it. */
  cwd: string;
  /** Files or directories; empty means `cwd`. */
  paths: readonly string[];
  /** Honour .gitignore files and skip node_modules (false = --no-ignore). `.git` is always skipped. */
  ignore: boolean;
  /** Bytes; larger files are skipped as `too-large`. */
  maxFileSize: number;
  /** Config-level exclusion, on the reported path (relative, forward slashes). */
  exclude?: (file: string) => boolean;
  /** Files read at once. */
  concurrency?: number;
}

interface Target {
  abs: string;
  /** Reported path: relative, forward slashes. */
  rel: string;
}

const ALWAYS_SKIPPED = ['**/.git'];
const DEFAULT_IGNORES = ['**/node_modules'];
const DEFAULT_CONCURRENCY = 32;

const toPosix = (p: string): string => (path.sep === '/' ? p : p.split(path.sep).join('/'));

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? 'error';
}

/**
 * Where reported paths start: the working directory when the path is inside it (so `src` and `.`
 * agree), otherwise the scanned directory itself (or a scanned file's directory).
 */
function reportBase(abs: string, isDirectory: boolean, cwd: string): string {
  if (isInside(abs, cwd)) return cwd;
  return isDirectory ? abs : path.dirname(abs);
}

/** The nested-.gitignore rule set under one base directory. */
class GitignoreRules {
  private readonly matchers = new Map<string, Ignore>();
  private readonly dirCache = new Map<string, boolean>();

  add(dirRel: string, content: string): void {
    this.matchers.set(dirRel, ignore().add(content));
  }

  /** Outer files first, the deepest file with an opinion wins (negations included). */
  private layered(rel: string, isDir: boolean): boolean {
    let ignored = false;
    let dir = '';
    let from = 0;
    for (;;) {
      const m = this.matchers.get(dir);
      if (m) {
        const r = m.test(rel.slice(from) + (isDir ? '/' : ''));
        if (r.ignored) ignored = true;
        else if (r.unignored) ignored = false;
      }
      const slash = rel.indexOf('/', from);
      if (slash === -1) return ignored;
      dir = rel.slice(0, slash);
      from = slash + 1;
    }
  }

  /** Git cannot re-include a file whose parent directory is excluded. */
  private dirIgnored(dirRel: string): boolean {
    if (dirRel === '') return false;
    const cached = this.dirCache.get(dirRel);
    if (cached !== undefined) return cached;
    const slash = dirRel.lastIndexOf('/');
    const result = this.dirIgnored(slash === -1 ? '' : dirRel.slice(0, slash)) || this.layered(dirRel, true);
    this.dirCache.set(dirRel, result);
    return result;
  }

  ignores(rel: string): boolean {
    if (this.matchers.size === 0) return false;
    const slash = rel.lastIndexOf('/');
    return this.dirIgnored(slash === -1 ? '' : rel.slice(0, slash)) || this.layered(rel, false);
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Lists the files under one directory argument. */
async function walkDirectory(
  dirAbs: string,
  base: string,
  options: FilesSourceOptions,
  skipped: Skipped[],
  add: (t: Target) => void,
): Promise<void> {
  const relFromBase = (abs: string): string => toPosix(path.relative(base, abs));
  // fast-glob drops unreadable directories silently or aborts; wrap readdir to list them instead.
  const readdir = ((dir: string, opts: fs.ObjectEncodingOptions & { withFileTypes: true }, cb: (e: NodeJS.ErrnoException | null, entries: fs.Dirent[]) => void) =>
    fs.readdir(dir, opts, (err, entries) => {
      if (err && err.code !== 'ENOENT') {
        skipped.push({ file: relFromBase(dir) || '.', reason: 'unreadable', detail: err.code ?? 'error' });
        cb(null, []);
      } else cb(err, entries);
    })) as unknown as typeof fs.readdir;

  const entries = await fg('**', {
    cwd: dirAbs,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    objectMode: true,
    unique: false,
    ignore: options.ignore ? [...ALWAYS_SKIPPED, ...DEFAULT_IGNORES] : ALWAYS_SKIPPED,
    fs: { readdir },
  });

  const prefix = relFromBase(dirAbs);
  const rules = new GitignoreRules();
  if (options.ignore) {
    // .gitignore files between the report base and the scanned directory apply too.
    const ancestors: string[] = [];
    if (dirAbs !== base) {
      let dir = base;
      for (const part of path.relative(base, dirAbs).split(path.sep)) {
        ancestors.push(dir);
        dir = path.join(dir, part);
      }
    }
    const found = entries.filter((e) => e.name === '.gitignore' && e.dirent.isFile());
    const files = [
      ...ancestors.map((d) => path.join(d, '.gitignore')),
      ...found.map((e) => path.join(dirAbs, e.path)),
    ];
    const contents = await Promise.all(files.map(readOptional));
    files.forEach((file, i) => {
      const content = contents[i];
      if (content !== undefined) rules.add(relFromBase(path.dirname(file)), content);
    });
  }

  let realRoot: string | undefined;
  for (const entry of entries) {
    const rel = prefix === '' ? entry.path : `${prefix}/${entry.path}`;
    const { dirent } = entry;
    if (dirent.isDirectory()) continue;
    if (rules.ignores(rel) || options.exclude?.(rel)) continue;
    const abs = path.join(dirAbs, entry.path);
    if (dirent.isSymbolicLink()) {
      realRoot ??= await realpath(dirAbs);
      try {
        const target = await realpath(abs);
        if (!isInside(target, realRoot)) skipped.push({ file: rel, reason: 'symlink-outside-root' });
      } catch (err) {
        const code = errorCode(err);
        const reason = code === 'ELOOP' ? 'symlink-loop' : code === 'ENOENT' ? 'symlink-broken' : 'unreadable';
        skipped.push({ file: rel, reason, detail: code });
      }
      continue;
    }
    if (dirent.isFile()) add({ abs, rel });
  }
}

async function collectTargets(options: FilesSourceOptions, skipped: Skipped[]): Promise<Target[]> {
  const targets: Target[] = [];
  const seen = new Set<string>();
  const add = (t: Target): void => {
    if (seen.has(t.abs)) return;
    seen.add(t.abs);
    targets.push(t);
  };
  const given = options.paths.length > 0 ? options.paths : ['.'];
  for (const p of given) {
    const abs = path.resolve(options.cwd, p);
    let st: fs.Stats;
    try {
      st = await stat(abs);
    } catch (err) {
      const code = errorCode(err);
      throw new UsageError(code === 'ENOENT' || code === 'ENOTDIR' ? `no such file or directory: ${p}` : `cannot read ${p} (${code})`);
    }
    const base = reportBase(abs, st.isDirectory(), path.resolve(options.cwd));
    if (st.isDirectory()) {
      await walkDirectory(abs, base, options, skipped, add);
    } else if (st.isFile()) {
      // An explicitly named file is scanned even if .gitignore would leave it out.
      const rel = toPosix(path.relative(base, abs));
      if (!options.exclude?.(rel)) add({ abs, rel });
    } else {
      throw new UsageError(`not a file or directory: ${p}`);
    }
  }
  return targets;
}

type ReadResult = { buf: Buffer } | { skip: Omit<Skipped, 'file'> };

/** open + fstat + read + close: the size check costs no extra syscall. */
async function readTarget(abs: string, maxFileSize: number): Promise<ReadResult> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(abs, 'r');
    const st = await fh.stat();
    if (!st.isFile()) return { skip: { reason: 'unreadable', detail: 'not a regular file' } };
    if (st.size > maxFileSize) return { skip: { reason: 'too-large', detail: `${st.size} bytes` } };
    const buf = Buffer.allocUnsafe(st.size);
    let filled = 0;
    while (filled < st.size) {
      const { bytesRead } = await fh.read(buf, filled, st.size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { buf: filled === st.size ? buf : buf.subarray(0, filled) };
  } catch (err) {
    return { skip: { reason: 'unreadable', detail: errorCode(err) } };
  } finally {
    await fh?.close().catch(() => {});
  }
}

/** Scans files and directories; a nonexistent path is a UsageError, an unreadable file is skipped. */
export async function scanPaths(options: FilesSourceOptions, detect: DetectFn): Promise<SourceOutcome> {
  const skipped: Skipped[] = [];
  const targets = await collectTargets(options, skipped);
  const findings: Finding[] = [];
  let files = 0;
  let bytes = 0;

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const target = targets[next++]!;
      const read = await readTarget(target.abs, options.maxFileSize);
      if ('skip' in read) {
        skipped.push({ file: target.rel, ...read.skip });
        continue;
      }
      const encoding = sniffEncoding(read.buf);
      if (isBinary(read.buf, encoding)) {
        skipped.push({ file: target.rel, reason: 'binary' });
        continue;
      }
      files++;
      bytes += read.buf.length;
      const text = decodeText(read.buf, encoding);
      if (!hasKeyword(text)) continue;
      for (const f of detect({ text, path: target.rel })) findings.push(f);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, targets.length));
  await Promise.all(Array.from({ length: concurrency }, worker));

  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { findings, skipped, stats: { files, bytes, commits: 0 } };
}
