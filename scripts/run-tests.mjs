#!/usr/bin/env node
// Node 20's test runner has no glob support, so the test files are listed here. They are compiled
// first (scripts/build-tests.mjs) and run as plain JavaScript; scripts/test-env.mjs says with what.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { getPriority, setPriority, tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildTests } from './build-tests.mjs';
import { packOnce, pidAlive, scratchDir, testEnv } from './test-env.mjs';

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...collect(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

// Several checkouts on one small machine (worktrees of a team) would thrash if each ran the whole
// suite at once: whole-suite runs take turns through a lock directory; a dead holder's lock is taken over.
const LOCK = join(tmpdir(), 'pinecall-scan-full-suite.lock');

function holderAlive() {
  try {
    return pidAlive(Number(readFileSync(join(LOCK, 'pid'), 'utf8')));
  } catch {
    return false;
  }
}

function acquire() {
  let told = false;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') return; // no lock possible here: run anyway
    }
    if (!holderAlive()) {
      rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    if (!told) process.stderr.write('run-tests: another full test run is in progress on this machine; waiting for it\n');
    told = true;
    spawnSync('sleep', ['2']);
  }
}

const filter = process.argv.slice(2);
const files = collect('test').filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)));

// The unit tests of one floor (test/core, test/rules, …) run in one process: each file alone paid a
// process start and loaded the same modules again (ESLint and the TypeScript parser for every rules
// file): the rules files took 13.7 s of CPU one by one, 4 s as one process. None of them changes
// process.env, the working directory or process handlers. A file that measures its own CPU time, or
// otherwise needs a process to itself, says so with this line:
const OWN_PROCESS = '// run-tests: own process';
const e2e = (f) => f.startsWith(join('test', 'e2e'));
const alone = (f) => e2e(f) || readFileSync(f, 'utf8').includes(OWN_PROCESS);
const units = files.filter(alone).map((f) => ({ name: f.replace(/\.ts$/, ''), files: [f] }));
const floors = new Map();
for (const f of files.filter((f) => !alone(f))) {
  const floor = f.split(sep).slice(0, 2).join('/');
  floors.set(floor, [...(floors.get(floor) ?? []), f]);
}
for (const [floor, group] of floors) units.push({ name: group.length === 1 ? group[0].replace(/\.ts$/, '') : `${floor}/all-files`, files: group });

// Longest first: the end-to-end files (real installs, fleets of repositories) start at once and the
// unit groups fill the gaps, so the run does not end waiting on one late long file. Size stands in for length.
const weight = (u) => (e2e(u.files[0]) ? 1e9 : 0) + u.files.reduce((n, f) => n + statSync(f).size, 0);
units.sort((a, b) => weight(b) - weight(a));

const whole = filter.length === 0;
if (whole) {
  acquire();
  // The run holding the lock should end soonest (root may raise its priority); a run started under
  // `nice` was lowered on purpose, for other work on the machine, and keeps that.
  try {
    if (getPriority() <= 0) setPriority(-5);
  } catch {
    // not permitted: keep the inherited priority
  }
}

// Inside the project, so that packages resolve from its node_modules; one directory per run, so that
// runs in one checkout at the same time do not overwrite each other's files.
const root = resolve('.');
const cache = join(root, 'node_modules', '.cache', 'pinecall-scan-tests');
const outdir = join(cache, String(process.pid));
// What an interrupted run (Ctrl-C) left behind.
for (const name of existsSync(cache) ? readdirSync(cache) : []) {
  if (!pidAlive(Number(name))) rmSync(join(cache, name), { recursive: true, force: true });
}
const scratch = scratchDir();
let status = 1;
try {
  const [built, tarball] = await Promise.all([buildTests(root, units, outdir), packOnce(files, join(outdir, 'pack'))]);
  const result = spawnSync(
    process.execPath,
    ['--enable-source-maps', '--test', '--test-concurrency=3', '--test-reporter=spec', ...built],
    { stdio: 'inherit', env: testEnv(scratch, tarball) },
  );
  status = result.status ?? 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  if (whole) rmSync(LOCK, { recursive: true, force: true });
}
process.exit(status);
