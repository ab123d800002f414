// Timing a shell command the way the benches report it: wall time, CPU time of the whole process tree
// (GNU time's user + sys, which sums every waited-for descendant), and peak RSS of the tree — the sum
// over the command and all its descendants alive at the same moment, sampled from /proc (GNU time's
// %M is the largest single process, which hides a scanner's git children).
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
export function run(command, { cwd, env, sampleMs = 20 } = {}) {
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
      const r = await run(command, { cwd, env });
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
