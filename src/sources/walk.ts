// The directory walk of the files source: lists the files to read under each path argument,
// honouring .gitignore, handing them over in batches while the walk goes on.
//
// Symlinks are never followed (as git stores them: a link, not content). A link whose target lies
// inside the scanned directory is passed over silently, because the target is scanned where it lives;
// a link leading outside, a broken link and a loop are listed as skipped. Directory loops are
// impossible for the same reason. A link named as an argument is followed only with
// `followSymlinks`, and only to a target inside the root.
import { lstatSync, readFileSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import type { Skipped } from '../core/types.js';
import { UsageError } from '../errors.js';
import { errorCode } from '../fs-util.js';
import { isInside, toPosixPath } from '../paths.js';
import { GitignoreRules } from './gitignore.js';
import type { Target } from './read-files.js';

export interface WalkOptions {
  /** Relative paths are resolved against this; reported paths are relative to it when inside it. */
  cwd: string;
  /** Files or directories; empty means `cwd`. */
  paths: readonly string[];
  /** Honour .gitignore files and skip node_modules (false = --no-ignore). `.git` is always skipped. */
  respectGitignore: boolean;
  /** Config-level exclusion, on the reported path (relative, forward slashes). */
  exclude?: (file: string) => boolean;
  /** Follow a symlink named as an argument when its target lies inside the root (--follow-symlinks). */
  followSymlinks?: boolean;
  /**
   * Build-output directories (--build): scanned whatever .gitignore files say (node_modules is still
   * skipped unless `ignore` is false). Scanned after `paths`; with no `paths`, only these.
   */
  build?: readonly string[];
}

const ALWAYS_SKIPPED = new Set(['.git']);
const DEFAULT_IGNORES = new Set(['.git', 'node_modules']);
/** Files listed between two hand-overs: small enough that readers start early, big enough to be cheap. */
const HAND_OVER = 512;

/** A directory or file path: a string, or the raw bytes when a name is not valid UTF-8. */
type FsPath = string | Buffer;

/**
 * A name that is not valid UTF-8, shown with each offending byte as `\xNN` (the name is read by its
 * raw bytes; only the report needs text).
 */
export function escapeRawName(raw: Buffer): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const b = raw[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len > 0 && i + len <= raw.length) {
      const s = raw.toString('utf8', i, i + len);
      if (Buffer.from(s).equals(raw.subarray(i, i + len))) {
        out += s;
        i += len;
        continue;
      }
    }
    out += `\\x${b.toString(16).padStart(2, '0')}`;
    i++;
  }
  return out;
}

const SEP = Buffer.from(path.sep);
function joinPath(dir: FsPath, name: FsPath): FsPath {
  if (typeof dir === 'string' && typeof name === 'string') return dir + path.sep + name;
  return Buffer.concat([typeof dir === 'string' ? Buffer.from(dir) : dir, SEP, typeof name === 'string' ? Buffer.from(name) : name]);
}

interface Entry {
  /** The reported name (escaped if its bytes are not UTF-8). */
  name: string;
  abs: FsPath;
  dirent: Dirent | Dirent<Buffer>;
}

/**
 * One directory's entries. Names are read as text; only a directory holding a name that is not valid
 * UTF-8 (shown by Node as U+FFFD) is listed again by raw bytes, so such files can still be opened.
 */
function listDirectory(dir: FsPath, skipNames: ReadonlySet<string>): Entry[] {
  if (typeof dir === 'string') {
    const dirents = readdirSync(dir, { withFileTypes: true });
    if (!dirents.some((d) => d.name.includes('\uFFFD'))) {
      const out: Entry[] = [];
      for (const d of dirents) if (!skipNames.has(d.name)) out.push({ name: d.name, abs: dir + path.sep + d.name, dirent: d });
      return out;
    }
  }
  const out: Entry[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true, encoding: 'buffer' })) {
    const raw = d.name;
    const text = raw.toString('utf8');
    const valid = Buffer.from(text).equals(raw);
    if (valid && skipNames.has(text)) continue;
    out.push({ name: valid ? text : escapeRawName(raw), abs: joinPath(dir, valid ? text : raw), dirent: d });
  }
  return out;
}

/**
 * Where reported paths start: the working directory when the path is inside it (so `src` and `.`
 * agree), otherwise the scanned directory itself (or a scanned file's directory).
 */
function reportBase(abs: string, isDirectory: boolean, cwd: string): string {
  if (isInside(abs, cwd)) return cwd;
  return isDirectory ? abs : path.dirname(abs);
}

function readOptional(file: FsPath): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Why a symlink cannot be resolved, as a skipped-list reason. */
function linkFailure(err: unknown): Omit<Skipped, 'file'> {
  const code = errorCode(err);
  const reason = code === 'ELOOP' ? 'symlink-loop' : code === 'ENOENT' ? 'symlink-broken' : 'unreadable';
  return { reason, detail: code };
}

class Walker {
  private chunk: Target[] = [];
  /** Overlapping arguments (`. src`) must not scan a file twice; one argument cannot overlap itself. */
  private readonly seen: Set<string> | undefined;

  constructor(
    private readonly options: WalkOptions,
    private readonly skipped: Skipped[],
    private readonly onTargets: (targets: Target[]) => void,
    manyArguments: boolean,
  ) {
    this.seen = manyArguments ? new Set() : undefined;
  }

  add(t: Target): void {
    if (this.seen) {
      const key = typeof t.abs === 'string' ? t.abs : `\0${Buffer.from(t.abs).toString('latin1')}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    this.chunk.push(t);
  }

  /** Hands the listed files over and lets reader results be handled before the walk goes on. */
  async handOver(): Promise<void> {
    if (this.chunk.length > 0) {
      this.onTargets(this.chunk);
      this.chunk = [];
    }
    await new Promise((resolve) => setImmediate(resolve));
  }

  async directory(dirAbs: string, dirRel: string, base: string, logicalAbs: string, gitignore = this.options.respectGitignore): Promise<void> {
    const { options, skipped } = this;
    const skipNames = options.respectGitignore ? DEFAULT_IGNORES : ALWAYS_SKIPPED;
    let rules = new GitignoreRules();
    if (gitignore && logicalAbs !== base) {
      // .gitignore files between the report base and the scanned directory apply too…
      let dir = base;
      for (const part of path.relative(base, logicalAbs).split(path.sep)) {
        const content = readOptional(path.join(dir, '.gitignore'));
        if (content !== undefined) rules.add(toPosixPath(path.relative(base, dir)), content);
        dir = path.join(dir, part);
      }
      // …unless they leave out the named directory itself (a build folder such as `.next`): named, it
      // is scanned, as a named file is.
      if (rules.dirIgnored(dirRel)) rules = new GitignoreRules();
    }
    let realRoot: string | undefined;
    const join = (parent: string, child: string): string => (parent === '' ? child : `${parent}/${child}`);
    const stack: [FsPath, string][] = [[dirAbs, dirRel]];
    let listed = 0;
    while (stack.length > 0) {
      const [dir, rel] = stack.pop()!;
      let entries: Entry[];
      try {
        entries = listDirectory(dir, skipNames);
      } catch (err) {
        const code = errorCode(err);
        if (code !== 'ENOENT') skipped.push({ file: rel || '.', reason: 'unreadable', detail: code });
        continue;
      }
      if (gitignore) {
        const file = entries.find((e) => e.name === '.gitignore' && e.dirent.isFile());
        const content = file && readOptional(file.abs);
        if (content !== undefined) rules.add(rel, content);
      }
      for (const e of entries) {
        const entryRel = join(rel, e.name);
        if (e.dirent.isDirectory()) {
          if (!rules.dirIgnored(entryRel)) stack.push([e.abs, entryRel]);
          continue;
        }
        const isFile = e.dirent.isFile();
        if (!isFile && !e.dirent.isSymbolicLink()) continue;
        if (rules.ignores(entryRel) || options.exclude?.(entryRel)) continue;
        if (isFile) {
          this.add({ abs: e.abs, rel: entryRel });
          listed++;
          continue;
        }
        realRoot ??= realpathSync.native(dirAbs);
        try {
          const target = realpathSync.native(e.abs);
          if (!isInside(target, realRoot)) skipped.push({ file: entryRel, reason: 'symlink-outside-root' });
        } catch (err) {
          skipped.push({ file: entryRel, ...linkFailure(err) });
        }
      }
      if (listed >= HAND_OVER) {
        listed = 0;
        await this.handOver();
      }
    }
  }

  /** `build`: a build-output directory, scanned whatever .gitignore files say. */
  async argument(p: string, build = false): Promise<void> {
    const { options, skipped } = this;
    const cwd = path.resolve(options.cwd);
    const abs = path.resolve(cwd, p);
    let st: Stats;
    try {
      st = lstatSync(abs);
    } catch (err) {
      const code = errorCode(err);
      throw new UsageError(code === 'ENOENT' || code === 'ENOTDIR' ? `no such file or directory: ${p}` : `cannot read ${p} (${code})`);
    }
    let real = abs;
    if (st.isSymbolicLink()) {
      const rootOf = reportBase(abs, false, cwd);
      const rel = toPosixPath(path.relative(rootOf, abs));
      if (!options.followSymlinks) {
        skipped.push({ file: rel, reason: 'symlink-not-followed', detail: 'use --follow-symlinks' });
        return;
      }
      try {
        real = realpathSync.native(abs);
        st = statSync(real);
      } catch (err) {
        skipped.push({ file: rel, ...linkFailure(err) });
        return;
      }
      if (!isInside(real, realpathSync.native(rootOf))) {
        skipped.push({ file: rel, reason: 'symlink-outside-root' });
        return;
      }
    }
    const base = reportBase(abs, st.isDirectory(), cwd);
    const rel = toPosixPath(path.relative(base, abs));
    if (st.isDirectory()) {
      await this.directory(real, rel, base, abs, this.options.respectGitignore && !build);
    } else if (st.isFile()) {
      // An explicitly named file is scanned even if .gitignore would leave it out.
      if (!options.exclude?.(rel)) this.add({ abs: real, rel });
    } else {
      throw new UsageError(`not a file or directory: ${p}`);
    }
  }
}

/** Lists every file to scan, handing them to `onTargets` in batches; skipped entries go to `skipped`. */
export async function listTargets(
  options: WalkOptions,
  skipped: Skipped[],
  onTargets: (targets: Target[]) => void,
): Promise<void> {
  const build = options.build ?? [];
  const given = options.paths.length > 0 || build.length > 0 ? options.paths : ['.'];
  const walker = new Walker(options, skipped, onTargets, given.length + build.length > 1);
  for (const p of given) await walker.argument(p);
  for (const p of build) await walker.argument(p, true);
  await walker.handOver();
}
