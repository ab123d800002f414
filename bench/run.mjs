#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.mjs in name order, each as its own process (extra
// arguments are passed through). Benchmarks print figures; they are not tests and assert nothing.
import './lib/environment.mjs';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
// `node bench/run.mjs [name…] [--flag value…]`: names pick benches, everything from the first flag on is passed.
const argv = process.argv.slice(2);
const firstFlag = argv.findIndex((a) => a.startsWith('-'));
const only = firstFlag === -1 ? argv : argv.slice(0, firstFlag);
const passThrough = firstFlag === -1 ? [] : argv.slice(firstFlag);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(file, import.meta.url)), ...passThrough], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`${file} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
