// Streaming parser of `git log --raw --no-abbrev -c` output: for each commit, its header (and message)
// and the paths it changed with their new blob ids — no file content. Pure: text in, callbacks out.
//
// Fed in arbitrary chunks, it keeps one line (or one commit header) in memory.
import { LineSplitter } from './line-splitter.js';
import { unquotePath } from './git-diff-parse.js';

/** `--format` for the commit header: NUL-separated fields, the message (if any) closed by a NUL. */
export function rawLogFormat(withMessage: boolean): string {
  return `%x00%H%x00%P%x00%an <%ae>%x00%aI%x00${withMessage ? '%B' : ''}%x00`;
}
/** NULs in one header written with rawLogFormat. */
const HEADER_NULS = 6;

export interface RawCommit {
  sha: string;
  parents: string[];
  author: string;
  date: string;
  /** The raw message body (empty when messages were not asked for). */
  message: string;
}

/** One changed path of a commit. For a merge (combined format), one old side per parent. */
export interface RawEntry {
  /** Path in the commit. */
  path: string;
  /** Rename source (status R), when git detected one against the (single) parent. */
  from?: string;
  /** Status letter(s): A M D R T C U, one per parent for merges. */
  status: string;
  newMode: string;
  newSha: string;
  /** Blob id on each parent's side (all zeros when the path did not exist there). */
  oldShas: string[];
}

export interface RawLogHandlers {
  onCommit(commit: RawCommit): void;
  onEntry(entry: RawEntry): void;
}

export const NULL_SHA = /^0+$/;

export class RawLogParser {
  private readonly splitter = new LineSplitter();
  private readonly onLine = (line: string): void => this.line(line);
  /** A commit header still being read (its message spans lines). */
  private header: string[] | undefined;
  private headerNuls = 0;

  constructor(private readonly handlers: RawLogHandlers) {}

  push(chunk: string): void {
    this.splitter.push(chunk, this.onLine);
  }

  end(): void {
    this.splitter.flush(this.onLine);
    if (this.header !== undefined) this.finishHeader();
  }

  private line(line: string): void {
    if (this.header !== undefined) {
      this.header.push(line);
      this.headerNuls += countNuls(line);
      if (this.headerNuls >= HEADER_NULS) this.finishHeader();
      return;
    }
    const c = line.charCodeAt(0);
    if (c === 0) {
      this.header = [line];
      this.headerNuls = countNuls(line);
      if (this.headerNuls >= HEADER_NULS) this.finishHeader();
      return;
    }
    if (c === 0x3a /* : */) this.entry(line);
  }

  private finishHeader(): void {
    const text = this.header!.join('\n');
    this.header = undefined;
    const [, sha = '', parents = '', author = '', date = '', message = ''] = text.split('\0');
    this.handlers.onCommit({ sha, parents: parents === '' ? [] : parents.split(' '), author, date, message });
  }

  private entry(line: string): void {
    const tab = line.indexOf('\t');
    if (tab === -1) return;
    let colons = 0;
    while (line.charCodeAt(colons) === 0x3a) colons++;
    const fields = line.slice(colons, tab).split(' ');
    // colons = number of parents; then (parents + 1) modes, (parents + 1) ids, the status.
    const n = colons;
    if (fields.length < 2 * (n + 1) + 1) return;
    const status = fields[2 * (n + 1)]!;
    const paths = line.slice(tab + 1).split('\t').map(unquotePath);
    const entry: RawEntry = {
      path: paths[paths.length - 1]!,
      status,
      newMode: fields[n]!,
      newSha: fields[2 * n + 1]!,
      oldShas: fields.slice(n + 1, 2 * n + 1),
    };
    if (paths.length > 1 && (status.startsWith('R') || status.startsWith('C'))) entry.from = paths[0]!;
    this.handlers.onEntry(entry);
  }
}

function countNuls(line: string): number {
  let n = 0;
  for (let i = line.indexOf('\0'); i !== -1; i = line.indexOf('\0', i + 1)) n++;
  return n;
}
