#!/usr/bin/env node
// Fleet timing: N generated bare repositories (fast-import; 300 commits each, a planted key in every
// tenth). Times
//   single:      the sum of `pinecall-scan --history --format json <repo>` over every repository
//   fleet:       `pinecall-scan fleet --jobs 2` over all of them (mirrors cloned, histories scanned)
//   incremental: the same fleet command after one new commit in every repository
// Targets: fleet ≥ 1.7× faster than single on 2 cores; incremental < 10% of the first fleet run.
// An incremental run costs a fetch and a few git calls per repository whatever its size, the first run
// scales with history: tiny repositories (--commits 20) make the share look worse than real ones do.
//   node bench/fleet.bench.mjs [--repos N] [--commits N] [--json]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xorshift } from './lib/random.mjs';
import { AS_JSON, BIN, GIT_ENV, git, numberOption } from './lib/args.mjs';

const { makeKey } = await import(new URL('../dist/index.js', import.meta.url).href);
const REPOS = numberOption('--repos', 200);
const COMMITS = numberOption('--commits', 300);
const ENV = GIT_ENV;
const words = ['user', 'call', 'agent', 'voice', 'session', 'config', 'stream'];

function stream(seed, commits, parent, from) {
  const rnd = xorshift(seed);
  const pick = () => words[Math.floor(rnd() * words.length)];
  const out = [];
  for (let c = 0; c < commits; c++) {
    const msg = `change ${from + c}\n`;
    out.push(`commit refs/heads/main\ncommitter Bench <bench@example.com> ${1_600_000_000 + (from + c) * 60} +0000\ndata ${msg.length}\n${msg}`);
    if (c === 0 && parent) out.push(`from ${parent}\n`);
    for (let f = 0; f < 3; f++) {
      const lines = Array.from({ length: 30 }, (_, j) => `export const ${pick()}${j} = ${pick()}.get(${Math.floor(rnd() * 1000)});`);
      if (seed % 10 === 0 && c === 5 && f === 0) lines.push(`const key = '${makeKey('pc_live_', Uint8Array.from({ length: 32 }, () => Math.floor(rnd() * 256)))}';`);
      const text = lines.join('\n') + '\n';
      out.push(`M 100644 inline src/${pick()}${Math.floor(rnd() * 20)}.ts\ndata ${Buffer.byteLength(text)}\n${text}\n`);
    }
  }
  return out.join('');
}

const work = mkdtempSync(join(tmpdir(), 'pcscan-bench-fleet-'));
try {
  const repos = [];
  for (let i = 0; i < REPOS; i++) {
    const bare = join(work, `r${i}.git`);
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare], { env: ENV });
    execFileSync('git', ['fast-import', '--quiet'], { cwd: bare, env: ENV, input: stream(i, COMMITS, undefined, 0) });
    repos.push(bare);
  }
  const list = join(work, 'repos.txt');
  writeFileSync(list, repos.join('\n') + '\n');
  const timed = (fn) => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  };
  const single = timed(() => {
    for (const repo of repos) {
      const r = spawnSync(process.execPath, [BIN, '--history', '--format', 'json', repo], { env: ENV, encoding: 'utf8' });
      if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
    }
  });
  const fleetArgs = [BIN, 'fleet', list, '--cache', join(work, 'cache'), '--out', join(work, 'out'), '--jobs', '2'];
  const first = timed(() => {
    const r = spawnSync(process.execPath, fleetArgs, { env: ENV, encoding: 'utf8' });
    if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  });
  for (let i = 0; i < REPOS; i++) {
    const tip = git(repos[i], 'rev-parse', 'main').trim();
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repos[i], env: ENV, input: stream(i + 7919, 1, tip, COMMITS) });
  }
  const incremental = timed(() => {
    const r = spawnSync(process.execPath, fleetArgs, { env: ENV, encoding: 'utf8' });
    if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  });
  const run = JSON.parse(readFileSync(join(work, 'out', 'run.json'), 'utf8'));
  if (run.commits !== REPOS) throw new Error(`the incremental run scanned ${run.commits} commits, expected ${REPOS}`);
  const row = {
    repos: REPOS,
    commitsPerRepo: COMMITS,
    singleMs: Math.round(single),
    fleetMs: Math.round(first),
    speedup: Number((single / first).toFixed(2)),
    incrementalMs: Math.round(incremental),
    incrementalShare: Number((incremental / first).toFixed(3)),
  };
  if (AS_JSON) console.log(JSON.stringify(row));
  else {
    console.log(`${REPOS} repositories × ${COMMITS} commits:`);
    console.log(`  sum of single --history runs   ${row.singleMs} ms`);
    console.log(`  fleet --jobs 2 (first run)     ${row.fleetMs} ms   (${row.speedup}× faster; target ≥ 1.7×)`);
    console.log(`  fleet after 1 new commit each  ${row.incrementalMs} ms   (${(row.incrementalShare * 100).toFixed(1)}% of the first run; target < 10%)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
