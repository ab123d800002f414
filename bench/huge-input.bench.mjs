#!/usr/bin/env node
// Inputs too big for one string (issue 11 item 7), at real size: a 600 MB text file scanned with a
// raised --max-file-size, and the same 600 MB on --stdin. Both must end normally (exit 1, keys found,
// no "Cannot create a string longer than…"), the file's neighbour scanned too. Tests check the chunking
// with a lowered threshold; this checks the real thing. Prints time and peak RSS.
//   node bench/huge-input.bench.mjs      (after `npm run build`; writes ~600 MB under the bench cache)
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/bin.cjs');
const { makeKey, sha256Hex } = await import(join(ROOT, 'dist/index.js'));
const CACHE = process.env.PINECALL_SCAN_BENCH_CACHE || join(homedir(), '.cache/pinecall-scan-bench');
const DIR = join(CACHE, 'huge-input');
const SIZE = 600 * 1024 * 1024;

const keys = [makeKey('pc_live_', randomBytes(32)), makeKey('pc_test_', randomBytes(32)), makeKey('pk_', randomBytes(32))];
const line = (k) => `const pinecall = new Pinecall({ apiKey: '${k}' });\n`;
rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
const big = join(DIR, 'huge.js');
const filler = Buffer.from('export const value = compute(input, 42); // ordinary code, no keyword\n'.repeat(16_000));
const fd = openSync(big, 'w');
let written = writeSync(fd, line(keys[0]));
while (written < SIZE) written += writeSync(fd, filler);
written += writeSync(fd, line(keys[1]));
closeSync(fd);
writeFileSync(join(DIR, 'small.env'), `PINECALL_API_KEY=${keys[2]}\n`);

const found = (stdout) => {
  const hashes = new Set(JSON.parse(stdout).findings.map((f) => f.secretHash));
  return keys.filter((k) => hashes.has(sha256Hex(k))).length;
};
const file = measure(process.execPath, [BIN, '--format', 'json', '--max-file-size', '1g', DIR]);
const stdin = measure('sh', ['-c', `"${process.execPath}" "${BIN}" --stdin --format json < "${big}"`]);
const mb = (written / 1024 / 1024).toFixed(0);
console.log(`file: ${mb} MB + a small file, --max-file-size 1g: exit ${file.status}, ${(file.ms / 1000).toFixed(1)} s, peak ${(file.rssKb / 1024).toFixed(0)} MB, keys found ${found(file.stdout)}/3${file.stderr ? `; stderr: ${file.stderr.trim().split('\n')[0]}` : ''}`);
console.log(`stdin: ${mb} MB: exit ${stdin.status}, ${(stdin.ms / 1000).toFixed(1)} s, peak ${(stdin.rssKb / 1024).toFixed(0)} MB, keys found ${found(stdin.stdout)}/2 of its own${stdin.stderr ? `; stderr: ${stdin.stderr.trim().split('\n')[0]}` : ''}`);
rmSync(DIR, { recursive: true, force: true });
