#!/usr/bin/env node
// Adversarial inputs: 10 MB files dense with findings in the shapes that once took minutes (issue 11),
// each scanned by the CLI (`--format json` to /dev/null) and compared with 10 MB of benign code that
// mentions "pinecall" every kilobyte. Targets: every row within 4× the benign time, peak RSS < 300 MB.
//   node bench/adversarial.bench.mjs [--size-mb N] [--json]      (after `npm run build`)
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adversarialInputs, benignCode } from './lib/adversarial.mjs';
import { draws, mulberry32 } from './lib/random.mjs';
import { AS_JSON, numberOption } from './lib/args.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/bin.cjs');
const WORK = join(ROOT, '.bench/adversarial');
const SIZE_MB = numberOption('--size-mb', 10);

const { makeKey } = await import(join(ROOT, 'dist/index.js'));
const { bytes } = draws(mulberry32(20261202));
const hex = (n) => Buffer.from(bytes(n)).toString('hex');
const inputs = adversarialInputs({ key: () => makeKey('pc_live_', bytes(32)), hex: () => hex(24) });

// The scanner's own peak RSS, reported by the process itself when it exits.
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nRSS '+process.resourceUsage().maxRSS+'\\n'))`;

function scan(file) {
  const devNull = openSync('/dev/null', 'w');
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--import', RSS_HOOK, BIN, '--format', 'json', '--max-file-size', `${SIZE_MB * 2}MB`, file],
    { cwd: WORK, stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8' },
  );
  const ms = performance.now() - started;
  closeSync(devNull);
  if (r.status !== 0 && r.status !== 1) throw new Error(`scan of ${file} exited ${r.status}: ${r.stderr}`);
  return { ms, rssMb: Number(/RSS (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024, status: r.status };
}

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const size = SIZE_MB * 1024 * 1024;
const rows = [];
writeFileSync(join(WORK, 'benign.ts'), benignCode(size));
const benign = scan('benign.ts');
rows.push({ name: `benign code, "pinecall" every KB`, ...benign, ratio: 1 });
inputs.forEach((input, i) => {
  const file = `input-${i}.txt`;
  writeFileSync(join(WORK, file), input.build(size));
  const r = scan(file);
  rows.push({ name: input.name, ...r, ratio: r.ms / benign.ms });
  rmSync(join(WORK, file));
});
rmSync(WORK, { recursive: true, force: true });

const met = rows.every((r) => r.ratio <= 4 && r.rssMb < 300);
if (AS_JSON) {
  console.log(JSON.stringify({ sizeMb: SIZE_MB, rows, targetsMet: met }, null, 2));
} else {
  console.log(`${`${SIZE_MB} MB input`.padEnd(36)}${'wall'.padStart(9)}${'× benign'.padStart(10)}${'peak RSS'.padStart(10)}`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(36)}${`${(r.ms / 1000).toFixed(2)} s`.padStart(9)}${`${r.ratio.toFixed(2)}×`.padStart(10)}${`${r.rssMb.toFixed(0)} MB`.padStart(10)}`);
  }
  console.log(`targets (each ≤ 4× benign, RSS < 300 MB): ${met ? 'met' : 'MISSED'}`);
}
