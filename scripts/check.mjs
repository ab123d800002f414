#!/usr/bin/env node
// `npm run check`: the type check and the lint each use one core, so they run side by side; the
// self-scan runs after both. Each tool's output is printed whole, in a fixed order, once it ends.
import { spawn } from 'node:child_process';

function run(label, command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => resolve({ label, code: 1, out: `${out}${err.message}\n` }));
    child.on('close', (code) => resolve({ label, code: code ?? 1, out }));
  });
}

function report({ label, code, out }) {
  process.stdout.write(`> ${label}\n${out}`);
  if (code !== 0) process.stdout.write(`${label} failed (exit ${code})\n`);
  return code === 0;
}

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const first = await Promise.all([run('typecheck (tsc --noEmit)', bin('tsc'), ['--noEmit']), run('lint (eslint .)', bin('eslint'), ['.'])]);
let ok = first.map(report).every(Boolean);
if (ok) ok = report(await run('scan-self (pinecall-scan .)', process.execPath, ['dist/cli/bin.cjs', '.']));
process.exit(ok ? 0 : 1);
