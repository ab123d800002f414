#!/usr/bin/env node
// Real-tree benchmark: `pinecall-scan --no-ignore` against `rg -uu -c` (the floor) over a real
// node_modules — popular packages at pinned versions (bench/tree/package-lock.json), installed once
// into a cache outside the repository (~/.cache/pinecall-scan-bench, or $PINECALL_SCAN_BENCH_CACHE).
// Runs alternate (A B A B) after a warm-up; medians; peak RSS of the scanner process (its reader
// threads included). Targets (issue 12): ≤ 2× ripgrep's wall time, peak RSS < 150 MB.
//   node bench/tree.bench.mjs [--runs N] [--json]      (after `npm run build`)
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RG_REGEX, alternate, ensureRipgrep, measure, median } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/bin.cjs');
const SPEC = join(ROOT, 'bench/tree');
const args = process.argv.slice(2);
const RUNS = Math.max(5, Number(args[args.indexOf('--runs') + 1]) || 5);
const AS_JSON = args.includes('--json');

const lock = readFileSync(join(SPEC, 'package-lock.json'));
const CACHE = process.env.PINECALL_SCAN_BENCH_CACHE || join(homedir(), '.cache/pinecall-scan-bench');
const TREE = join(CACHE, `tree-${createHash('sha256').update(lock).digest('hex').slice(0, 12)}`);
const DONE = join(TREE, '.complete.json');

function census(dir) {
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files++;
        bytes += lstatSync(p).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

function buildTree() {
  if (existsSync(DONE)) return JSON.parse(readFileSync(DONE, 'utf8'));
  console.log(`installing the real tree into ${TREE} (once; a few minutes)`);
  rmSync(TREE, { recursive: true, force: true });
  mkdirSync(TREE, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(SPEC, f), join(TREE, f));
  const r = spawnSync('npm', ['ci', '--ignore-scripts', '--omit=optional', '--no-audit', '--no-fund'], { cwd: TREE, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm ci failed in ${TREE} (exit ${r.status})`);
  const c = census(TREE);
  writeFileSync(DONE, JSON.stringify(c));
  return c;
}

const tree = buildTree();
const mb = tree.bytes / 1024 / 1024;
const hasRg = ensureRipgrep();

const scan = () => measure(process.execPath, [BIN, '--no-ignore', '--format', 'json', TREE]);
const grep = () => measure('rg', ['-uu', '-c', RG_REGEX, TREE]);
const [scans, greps] = alternate(RUNS, scan, hasRg ? grep : undefined);
for (const r of scans) if (r.status !== 0 && r.status !== 1) throw new Error(`pinecall-scan failed (${r.status}): ${r.stderr.slice(0, 300)}`);

const summary = (rs) => ({
  wallMs: Math.round(median(rs.map((r) => r.ms))),
  userS: +median(rs.map((r) => r.user)).toFixed(2),
  sysS: +median(rs.map((r) => r.sys)).toFixed(2),
  peakRssMb: Math.round(Math.max(...rs.map((r) => r.rssKb)) / 1024),
  wallRangeMs: [Math.round(Math.min(...rs.map((r) => r.ms))), Math.round(Math.max(...rs.map((r) => r.ms)))],
});
const report = JSON.parse(scans[0].stdout);
const s = summary(scans);
const g = hasRg ? summary(greps) : undefined;
const ratio = g ? s.wallMs / g.wallMs : NaN;
// Ratio per A/B pair: the spread shows how much a loaded machine moved the figure.
const pairRatios = g ? scans.map((r, i) => r.ms / greps[i].ms).sort((a, b) => a - b) : [];
const result = {
  tree: { path: TREE, files: tree.files, mb: +mb.toFixed(1) },
  machine: { cpus: cpus().length, node: process.version },
  runs: RUNS,
  pinecallScan: { ...s, scannedFiles: report.stats.files, findings: report.findings.length, skipped: report.skipped.length },
  ripgrep: g ? { ...g, matchingFiles: greps[0].stdout.split('\n').filter(Boolean).length } : null,
  ratio: +ratio.toFixed(2),
  pairRatios: pairRatios.map((r) => +r.toFixed(2)),
  targets: { ratioAtMost2: ratio <= 2, rssUnder150Mb: s.peakRssMb < 150 },
};

if (AS_JSON) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`real tree: ${tree.files.toLocaleString('en')} files, ${mb.toFixed(0)} MB (${TREE})`);
  console.log(`machine: ${cpus().length} CPUs, Node ${process.version}; medians of ${RUNS} interleaved warm runs`);
  console.log('');
  const row = (name, r) =>
    `${name.padEnd(36)}${`${(r.wallMs / 1000).toFixed(2)} s`.padStart(8)}${`${r.userS.toFixed(2)} s`.padStart(9)}${`${r.sysS.toFixed(2)} s`.padStart(9)}${`${r.peakRssMb} MB`.padStart(9)}`;
  console.log(`${'tool'.padEnd(36)}${'wall'.padStart(8)}${'user'.padStart(9)}${'sys'.padStart(9)}${'peak'.padStart(9)}`);
  console.log(row('pinecall-scan --no-ignore', s) + `  ${s.wallRangeMs.map((x) => (x / 1000).toFixed(2)).join('–')} s; ${result.pinecallScan.findings} findings`);
  if (g) console.log(row('rg -uu -c <key regex> (floor)', g) + `  ${g.wallRangeMs.map((x) => (x / 1000).toFixed(2)).join('–')} s`);
  console.log('');
  if (g) {
    console.log(
      `tree: ${ratio.toFixed(2)}× ripgrep (per pair ${pairRatios[0].toFixed(1)}–${pairRatios[pairRatios.length - 1].toFixed(1)}×; target ≤ 2×: ${result.targets.ratioAtMost2 ? 'met' : 'MISSED'}); ` +
        `peak RSS ${s.peakRssMb} MB (target < 150 MB: ${result.targets.rssUnder150Mb ? 'met' : 'MISSED'})`,
    );
  } else console.log(`tree: ${(s.wallMs / 1000).toFixed(2)} s, peak RSS ${s.peakRssMb} MB; floor unavailable (no ripgrep)`);
}
