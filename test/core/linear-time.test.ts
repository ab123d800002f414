// Detection cost grows with the text, not with the square of its findings: 4× the input may cost at
// most 8× the time (linear with slack; the quadratic stages this guards against gave ~16×). A ratio of
// CPU times on one machine, so the check holds on slow and busy machines alike.
// run-tests: own process (it compares CPU times of its own calls: what other test files leave to the
// garbage collector or to threads would blur them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '../../src/core/index.js';
// @ts-expect-error -- plain JS module shared with the benchmark
import { adversarialInputs } from '../../bench/lib/adversarial.mjs';
import { randomBytes } from 'node:crypto';
import { makeKey } from '../../src/core/keygen.js';

const MB = 1024 * 1024;
// Random bytes drawn in bulk: building 200k keys one randomBytes() call at a time costs more than the scan.
let pool = Buffer.alloc(0);
function take(n: number): Buffer {
  if (pool.length < n) pool = randomBytes(1 << 20);
  const out = pool.subarray(0, n);
  pool = pool.subarray(n);
  return out;
}
const inputs = adversarialInputs({ key: () => makeKey('pc_live_', take(32)), hex: () => take(24).toString('hex') }) as {
  name: string;
  build: (size: number) => string;
}[];

function cpuMs(text: string): { ms: number; findings: number } {
  const before = process.cpuUsage();
  const findings = detect({ text, path: 'input.txt' }).length;
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000, findings };
}

for (const input of inputs) {
  test(`${input.name}: 4 MB costs under 8× what 1 MB does`, () => {
    const small = input.build(MB);
    const large = input.build(4 * MB);
    cpuMs(input.build(MB / 8)); // warm up the regexes and the JIT
    const a = cpuMs(small);
    const b = cpuMs(large);
    assert.ok(a.findings > 1000, `the input is dense with findings (${a.findings})`);
    assert.ok(b.ms / a.ms < 8, `1 MB: ${a.ms.toFixed(0)} ms, 4 MB: ${b.ms.toFixed(0)} ms (×${(b.ms / a.ms).toFixed(1)})`);
  });
}
