#!/usr/bin/env node
// Push protection timing: a 1,000-commit push (fast-import generated, ~3 files touched per commit)
// into a bare repository through the pre-receive hook `pinecall-scan init --server` installs, against
// the same push into a bare repository without the hook (the floor). Run after `npm run build`:
//   node bench/server.bench.mjs [--commits N] [--runs N] [--json]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xorshift } from './lib/random.mjs';
import { AS_JSON, BIN, GIT_ENV, git, numberOption } from './lib/args.mjs';

const COMMITS = numberOption('--commits', 1000);
const RUNS = numberOption('--runs', 3);
const ENV = GIT_ENV;

/** A fast-import stream: `commits` commits on main, each editing a few of 60 source files. */
function history(commits) {
  const rnd = xorshift(commits + 11);
  const words = ['user', 'call', 'agent', 'voice', 'session', 'config', 'stream'];
  const pick = () => words[Math.floor(rnd() * words.length)];
  const files = Array.from({ length: 60 }, (_, i) => Array.from({ length: 40 }, (_, j) => `export const ${pick()}${i}_${j} = ${pick()}.get(${j});`));
  const out = [];
  for (let c = 1; c <= commits; c++) {
    out.push(`commit refs/heads/main\nmark :${c}\ncommitter Bench <bench@example.com> ${1_600_000_000 + c * 60} +0000\n`);
    const msg = `change ${c}\n`;
    out.push(`data ${Buffer.byteLength(msg)}\n${msg}`);
    if (c > 1) out.push(`from :${c - 1}\n`);
    for (let k = 0; k < (c === 1 ? files.length : 3); k++) {
      const f = c === 1 ? k : Math.floor(rnd() * files.length);
      files[f][Math.floor(rnd() * 40)] = `export const ${pick()}${f} = ${pick()}.${pick()}(process.env.PINECALL_API_KEY, ${c});`;
      const text = files[f].join('\n') + '\n';
      out.push(`M 100644 inline src/mod${f}.ts\ndata ${Buffer.byteLength(text)}\n${text}\n`);
    }
  }
  return out.join('');
}

const work = mkdtempSync(join(tmpdir(), 'pcscan-bench-server-'));
try {
  const source = join(work, 'source');
  git(work, 'init', '-q', '-b', 'main', source);
  execFileSync('git', ['fast-import', '--quiet'], { cwd: source, env: ENV, input: history(COMMITS) });
  const time = (hooked) => {
    const times = [];
    for (let r = 0; r < RUNS; r++) {
      const bare = join(work, `server-${hooked}-${r}.git`);
      git(work, 'init', '-q', '--bare', '-b', 'main', bare);
      if (hooked) execFileSync(process.execPath, [BIN, 'init', '--server', bare], { env: ENV });
      const start = performance.now();
      const res = spawnSync('git', ['push', '-q', bare, 'main'], { cwd: source, env: ENV, encoding: 'utf8' });
      times.push(performance.now() - start);
      if (res.status !== 0) throw new Error(`push failed: ${res.stderr}`);
      if (hooked && !/1000 new commits checked|new commits checked/.test(res.stderr)) throw new Error(`the hook did not report: ${res.stderr}`);
      rmSync(bare, { recursive: true, force: true });
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  };
  const floor = time(false);
  const hooked = time(true);
  const row = { commits: COMMITS, floorMs: Math.round(floor), hookedMs: Math.round(hooked), hookMs: Math.round(hooked - floor) };
  if (AS_JSON) console.log(JSON.stringify(row));
  else {
    console.log(`push of ${COMMITS} commits (median of ${RUNS}):`);
    console.log(`  floor (no hook)     ${row.floorMs} ms`);
    console.log(`  with pre-receive    ${row.hookedMs} ms  (hook: ${row.hookMs} ms)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
