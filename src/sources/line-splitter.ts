// Cuts a stream of text chunks into lines (without their `\n`), holding a partial last line until the
// next chunk or `flush`. Shared by the git output parsers.
export class LineSplitter {
  private carry: string[] = [];

  push(chunk: string, onLine: (line: string) => void): void {
    let start = 0;
    let nl = chunk.indexOf('\n');
    if (nl === -1) {
      if (chunk.length > 0) this.carry.push(chunk);
      return;
    }
    if (this.carry.length > 0) {
      this.carry.push(chunk.slice(0, nl));
      const line = this.carry.join('');
      this.carry = [];
      onLine(line);
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    while (nl !== -1) {
      onLine(chunk.slice(start, nl));
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) this.carry.push(chunk.slice(start));
  }

  /** Hands over a last line that had no `\n`. */
  flush(onLine: (line: string) => void): void {
    if (this.carry.length === 0) return;
    const line = this.carry.join('');
    this.carry = [];
    onLine(line);
  }
}
