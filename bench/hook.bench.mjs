#!/usr/bin/env node
// Pre-commit hook timing: `pinecall-scan --staged` (built CLI, Node start-up included) on a 1-file and a
// 500-file commit, and the whole `git commit` through the plain hook that `pinecall-scan init` installs
// (minus the same commit with --no-verify). Beside each clean scan, the floor measured interleaved with
// it (A B A B): Node starting and running `git diff --cached -U0` through child_process, which no staged
// scan can beat. Targets: ≤ 1.5× that floor on the one-file commit; < 300 ms and < 1 s. Run after `npm run build`:
//   node bench/hook.bench.mjs [--runs N | --runs=N] [--json]
import './lib/environment.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { xorshift } from './lib/random.mjs';

const BIN = fileURLToPath(new URL('../dist/cli/bin.cjs', import.meta.url));
const args = process.argv.slice(2);
const runsArg = args.find((a) => a.startsWith('--runs='))?.slice(7) ?? (args.includes('--runs') ? args[args.indexOf('--runs') + 1] : undefined);
const RUNS = Number(runsArg) || 15;
const AS_JSON = args.includes('--json');

const ENV = {
  ...process.env,
  NO_COLOR: '1',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};

function git(cwd, ...argv) {
  return execFileSync('git', argv, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// Deterministic "source" text (xorshift), shaped like application code, with Pinecall words in it so the
// keyword gate lets some lines through to the rules.
const makeRandom = xorshift;
const WORDS = ['user', 'call', 'agent', 'voice', 'session', 'token', 'config', 'handler', 'stream', 'room'];
function sourceFile(i) {
  const rnd = makeRandom(i + 1);
  const pick = () => WORDS[Math.floor(rnd() * WORDS.length)];
  const lines = [`import { Pinecall } from '@pinecall/sdk';`, `// module ${i}`];
  while (lines.join('\n').length < 3000) {
    const a = pick();
    const b = pick();
    lines.push(
      `export function ${a}${i}_${lines.length}(${b}) {`,
      `  const client = new Pinecall({ apiKey: process.env.PINECALL_API_KEY });`,
      `  return client.${a}s.get(${b}.id, { limit: ${Math.floor(rnd() * 100)} });`,
      `}`,
    );
  }
  return lines.join('\n') + '\n';
}

function write(root, rel, text) {
  const full = join(root, rel);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

function makeBenchRepo(fileCount) {
  const root = mkdtempSync(join(tmpdir(), 'pcscan-hookbench-'));
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'commit.gpgsign', 'false');
  write(root, '.gitignore', 'node_modules/\n');
  write(root, 'README.md', '# app\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'init');
  // What npm makes for a devDependency: node_modules/.bin/pinecall-scan → the package's bin.
  mkdirSync(join(root, 'node_modules/.bin'), { recursive: true });
  symlinkSync(BIN, join(root, 'node_modules/.bin/pinecall-scan'));
  for (let i = 0; i < fileCount; i++) write(root, `src/mod${Math.floor(i / 50)}/file${i}.ts`, sourceFile(i));
  git(root, 'add', '-A');
  return root;
}

function time(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measure(runs, fn) {
  fn(); // warm the page cache
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(time(fn));
  return { medianMs: Math.round(median(samples)), minMs: Math.round(Math.min(...samples)) };
}

// CPU time (user + sys) of the child, from GNU time when it is there: on a busy machine it moves far
// less than wall time does.
const HAS_TIME = spawnSync('/usr/bin/time', ['-f', '%U', 'true'], { stdio: 'ignore' }).status === 0;
let lastCpuMs = NaN;

function scanStaged(root, expectCode) {
  const argv = [BIN, '--staged'];
  const r = HAS_TIME
    ? spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, ...argv], { cwd: root, env: ENV, encoding: 'utf8' })
    : spawnSync(process.execPath, argv, { cwd: root, env: ENV, encoding: 'utf8' });
  if (r.status !== expectCode) throw new Error(`--staged exited ${r.status}, expected ${expectCode}: ${r.stderr}`);
  const cpu = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  lastCpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN;
}

/** Like measure(), also collecting the child's CPU time per sample. */
function measureScan(runs, root, expectCode) {
  const cpu = [];
  const wall = measure(runs, () => {
    scanStaged(root, expectCode);
    cpu.push(lastCpuMs);
  });
  return { ...wall, cpuMs: Math.round(median(cpu.slice(1))) };
}

// The floor: Node starting and reading the staged diff through child_process, nothing else.
const FLOOR_SCRIPT = "require('node:child_process').execFileSync('git', ['diff', '--cached', '-U0'], { maxBuffer: 1 << 30 })";

function floorOnce(root) {
  const argv = ['-e', FLOOR_SCRIPT];
  const r = HAS_TIME
    ? spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, ...argv], { cwd: root, env: ENV, encoding: 'utf8' })
    : spawnSync(process.execPath, argv, { cwd: root, env: ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`floor run failed: ${r.stderr}`);
  const cpu = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  lastCpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN;
}

/** The clean scan and its floor, interleaved (A B A B) so both see the same machine load. */
function measureScanWithFloor(runs, root) {
  scanStaged(root, 0);
  floorOnce(root);
  const scanMs = [];
  const floorMs = [];
  const cpu = [];
  const floorCpu = [];
  for (let i = 0; i < runs; i++) {
    scanMs.push(time(() => scanStaged(root, 0)));
    cpu.push(lastCpuMs);
    floorMs.push(time(() => floorOnce(root)));
    floorCpu.push(lastCpuMs);
  }
  return {
    medianMs: Math.round(median(scanMs)),
    cpuMs: Math.round(median(cpu)),
    floorMs: Math.round(median(floorMs)),
    floorCpuMs: Math.round(median(floorCpu)),
  };
}

/** A commit that is undone again, so each sample commits the same staged files. */
function commitOnce(root, flags) {
  const r = spawnSync('git', ['commit', '-q', '-m', 'bench', ...flags], { cwd: root, env: ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git commit failed: ${r.stderr}${r.stdout}`);
  git(root, 'reset', '-q', '--soft', 'HEAD~1');
}

function main() {
  if (!existsSync(BIN)) {
    console.error(`hook bench: ${BIN} is missing; run \`npm run build\` first`);
    process.exit(2);
  }
  const nodeFloor = measure(RUNS, () => spawnSync(process.execPath, ['-e', '0']));
  const load = (() => {
    try {
      return readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    } catch {
      return 'n/a';
    }
  })();
  const rows = [];
  for (const files of [1, 500]) {
    const root = makeBenchRepo(files);
    try {
      const staged = measureScanWithFloor(RUNS, root);
      execFileSync(process.execPath, [BIN, 'init'], { cwd: root, env: ENV });
      const withHook = measure(RUNS, () => commitOnce(root, []));
      const withoutHook = measure(RUNS, () => commitOnce(root, ['--no-verify']));
      // The same commit with one key planted: the refusal path.
      write(root, 'src/leak.ts', `export const key = '${'pc_live_' + randomBytes(32).toString('base64url')}';\n`);
      git(root, 'add', 'src/leak.ts');
      const refused = measureScan(RUNS, root, 1);
      rows.push({
        files,
        stagedMs: staged.medianMs,
        stagedCpuMs: staged.cpuMs,
        floorMs: staged.floorMs,
        floorCpuMs: staged.floorCpuMs,
        ratio: Math.round((staged.medianMs / staged.floorMs) * 100) / 100,
        refusedMs: refused.medianMs,
        refusedCpuMs: refused.cpuMs,
        hookOverheadMs: withHook.medianMs - withoutHook.medianMs,
        commitMs: withHook.medianMs,
        target: files === 1 ? 300 : 1000,
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  if (AS_JSON) {
    console.log(JSON.stringify({ bench: 'hook', runs: RUNS, load, nodeStartMs: nodeFloor.medianMs, rows }));
    return;
  }
  console.log(`pre-commit hook (median of ${RUNS} runs; load average ${load}; node -e 0 alone: ${nodeFloor.medianMs} ms wall)`);
  console.log(`floor: node -e running \`git diff --cached -U0\` (child_process), interleaved with the clean scan`);
  console.log('files  --staged clean (cpu)      floor (cpu)  ratio  --staged refusing (cpu)  hook in git commit  target (wall)');
  const cell = (wall, cpu, width) => `${wall} ms (${Number.isNaN(cpu) ? '–' : `${cpu} ms`})`.padStart(width);
  for (const r of rows) {
    const ok = r.stagedMs < r.target && r.refusedMs < r.target ? 'met' : 'MISSED';
    const ratioOk = r.files !== 1 ? '' : r.ratio <= 1.5 ? ', ≤ 1.5× floor met' : ', ≤ 1.5× floor MISSED';
    console.log(
      `${String(r.files).padStart(5)}  ${cell(r.stagedMs, r.stagedCpuMs, 20)}  ${cell(r.floorMs, r.floorCpuMs, 17)}  ${`${r.ratio.toFixed(2)}×`.padStart(5)}  ` +
        `${cell(r.refusedMs, r.refusedCpuMs, 23)}  ${`+${r.hookOverheadMs} ms`.padStart(18)}  < ${r.target} ms ${ok}${ratioOk}`,
    );
  }
}

main();
