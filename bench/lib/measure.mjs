// Timing a shell command the way the benches report it: wall time, CPU time of the whole process tree
// (GNU time's user + sys, which sums every waited-for descendant), and peak RSS of the tree — the sum
// over the command and all its descendants alive at the same moment, sampled from /proc (GNU time's
// %M is the largest single process, which hides a scanner's git children).
import './environment.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';

const HAS_TIME = spawnSync('/usr/bin/time', ['-f', '%U', 'true'], { stdio: 'ignore' }).status === 0;
const HAS_PROC = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

export function median(values) {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  } catch {
    return 'n/a';
  }
}

/** pid → [ppid, rss kB] for every process, read from /proc. */
function processTable() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Field 2 (comm) may hold spaces and parentheses: split after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const rssPages = Number(fields[21]);
      table.set(Number(name), [ppid, (rssPages * 4096) / 1024]);
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

function treeRssKb(root) {
  const table = processTable();
  const children = new Map();
  for (const [pid, [ppid]] of table) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  let sum = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop();
    sum += table.get(pid)?.[1] ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return sum;
}

/**
 * Runs `command` in `cwd` under sh; resolves { ms, cpuMs, rssMB, status, stderr }. `stdout` goes to
 * /dev/null unless the command redirects it.
 */
export function measureCommand(command, { cwd, env, sampleMs = 20 } = {}) {
  return new Promise((resolve, reject) => {
    const argv = HAS_TIME ? ['/usr/bin/time', '-f', 'BENCHCPU %U %S', 'sh', '-c', command] : ['sh', '-c', command];
    const start = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    let peakKb = 0;
    const timer = HAS_PROC
      ? setInterval(() => {
          peakKb = Math.max(peakKb, treeRssKb(child.pid));
        }, sampleMs)
      : undefined;
    child.on('error', reject);
    child.on('close', (status) => {
      if (timer) clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const cpu = /BENCHCPU ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({
        ms,
        cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN,
        // GNU time itself (~2 MB) is part of the sampled tree; it is not the scanner's.
        rssMB: HAS_PROC ? Math.max(0, peakKb / 1024 - (HAS_TIME ? 2 : 0)) : NaN,
        status,
        stderr: stderr.replace(/BENCHCPU [\d.]+ [\d.]+\s*$/, ''),
      });
    });
  });
}

/**
 * Interleaved runs (A B A B …) of several commands after one warm-up round; medians per command.
 * `commands` maps a name to { command, check? }. Resolves name → { ms, cpuMs, rssMB } (medians; RSS max).
 */
export async function interleaved(commands, { runs, cwd, env }) {
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let round = 0; round <= runs; round++) {
    for (const [name, { command, check }] of Object.entries(commands)) {
      const r = await measureCommand(command, { cwd, env });
      check?.(r);
      if (round > 0) samples[name].push(r);
    }
  }
  const out = {};
  for (const [name, list] of Object.entries(samples)) {
    out[name] = {
      ms: Math.round(median(list.map((r) => r.ms))),
      cpuMs: Math.round(median(list.map((r) => r.cpuMs))),
      rssMB: Math.round(Math.max(...list.map((r) => r.rssMB))),
    };
  }
  return out;
}

// ---- synchronous helpers (tree, files and huge-input benches) ----------------------------------


/**
 * Runs a command to its end. Returns wall ms, user and system CPU seconds and peak RSS (KB) as
 * GNU time reports them for the process it waits on (worker threads included: they share it).
 */
export function measure(cmd, argv, options = {}) {
  // (Synchronous: one process, its own peak; the scanner's reader threads share that process.)
  const full = HAS_TIME ? ['/usr/bin/time', ['-f', '%M %U %S', cmd, ...argv]] : [cmd, argv];
  const started = performance.now();
  const r = spawnSync(full[0], full[1], {
    maxBuffer: 1 << 28,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    ...options,
  });
  const ms = performance.now() - started;
  let rssKb = NaN;
  let user = NaN;
  let sys = NaN;
  if (HAS_TIME) {
    const lines = r.stderr.trimEnd().split('\n');
    [rssKb, user, sys] = lines.pop().split(' ').map(Number);
    r.stderr = lines.filter((l) => !l.startsWith('Command exited with non-zero status')).join('\n');
  }
  return { ms, rssKb, user, sys, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** ripgrep, installed from the distribution when missing and allowed (root); false when unavailable. */
export function ensureRipgrep() {
  if (spawnSync('rg', ['--version']).status === 0) return true;
  if (process.getuid?.() !== 0) {
    console.log('ripgrep is missing and this is not root: the floor is unavailable (install ripgrep to measure it)');
    return false;
  }
  console.log('ripgrep missing: installing it (apt-get install -y ripgrep)');
  spawnSync('apt-get', ['install', '-y', 'ripgrep'], { stdio: 'inherit' });
  if (spawnSync('rg', ['--version']).status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', 'ripgrep'], { stdio: 'inherit' });
  }
  const ok = spawnSync('rg', ['--version']).status === 0;
  if (!ok) console.log('ripgrep could not be installed: the floor is unavailable');
  return ok;
}

/** The key shapes of src/core/patterns.ts as one ripgrep regex: the floor's work. */
export const RG_REGEX = 'pc_(?:live|test)_[A-Za-z0-9_-]{43}|pk_[A-Za-z0-9_-]{43}|pc_ops_[0-9a-f]{48}';

/** Synchronous A and B alternately, `runs` times each after one warm-up of each (page cache); returns both lists. */
export function alternate(runs, a, b) {
  const as = [];
  const bs = [];
  a();
  b?.();
  for (let i = 0; i < runs; i++) {
    as.push(a());
    if (b) bs.push(b());
  }
  return [as, bs];
}
