import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress } from '../../src/cli/progress.js';

function sink(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, ...(columns !== undefined && { columns }), write: (t: string) => writes.push(t) } };
}

describe('createProgress', () => {
  it('draws one updating line on a terminal and erases it at the end', () => {
    const { writes, stream } = sink(true);
    let t = 0;
    const p = createProgress(stream, { now: () => t });
    p.update(1, 10, 0);
    t = 50;
    p.update(2, 10, 0); // throttled
    t = 200;
    p.update(5, 10, 1);
    p.update(10, 10, 2); // the last one always shows
    p.finish();
    assert.deepEqual(writes, [
      '\r\x1b[2Kpinecall-scan: 1/10 commits (10%), 0 findings',
      '\r\x1b[2Kpinecall-scan: 5/10 commits (50%), 1 finding',
      '\r\x1b[2Kpinecall-scan: 10/10 commits (100%), 2 findings',
      '\r\x1b[2K',
    ]);
  });

  it('fits the terminal width', () => {
    const { writes, stream } = sink(true, 20);
    createProgress(stream).update(1, 2, 0);
    assert.equal(writes[0], '\r\x1b[2Kpinecall-scan: 1/2 ');
  });

  it('prints nothing when stderr is not a terminal, or with --quiet', () => {
    for (const [isTTY, quiet] of [[false, false], [true, true]] as const) {
      const { writes, stream } = sink(isTTY);
      const p = createProgress(stream, { quiet });
      p.update(1, 1, 0);
      p.finish();
      assert.deepEqual(writes, []);
    }
  });
});
