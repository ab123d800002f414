// Streaming parser of `git log -p -U0 --cc` and `git diff --cached -U0` output into the ADDED lines of
// each file, with each line's number in the new file. Pure: text in, callbacks out; no I/O.
//
// Fed in arbitrary chunks (a line may span many), it keeps only the file being read in memory, so a
// history of any length streams through in constant space (bar one huge added file, split in parts).
import { LineSplitter } from './line-splitter.js';

/** Commit line printed by `git log` with COMMIT_FORMAT; the leading NUL can start no diff line. */
export const COMMIT_FORMAT = '%x00%H%x00%P%x00%an <%ae>%x00%aI';

export interface DiffCommit {
  sha: string;
  parents: string[];
  author: string;
  date: string;
}

/** Added lines of one file in one commit (or the index), in file order. */
export interface AddedLines {
  path: string;
  lines: string[];
  /** 1-based line number in the new file of each entry of `lines`. */
  lineMap: number[];
  commit?: DiffCommit;
  /** True when a huge file was cut into parts and more parts of it follow. */
  partial: boolean;
  /** The new blob's id, when the diff was made with `--full-index`. */
  blob?: string;
}

export interface DiffHandlers {
  onCommit?(commit: DiffCommit): void;
  onAdded(added: AddedLines): void;
  /** A rename detected by `-M` (also pure renames, which carry no lines). */
  onRename?(from: string, to: string, commit?: DiffCommit): void;
  onBinary?(path: string, commit?: DiffCommit): void;
}

export interface DiffParserOptions {
  /** Added text of one file is handed over in parts of about this many characters (default 8 Mi). */
  maxPartChars?: number;
}

const enum State {
  /** Between commits, or in a commit's header. */
  Outside,
  /** In a file's extended header (`diff --git` … up to the first `@@`). */
  FileHeader,
  /** In a hunk. */
  Hunk,
}

const HUNK_NEW_START = /^@+ (?:-\d+(?:,\d+)? )+\+(\d+)/;

export class DiffParser {
  private readonly handlers: DiffHandlers;
  private readonly maxPartChars: number;

  private readonly splitter = new LineSplitter();
  private readonly onLine = (line: string): void => this.line(line);
  private state = State.Outside;
  private commit: DiffCommit | undefined;

  // The file being read.
  private inFile = false;
  private path: string | undefined;
  private renameFrom: string | undefined;
  private renameTo: string | undefined;
  private binary = false;
  private blob: string | undefined;
  private gitlink = false;
  private lines: string[] = [];
  private lineMap: number[] = [];
  private chars = 0;

  // The hunk being read.
  /** Number of parent columns in front of each hunk line: 1 for plain diffs, N for a combined diff. */
  private columns = 1;
  private nextLine = 0;

  constructor(handlers: DiffHandlers, options: DiffParserOptions = {}) {
    this.handlers = handlers;
    this.maxPartChars = options.maxPartChars ?? 8 * 1024 * 1024;
  }

  push(chunk: string): void {
    this.splitter.push(chunk, this.onLine);
  }

  end(): void {
    this.splitter.flush(this.onLine);
    this.endFile();
    this.state = State.Outside;
  }

  private line(line: string): void {
    const c = line.charCodeAt(0);
    if (this.state === State.Hunk) {
      if (this.columns === 1) {
        if (c === 0x2b /* + */) {
          this.added(line, 1);
          return;
        }
        if (c === 0x2d /* - */ || c === 0x5c /* \ No newline */) return;
        if (c === 0x20 /* context */) {
          this.nextLine++;
          return;
        }
      } else if (c === 0x2b || c === 0x2d || c === 0x20) {
        this.combinedLine(line);
        return;
      } else if (c === 0x5c) {
        return;
      }
      if (c === 0x40 /* @ */) {
        this.hunkHeader(line);
        return;
      }
      // Anything else ends the file's hunks: the next file, the next commit or a blank separator.
      this.state = State.Outside;
    }
    if (c === 0 /* NUL: our commit line */) {
      this.endFile();
      this.state = State.Outside;
      this.commitLine(line);
      return;
    }
    if (c === 0x64 /* d */ && line.startsWith('diff --')) {
      this.endFile();
      this.startFile(line);
      return;
    }
    if (this.state !== State.FileHeader) return;
    switch (c) {
      case 0x40: // @
        this.hunkHeader(line);
        return;
      case 0x2b: // +++ b/path
        if (line.startsWith('+++ ')) {
          const p = parsePathField(line.slice(4), 'b/');
          if (p !== undefined) this.path = p;
        }
        return;
      case 0x72: // rename from / rename to
        if (line.startsWith('rename from ')) this.renameFrom = unquotePath(line.slice(12));
        else if (line.startsWith('rename to ')) {
          this.renameTo = unquotePath(line.slice(10));
          // Reported before the file's lines, so they are judged with the rename already known.
          if (this.renameFrom !== undefined) this.handlers.onRename?.(this.renameFrom, this.renameTo, this.commit);
        }
        return;
      case 0x69: // index <old>..<new> [mode]
        if (line.startsWith('index ')) {
          const m = /\.\.([0-9a-f]+)(?: (\d+))?$/.exec(line);
          if (m) this.blob = m[1];
          if (m?.[2] === '160000') this.gitlink = true;
        }
        return;
      case 0x6e: // new file mode 160000: a submodule, whose "content" is a commit of another repository
        if (line === 'new file mode 160000') this.gitlink = true;
        return;
      case 0x42: // Binary files a/x and b/y differ
        if (line.startsWith('Binary files ')) this.binary = true;
        return;
      default:
        return;
    }
  }

  private commitLine(line: string): void {
    const [, sha = '', parents = '', author = '', date = ''] = line.split('\0');
    this.commit = { sha, parents: parents === '' ? [] : parents.split(' '), author, date };
    this.handlers.onCommit?.(this.commit);
  }

  private startFile(line: string): void {
    this.inFile = true;
    this.state = State.FileHeader;
    this.path = pathFromDiffLine(line);
    this.renameFrom = undefined;
    this.renameTo = undefined;
    this.binary = false;
    this.blob = undefined;
    this.gitlink = false;
  }

  private hunkHeader(line: string): void {
    let at = 0;
    while (line.charCodeAt(at) === 0x40) at++;
    const m = HUNK_NEW_START.exec(line);
    if (!m) {
      this.state = State.Outside;
      return;
    }
    this.columns = Math.max(1, at - 1);
    this.nextLine = Number(m[1]);
    this.state = State.Hunk;
  }

  /** A line of a combined (merge) diff: one column per parent. */
  private combinedLine(line: string): void {
    const n = this.columns;
    let plus = 0;
    for (let i = 0; i < n; i++) {
      const c = line.charCodeAt(i);
      if (c === 0x2d) return; // not in the merge result
      if (c === 0x2b) plus++;
    }
    // New against every parent: written while resolving the merge. A line that one parent already
    // had was introduced (and reported) by a commit on that side.
    if (plus === n) this.added(line, n);
    else this.nextLine++;
  }

  private added(line: string, prefix: number): void {
    let end = line.length;
    if (line.charCodeAt(end - 1) === 0x0d) end--;
    const text = line.slice(prefix, end);
    this.lines.push(text);
    this.lineMap.push(this.nextLine++);
    this.chars += text.length + 1;
    if (this.chars >= this.maxPartChars) this.flush(true);
  }

  private flush(partial: boolean): void {
    if (this.lines.length === 0 || this.path === undefined || this.gitlink) return;
    const added: AddedLines = { path: this.path, lines: this.lines, lineMap: this.lineMap, partial };
    if (this.commit !== undefined) added.commit = this.commit;
    if (this.blob !== undefined) added.blob = this.blob;
    this.lines = [];
    this.lineMap = [];
    this.chars = 0;
    this.handlers.onAdded(added);
  }

  private endFile(): void {
    if (!this.inFile) return;
    this.inFile = false;
    if (this.binary) {
      const p = this.renameTo ?? this.path;
      if (p !== undefined) this.handlers.onBinary?.(p, this.commit);
    }
    this.flush(false);
    this.lines = [];
    this.lineMap = [];
    this.chars = 0;
  }
}

/** `b/src/app.ts`, `"b/na\303\257ve"`, `/dev/null` (→ undefined); git appends a TAB to names with spaces. */
function parsePathField(field: string, prefix: string): string | undefined {
  const raw = field.endsWith('\t') ? field.slice(0, -1) : field;
  if (raw === '/dev/null') return undefined;
  const p = unquotePath(raw);
  return p.startsWith(prefix) ? p.slice(prefix.length) : p;
}

/**
 * The new-side path from `diff --git a/X b/Y` or `diff --cc X`. Only a fallback: `+++` and `rename to`
 * lines, when present, are unambiguous and win. For an unquoted `a/X b/X` the two halves are equal.
 */
function pathFromDiffLine(line: string): string | undefined {
  if (line.startsWith('diff --cc ')) return unquotePath(line.slice(10));
  if (line.startsWith('diff --combined ')) return unquotePath(line.slice(16));
  if (!line.startsWith('diff --git ')) return undefined;
  const rest = line.slice(11);
  if (rest.endsWith('"')) {
    const open = rest.lastIndexOf(' "');
    if (open !== -1) return stripPrefix(unquotePath(rest.slice(open + 1)), 'b/');
  }
  if ((rest.length - 1) % 2 === 0) {
    const half = (rest.length - 1) / 2;
    const a = rest.slice(0, half);
    const b = rest.slice(half + 1);
    if (a.startsWith('a/') && b.startsWith('b/') && a.slice(2) === b.slice(2)) return b.slice(2);
  }
  const i = rest.lastIndexOf(' b/');
  return i === -1 ? undefined : rest.slice(i + 3);
}

function stripPrefix(p: string, prefix: string): string {
  return p.startsWith(prefix) ? p.slice(prefix.length) : p;
}

const C_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * Git C-quotes a path that holds control characters, `"` or `\` (and, unless core.quotePath=false,
 * non-ASCII bytes as octal escapes). Escapes are bytes of UTF-8, decoded lossily.
 */
export function unquotePath(field: string): string {
  if (field.length < 2 || !field.startsWith('"') || !field.endsWith('"')) return field;
  const parts: Buffer[] = [];
  let last = 1;
  const escape = /\\([0-7]{1,3}|[\s\S])/g;
  const body = field.slice(0, -1);
  escape.lastIndex = 1;
  for (let m = escape.exec(body); m !== null; m = escape.exec(body)) {
    parts.push(Buffer.from(body.slice(last, m.index), 'utf8'));
    const e = m[1]!;
    const byte = /^[0-7]/.test(e) ? parseInt(e, 8) & 0xff : (C_ESCAPES[e] ?? e.charCodeAt(0));
    parts.push(Buffer.of(byte));
    last = m.index + m[0].length;
  }
  parts.push(Buffer.from(body.slice(last), 'utf8'));
  return Buffer.concat(parts).toString('utf8');
}
