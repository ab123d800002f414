// One self-updating line on stderr while history is read: "commits done/total, findings so far".
//
// Hand-written (a carriage return and an erase-line escape, throttled) rather than cli-progress or
// log-update: one short line needs neither a bar renderer nor their dependency trees, and a stream
// argument keeps it testable. Silent unless stderr is a terminal and --quiet is off, so CI logs and
// redirected output never see it.

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** False when nothing will be shown: the scan then need not count the commits for a total. */
  active: boolean;
  update(done: number, total: number, findings: number): void;
  /** Erases the line; call before anything else is printed to stderr. */
  finish(): void;
}

const ERASE_LINE = '\r\x1b[2K';
const NOOP: Progress = { active: false, update() {}, finish() {} };

export function createProgress(
  stream: ProgressStream | undefined,
  options: { quiet?: boolean; label?: string; intervalMs?: number; now?: () => number } = {},
): Progress {
  if (stream === undefined || stream.isTTY !== true || options.quiet === true) return NOOP;
  const label = options.label ?? 'commits';
  const interval = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  let last = -Infinity;
  let shown = false;

  return {
    active: true,
    update(done, total, findings) {
      const t = now();
      if (t - last < interval && done < total) return;
      last = t;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      let line = `pinecall-scan: ${done}/${total} ${label} (${pct}%), ${findings} finding${findings === 1 ? '' : 's'}`;
      // A pseudo-terminal with no size reports 0 columns.
      const width = stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
      if (line.length > width - 1) line = line.slice(0, Math.max(0, width - 1));
      stream.write(ERASE_LINE + line);
      shown = true;
    },
    finish() {
      if (shown) stream.write(ERASE_LINE);
      shown = false;
    },
  };
}

/** The progress line through the output masker (it shows counts today; it stays safe if that changes). */
export function maskedStream(stream: ProgressStream | undefined, mask: (text: string) => string): ProgressStream | undefined {
  if (!stream) return undefined;
  return {
    ...(stream.isTTY !== undefined && { isTTY: stream.isTTY }),
    ...(stream.columns !== undefined && { columns: stream.columns }),
    write: (text: string) => stream.write(mask(text)),
  };
}
