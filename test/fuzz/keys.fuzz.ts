// The long no-key-dropped run (issue 13 item 2): 1,000,000 seeded random keys per run by default,
// spread over every key shape. Usage: npm run fuzz:keys [-- COUNT [SEED]]. Exit 1 on any miss.
import { FUZZ_KINDS, fuzzKind } from '../helpers/key-fuzz.js';

const count = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 13_2);
if (!Number.isInteger(count) || count <= 0 || !Number.isInteger(seed)) {
  console.error('usage: keys.fuzz.ts [COUNT] [SEED]');
  process.exit(2);
}
const perKind = Math.ceil(count / FUZZ_KINDS.length);
let failed = false;
for (const [i, kind] of FUZZ_KINDS.entries()) {
  const started = performance.now();
  const { checked, missed } = fuzzKind(kind, perKind, seed + i);
  const ms = Math.round(performance.now() - started);
  console.log(`${kind.name.padEnd(14)} ${checked} keys, ${missed.length} missed (${ms} ms)${missed.length ? ': ' + missed.slice(0, 5).join(' ') : ''}`);
  if (missed.length > 0) failed = true;
}
process.exit(failed ? 1 : 0);
