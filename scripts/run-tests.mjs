#!/usr/bin/env node
// Node 20's test runner has no glob support, so the test files are listed here.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

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
    process.kill(Number(readFileSync(join(LOCK, 'pid'), 'utf8')), 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
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
// Longest first: the end-to-end files (real installs, fleets of repositories) start at once and the short
// unit files fill the gaps, so the run does not end waiting on one late long file. Size stands in for length.
const weight = (f) => (f.startsWith(join('test', 'e2e')) ? 1e9 : 0) + statSync(f).size;
const files = collect('test')
  .filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)))
  .sort((a, b) => weight(b) - weight(a));
const whole = filter.length === 0;
if (whole) {
  acquire();
  // The run holding the lock should end soonest, whatever niceness it was started with (root may raise it).
  try {
    setPriority(-5);
  } catch {
    // not permitted: keep the inherited priority
  }
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=3', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
if (whole) rmSync(LOCK, { recursive: true, force: true });
process.exit(result.status ?? 1);
