#!/usr/bin/env node
// History scan benchmark: `pinecall-scan --history` against the floor of `git log -p -U0 --all`
// (what git does to show every change once), measured in the same run, interleaved (floor, scanner,
// floor, scanner …), medians of --runs (default 5) after a warm-up round. Reports wall time, CPU time of
// the whole process tree (the scanner's git children included) and the tree's peak RSS.
//
// Histories:
//   - real ones, when available offline: --repo PATH[,PATH…] (or PINECALL_BENCH_HISTORY_REPO), any
//     clone or bare mirror, e.g. of expressjs/express and webpack/webpack. Never copied into the repository.
//   - generated ones (deterministic `git fast-import` streams: branches, merges, tags, renames,
//     unmerged branches, planted synthetic keys) at each of --commits (default 10000,20000, so RSS can
//     be seen flat in history length), cached under ~/.cache/pinecall-scan-bench (or
//     PINECALL_BENCH_CACHE) and reused across runs.
// Targets: ≤ 1.0× the floor, peak RSS < 200 MB. Run after `npm run build`:
//   node bench/history.bench.mjs [--repo PATH[,PATH…]] [--commits 10000,20000] [--runs N] [--compare OLD_BIN] [--json]
// --compare adds a third command, another build's dist/cli/bin.cjs, for before/after figures.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interleaved, loadAverage } from './lib/measure.mjs';
import { xorshift } from './lib/random.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/bin.cjs');
const DIST_INDEX = join(ROOT, 'dist/index.js');
const CACHE = process.env.PINECALL_BENCH_CACHE ?? join(homedir(), '.cache', 'pinecall-scan-bench');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const eq = args.find((a) => a.startsWith(`${name}=`));
  if (eq) return eq.slice(name.length + 1);
  return args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
};
const SIZES = opt('--commits', '10000,20000').split(',').filter(Boolean).map(Number);
const RUNS = Math.max(1, Number(opt('--runs', '5')));
const REAL = (opt('--repo', process.env.PINECALL_BENCH_HISTORY_REPO) ?? '').split(',').filter(Boolean);
const COMPARE = opt('--compare', undefined);
const AS_JSON = args.includes('--json');
const ENV = { ...process.env, NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
const OUT = join(CACHE, 'history-bench-report.json');

const WORDS = ['user', 'call', 'agent', 'voice', 'session', 'config', 'handler', 'stream', 'room', 'queue', 'retry'];

/** A repository of `commits` commits as a git fast-import stream, written to `out` piece by piece. */
async function generate(commits, makeKey, out) {
  const rnd = xorshift(commits * 7919 + 17);
  const int = (n) => Math.floor(rnd() * n);
  const pick = () => WORDS[int(WORDS.length)];
  const keyBytes = () => Uint8Array.from({ length: 32 }, () => int(256));
  const codeLine = (i) => {
    switch (int(12)) {
      case 0:
        return `  const client = new Pinecall({ apiKey: process.env.PINECALL_API_KEY });`;
      case 1:
        return `  // TODO(${pick()}): handle ${pick()} ${pick()} when the ${pick()} is closed`;
      case 2:
        return `export function ${pick()}${i}(${pick()}, ${pick()}) {`;
      default:
        return `  return ${pick()}.${pick()}s.get(${pick()}.id, { limit: ${int(1000)}, retry: ${int(5)} });`;
    }
  };
  const newFile = (n) => Array.from({ length: 60 + int(120) }, (_, i) => codeLine(n * 1000 + i));

  const files = new Map();
  let fileSeq = 0;
  const addFile = () => {
    const path = `src/mod${fileSeq % 23}/${pick()}_${fileSeq}.ts`;
    files.set(path, newFile(fileSeq++));
    return path;
  };
  for (let i = 0; i < 150; i++) addFile();

  let mark = 0;
  let time = 1_600_000_000;
  let planted = 0;
  const chunks = [];
  const emit = (s) => chunks.push(s);
  const flush = async () => {
    if (!out.write(chunks.join(''))) await new Promise((r) => out.once('drain', r));
    chunks.length = 0;
  };
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const paths = () => [...files.keys()];

  /** Edits 1–3 files (changed, inserted, deleted lines; now and then a key) and returns the ops. */
  const edit = (n) => {
    const ops = [];
    const touched = new Set();
    for (let f = 0, m = 1 + int(3); f < m; f++) {
      const all = paths();
      const path = all[int(all.length)];
      const lines = files.get(path);
      for (let k = 0, c = 1 + int(5); k < c; k++) lines[int(lines.length)] = codeLine(n + k);
      for (let k = 0, c = int(6); k < c; k++) lines.splice(int(lines.length), 0, codeLine(n + k));
      if (lines.length > 80) lines.splice(int(lines.length), int(3));
      touched.add(path);
    }
    if (n % 97 === 0) {
      const all = paths();
      const path = all[int(all.length)];
      const prefix = ['pc_live_', 'pc_test_', 'pk_'][int(3)];
      files.get(path).splice(int(20), 0, `  const apiKey = "${makeKey(prefix, keyBytes())}";`);
      touched.add(path);
      planted++;
    }
    if (n % 40 === 0) touched.add(addFile());
    if (n % 250 === 0) {
      const all = paths();
      const from = all[int(all.length)];
      if (!touched.has(from)) {
        const to = from.replace(/\.ts$/, `_v${n}.ts`);
        files.set(to, files.get(from));
        files.delete(from);
        ops.push(`R ${from} ${to}\n`);
      }
    }
    for (const p of touched) if (files.has(p)) ops.push(`M 100644 inline ${p}\n${data(files.get(p).join('\n') + '\n')}`);
    return ops;
  };

  const commit = (ref, n, from, merge, ops) => {
    const m = ++mark;
    time += 60 + int(3600);
    emit(`commit ${ref}\nmark :${m}\n`);
    emit(`author Bench ${n % 7} <dev${n % 7}@example.com> ${time} +0000\n`);
    emit(`committer Bench <bench@example.com> ${time} +0000\n`);
    emit(data(`change ${n}`));
    if (from) emit(`from :${from}\n`);
    if (merge) emit(`merge :${merge}\n`);
    for (const op of ops) emit(op);
    emit('\n');
    return m;
  };

  let tip = commit('refs/heads/main', 0, 0, 0, paths().map((p) => `M 100644 inline ${p}\n${data(files.get(p).join('\n') + '\n')}`));
  let n = 1;
  while (n < commits) {
    if (n % 100 === 0 && commits - n > 5) {
      // A side branch of 3 commits merged back with a merge commit; every 5th one is left unmerged.
      const branchAt = n;
      const side = `refs/heads/feature-${branchAt}`;
      const saved = new Map([...files].map(([p, l]) => [p, [...l]]));
      let sideTip = tip;
      const touched = new Set();
      for (let k = 0; k < 3; k++, n++) {
        const ops = edit(n);
        for (const op of ops) if (op.startsWith('M ')) touched.add(op.split(' ')[3].split('\n')[0]);
        sideTip = commit(side, n, sideTip, 0, ops);
      }
      if ((branchAt / 100) % 5 === 0) {
        files.clear();
        for (const [p, l] of saved) files.set(p, l);
      } else {
        const ops = [];
        for (const p of saved.keys()) if (!files.has(p)) ops.push(`D ${p}\n`);
        for (const p of files.keys()) if (!saved.has(p) || touched.has(p)) ops.push(`M 100644 inline ${p}\n${data(files.get(p).join('\n') + '\n')}`);
        tip = commit('refs/heads/main', n++, tip, sideTip, ops);
      }
    } else {
      tip = commit('refs/heads/main', n, tip, 0, edit(n));
      n++;
    }
    if (n % 500 === 0) emit(`tag v${n}\nfrom :${tip}\ntagger Bench <bench@example.com> ${time} +0000\n${data(`v${n}`)}`);
    if (chunks.length > 200) await flush();
  }
  await flush();
  return planted;
}

async function buildRepo(commits) {
  const dir = join(CACHE, `history-${commits}`);
  if (existsSync(join(dir, '.git', 'bench-done'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env: ENV });
  const { makeKey } = await import(DIST_INDEX);
  const child = spawn('git', ['fast-import', '--quiet'], { cwd: dir, env: ENV, stdio: ['pipe', 'inherit', 'inherit'] });
  const done = new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`)))));
  await generate(commits, makeKey, child.stdin);
  child.stdin.end();
  await done;
  execFileSync('git', ['repack', '-adq'], { cwd: dir, env: ENV });
  writeFileSync(join(dir, '.git', 'bench-done'), `${commits}\n`);
  return dir;
}

async function measureHistory(name, dir) {
  const count = Number(execFileSync('git', ['rev-list', '--count', '--all'], { cwd: dir, encoding: 'utf8' }).trim());
  const scanCheck = (r) => {
    if (r.status !== 0 && r.status !== 1) throw new Error(`--history exited ${r.status}: ${r.stderr}`);
  };
  const commands = {
    floor: { command: 'git log -p -U0 --all > /dev/null' },
    scan: { command: `node ${JSON.stringify(BIN)} --history --format json > ${JSON.stringify(OUT)}`, check: scanCheck },
    ...(COMPARE && { compare: { command: `node ${JSON.stringify(resolve(COMPARE))} --history --format json > /dev/null`, check: scanCheck } }),
  };
  const m = await interleaved(commands, { runs: RUNS, cwd: dir, env: ENV });
  const report = JSON.parse(readFileSync(OUT, 'utf8'));
  return {
    history: name,
    commits: count,
    floor: m.floor,
    scan: m.scan,
    ...(m.compare && { compare: m.compare }),
    ratio: Math.round((m.scan.ms / m.floor.ms) * 100) / 100,
    cpuRatio: Math.round((m.scan.cpuMs / m.floor.cpuMs) * 100) / 100,
    findings: report.findings.length,
  };
}

async function main() {
  if (!existsSync(BIN) || !existsSync(DIST_INDEX)) {
    console.error('history bench: dist/ is missing; run `npm run build` first');
    process.exit(2);
  }
  mkdirSync(CACHE, { recursive: true });
  const rows = [];
  for (const repo of REAL) {
    if (!existsSync(repo)) throw new Error(`--repo ${repo}: no such directory`);
    rows.push(await measureHistory(repo.replace(/\/+$/, '').split('/').slice(-2).join('/'), repo));
  }
  for (const commits of SIZES) rows.push(await measureHistory(`generated ${commits}`, await buildRepo(commits)));
  rmSync(OUT, { force: true });
  if (AS_JSON) {
    console.log(JSON.stringify({ bench: 'history', runs: RUNS, load: loadAverage(), rows }));
    return;
  }
  console.log(`git history scan (median of ${RUNS} interleaved runs; load average ${loadAverage()}; targets: ≤ 1.0× floor, tree RSS < 200 MB)`);
  console.log('history                      commits  floor wall (cpu)    pinecall-scan (cpu)   ratio (cpu)  tree RSS  findings' + (COMPARE ? '  --compare (cpu, RSS)' : ''));
  const cell = (x, w) => `${x.ms} ms (${Number.isNaN(x.cpuMs) ? '–' : `${x.cpuMs}`})`.padStart(w);
  for (const r of rows) {
    console.log(
      `${r.history.slice(0, 27).padEnd(27)}  ${String(r.commits).padStart(7)}  ${cell(r.floor, 17)}  ${cell(r.scan, 20)}  ` +
        `${`${r.ratio}× (${r.cpuRatio}×)`.padStart(11)}  ${`${r.scan.rssMB} MB`.padStart(8)}  ${String(r.findings).padStart(8)}` +
        (r.compare ? `  ${cell(r.compare, 20)} ${r.compare.rssMB} MB` : ''),
    );
  }
}

main().catch((err) => {
  console.error(`history bench: ${err.message}`);
  process.exit(2);
});
