#!/usr/bin/env node
// Directory-scan benchmark: `pinecall-scan --no-ignore --format json` against `rg -uu` with an
// equivalent regex, over the same deterministic corpus (a repository with its node_modules and dist,
// ≥100 MB in tens of thousands of files, with planted keys). Prints wall times (median), their ratio,
// peak RSS and planted keys found by each. Targets: ≤ 4× ripgrep, RSS < 300 MB, every key found.
//   node bench/files.bench.mjs [--runs N] [--json] [--regen]      (after `npm run build`)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RG_REGEX, ensureRipgrep, measure, median } from './lib/measure.mjs';
import { draws, mulberry32 } from './lib/random.mjs';
import { AS_JSON, flag, numberOption } from './lib/args.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/bin.cjs');
const WORK = join(ROOT, '.bench/files');
const CORPUS = join(WORK, 'corpus');
const MANIFEST = join(WORK, 'manifest.json');
// Bump when the generator changes, so a stale corpus is rebuilt.
const GENERATOR_VERSION = 3;
const SEED = 20240501;

const RUNS = numberOption('--runs', 3);
const REGEN = flag('--regen');

const { makeKey, makeOpsKey } = await import(join(ROOT, 'dist/index.js'));

// ---- deterministic randomness ----------------------------------------------------------------
const rnd = mulberry32(SEED);
const { int, pick, chance, bytes } = draws(rnd);

// ---- content generators ----------------------------------------------------------------------
const WORDS = (
  'user account session request response handler config options result value item list index count ' +
  'buffer stream event callback promise error status message payload client server router module ' +
  'service store state action reducer component props context render element node tree cache queue ' +
  'worker timer logger agent call voice room track audio transcript webhook retry timeout parser'
).split(' ');
const cap = (w) => w[0].toUpperCase() + w.slice(1);
const ident = () => pick(WORDS) + cap(pick(WORDS));
const sentence = () => {
  const n = int(6, 16);
  const ws = Array.from({ length: n }, () => pick(WORDS));
  return cap(ws.join(' ')) + '.';
};

const JS_LINES = [
  () => `import { ${cap(ident())}, ${ident()} } from './${pick(WORDS)}/${pick(WORDS)}.js';`,
  () => `const ${ident()} = ${pick(WORDS)}.${ident()}(${pick(WORDS)}, ${int(0, 999)});`,
  () => `export function ${ident()}(${pick(WORDS)}, ${pick(WORDS)}) {`,
  () => `  if (${pick(WORDS)}.${pick(WORDS)} === ${int(0, 99)}) return ${pick(WORDS)};`,
  () => `  ${pick(WORDS)}.${ident()} = await ${ident()}('${pick(WORDS)}-${int(0, 9999)}');`,
  () => `  // ${sentence()}`,
  () => `  throw new Error(\`${sentence()} \${${pick(WORDS)}}\`);`,
  () => `}`,
  () => `  return { ${pick(WORDS)}: ${int(0, 9)}, ${pick(WORDS)}: '${pick(WORDS)}', ...${pick(WORDS)} };`,
  () => '',
];
const PY_LINES = [
  () => `from ${pick(WORDS)}.${pick(WORDS)} import ${cap(ident())}`,
  () => `def ${pick(WORDS)}_${pick(WORDS)}(${pick(WORDS)}, ${pick(WORDS)}=None):`,
  () => `    ${pick(WORDS)} = ${pick(WORDS)}.${pick(WORDS)}_${pick(WORDS)}(${int(0, 99)})`,
  () => `    # ${sentence()}`,
  () => `    if ${pick(WORDS)} is None:`,
  () => `        return ${pick(WORDS)}.pk_${pick(WORDS)}`,
  () => '',
];
const MD_LINES = [() => `## ${cap(pick(WORDS))} ${pick(WORDS)}`, sentence, sentence, () => `- \`${ident()}\`: ${sentence()}`, () => ''];
const YAML_LINES = [() => `${pick(WORDS)}:`, () => `  ${pick(WORDS)}: ${pick(WORDS)}-${int(0, 99)}`, () => `  - name: ${ident()}`, () => `    ${pick(WORDS)}: ${int(0, 9999)}`];

function linesOf(templates, size) {
  const out = [];
  let len = 0;
  while (len < size) {
    const line = pick(templates)();
    out.push(line);
    len += line.length + 1;
  }
  return out;
}
function minified(size) {
  let s = '!function(e,t){"use strict";';
  while (s.length < size) {
    s += `var ${pick('abcdefghijk')}=${pick(WORDS)}.${pick(WORDS)}||function(n,r){return n.${pick(WORDS)}(r,${int(0, 99)})};`;
    if (chance(0.3)) s += `e.exports.${ident()}="${sentence()}";`;
  }
  return [s + '}(this);'];
}
function sourceMap(size) {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let mappings = '';
  while (mappings.length < size) {
    for (let i = int(2, 7); i > 0; i--) mappings += B64[int(0, 63)];
    mappings += chance(0.1) ? ';' : ',';
  }
  return [JSON.stringify({ version: 3, sources: [`../src/${pick(WORDS)}.ts`], names: [ident(), ident()], mappings })];
}
function lockfile(size) {
  const out = ['{', '  "lockfileVersion": 3,', '  "packages": {'];
  let len = 0;
  while (len < size) {
    const entry = `    "node_modules/${pick(WORDS)}-${pick(WORDS)}": { "version": "${int(0, 9)}.${int(0, 30)}.${int(0, 9)}", "integrity": "sha512-${Buffer.from(bytes(64)).toString('base64')}" },`;
    out.push(entry);
    len += entry.length;
  }
  out.push('  }', '}');
  return out;
}
const pkgJson = (name) => [JSON.stringify({ name, version: `${int(0, 9)}.${int(0, 20)}.${int(0, 9)}`, main: 'lib/index.js', license: 'MIT', dependencies: { [pick(WORDS)]: '^1.0.0' } }, null, 2)];
// A PNG-ish binary: NUL bytes early, skipped by both tools.
const binary = (size) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from(bytes(size))]);

// Words that make the keyword gate open without a key: Pinecall SDK users, docs placeholders, Stripe.
const DECOYS = [
  () => `import { Pinecall } from '@pinecall/sdk';`,
  () => `const pinecall = new Pinecall({ apiKey: process.env.PINECALL_API_KEY });`,
  () => `// Set PINECALL_API_KEY=pc_live_... in your environment (see https://docs.pinecall.io).`,
  () => `const stripe = loadStripe('pk_test_${'x'.repeat(24)}');`,
  () => `    return row.pk_${pick(WORDS)}`,
];

// ---- planted keys ----------------------------------------------------------------------------
const PLANTS = [
  (k) => `const client = new Pinecall({ apiKey: "${k}" });`,
  (k) => `PINECALL_API_KEY=${k}`,
  (k) => `  "apiKey": "${k}",`,
  (k) => `api_key = '${k}'`,
  (k) => `  token: ${k}`,
  (k) => `curl -H "Authorization: Bearer ${k}" https://cloud.pinecall.io/v1/whoami`,
];
function makePlantedKey(i) {
  if (i % 6 === 5) return { key: makeOpsKey(bytes(24)), line: (k) => `PINECALL_OPS_KEY=${k}` };
  if (i % 6 === 4) return { key: makeKey('pk_', bytes(32)), line: (k) => `const pinecall = new Pinecall({ apiKey: '${k}' });` };
  return { key: makeKey(i % 3 === 0 ? 'pc_test_' : 'pc_live_', bytes(32)), line: pick(PLANTS) };
}

// ---- the tree --------------------------------------------------------------------------------
function planFiles() {
  const files = []; // { path, gen: () => string[] | Buffer, kind }
  const add = (path, gen, kind = 'text') => files.push({ path, gen, kind });
  add('package.json', () => pkgJson('voice-app'));
  add('.gitignore', () => ['node_modules/', 'dist/', '.env', '*.log']);
  add('README.md', () => linesOf(MD_LINES, 8000));
  add('package-lock.json', () => lockfile(1_500_000));
  const areas = ['components', 'services', 'routes', 'utils', 'hooks', 'models', 'workers', 'calls', 'agents'];
  for (let i = 0; i < 2400; i++) {
    const area = pick(areas);
    const ext = pick(['ts', 'ts', 'tsx', 'js', 'py']);
    add(`src/${area}/${pick(WORDS)}/${ident()}-${i}.${ext}`, () => linesOf(ext === 'py' ? PY_LINES : JS_LINES, int(800, 12_000)));
  }
  for (let i = 0; i < 600; i++) add(`test/${pick(areas)}/${ident()}-${i}.test.ts`, () => linesOf(JS_LINES, int(800, 8000)));
  for (let i = 0; i < 150; i++) add(`docs/${pick(WORDS)}/${pick(WORDS)}-${i}.md`, () => linesOf(MD_LINES, int(1500, 15_000)));
  for (let i = 0; i < 80; i++) add(`config/${pick(WORDS)}-${i}.${pick(['yaml', 'json'])}`, () => linesOf(YAML_LINES, int(300, 4000)));
  for (let i = 0; i < 30; i++) add(`dist/${pick(WORDS)}.${i}.bundle.js`, () => minified(int(100_000, 600_000)));
  for (let i = 0; i < 40; i++) add(`assets/${pick(WORDS)}-${i}.png`, () => binary(int(5000, 60_000)), 'binary');
  for (let p = 0; p < 900; p++) {
    const name = chance(0.2) ? `@${pick(WORDS)}/${pick(WORDS)}-${p}` : `${pick(WORDS)}-${pick(WORDS)}-${p}`;
    const base = chance(0.05) ? `node_modules/${pick(WORDS)}-host/node_modules/${name}` : `node_modules/${name}`;
    add(`${base}/package.json`, () => pkgJson(name));
    add(`${base}/README.md`, () => linesOf(MD_LINES, int(1000, 12_000)));
    add(`${base}/LICENSE`, () => ['MIT License', '', sentence(), sentence(), sentence()]);
    for (let f = int(8, 30); f > 0; f--) {
      const kind = pick(['js', 'js', 'js', 'd.ts', 'cjs', 'mjs']);
      add(`${base}/lib/${pick(WORDS)}/${ident()}-${f}.${kind}`, () => linesOf(JS_LINES, int(300, 9000)));
    }
    if (chance(0.4)) add(`${base}/dist/index.min.js`, () => minified(int(10_000, 150_000)));
    if (chance(0.3)) add(`${base}/dist/index.min.js.map`, () => sourceMap(int(10_000, 120_000)));
  }
  return files;
}

function generate() {
  rmSync(WORK, { recursive: true, force: true });
  const files = planFiles();
  const textFiles = files.filter((f) => f.kind === 'text');
  const planted = [];
  const plantAt = new Map();
  for (let i = 0; i < 60; i++) {
    const file = pick(textFiles);
    const { key, line } = makePlantedKey(i);
    planted.push({ key, file: file.path });
    if (!plantAt.has(file.path)) plantAt.set(file.path, []);
    plantAt.get(file.path).push(line(key));
  }
  let total = 0;
  const dirs = new Set();
  for (const f of files) {
    let content;
    if (f.kind === 'binary') content = f.gen();
    else {
      const lines = f.gen();
      if (chance(0.03)) lines.splice(int(0, lines.length), 0, pick(DECOYS)());
      for (const l of plantAt.get(f.path) ?? []) lines.splice(int(0, lines.length), 0, l);
      // Some files end without a newline.
      content = lines.join('\n') + (chance(0.9) ? '\n' : '');
    }
    const full = join(CORPUS, f.path);
    const dir = dirname(full);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    writeFileSync(full, content);
    total += Buffer.byteLength(content);
  }
  const manifest = { generator: GENERATOR_VERSION, seed: SEED, files: files.length, bytes: total, planted };
  writeFileSync(MANIFEST, JSON.stringify(manifest));
  return manifest;
}

function loadOrGenerate() {
  if (!REGEN && existsSync(MANIFEST)) {
    const m = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    if (m.generator === GENERATOR_VERSION && m.seed === SEED) return m;
  }
  const started = performance.now();
  const m = generate();
  console.log(`generated corpus in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return m;
}

// ---- tools ----------------------------------------------------------------------------------
const sha256 = (s) => createHash('sha256').update(s).digest('hex');

// ---- main ------------------------------------------------------------------------------------
const manifest = loadOrGenerate();
const hasRg = ensureRipgrep();
const plantedHashes = new Set(manifest.planted.map((p) => sha256(p.key)));
const plantedKeys = new Set(manifest.planted.map((p) => p.key));

const scan = () => measure(process.execPath, [BIN, '--no-ignore', '--format', 'json', CORPUS]);
const grep = () => measure('rg', ['-uu', '-o', '--no-filename', '--no-line-number', '-e', RG_REGEX, CORPUS]);

function foundByScan(r) {
  if (r.status !== 0 && r.status !== 1) throw new Error(`pinecall-scan failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  const report = JSON.parse(r.stdout);
  const hashes = new Set(report.findings.map((f) => f.secretHash));
  return { found: [...plantedHashes].filter((h) => hashes.has(h)).length, findings: report.findings.length, report };
}
function foundByGrep(r) {
  const matches = new Set(r.stdout.split('\n').filter(Boolean));
  return { found: [...plantedKeys].filter((k) => matches.has(k)).length, findings: matches.size };
}

// Warm-up (page cache) then alternate timed runs.
const scanRuns = [];
const grepRuns = [];
scan();
if (hasRg) grep();
for (let i = 0; i < RUNS; i++) {
  scanRuns.push(scan());
  if (hasRg) grepRuns.push(grep());
}
const s = foundByScan(scanRuns[0]);
const g = hasRg ? foundByGrep(grepRuns[0]) : undefined;
const scanMs = median(scanRuns.map((r) => r.ms));
const grepMs = hasRg ? median(grepRuns.map((r) => r.ms)) : NaN;
const scanRss = Math.max(...scanRuns.map((r) => r.rssKb)) / 1024;
const grepRss = hasRg ? Math.max(...grepRuns.map((r) => r.rssKb)) / 1024 : NaN;
const ratio = scanMs / grepMs;

const result = {
  corpus: { files: manifest.files, mb: +(manifest.bytes / 1024 / 1024).toFixed(1), planted: manifest.planted.length },
  machine: { cpus: cpus().length, node: process.version },
  runs: RUNS,
  pinecallScan: { wallMs: Math.round(scanMs), peakRssMb: Math.round(scanRss), plantedFound: s.found, findings: s.findings, scannedFiles: s.report.stats.files, skipped: s.report.skipped.length },
  ripgrep: hasRg ? { wallMs: Math.round(grepMs), peakRssMb: Math.round(grepRss), plantedFound: g.found, matches: g.findings } : null,
  ratio: +ratio.toFixed(2),
  targets: { ratioAtMost4: ratio <= 4, rssUnder300Mb: scanRss < 300, allPlantedFound: s.found === manifest.planted.length },
};

if (AS_JSON) console.log(JSON.stringify(result, null, 2));
else {
  const mb = manifest.bytes / 1024 / 1024;
  console.log(`corpus: ${manifest.files.toLocaleString('en')} files, ${mb.toFixed(1)} MB, ${manifest.planted.length} planted keys (${CORPUS})`);
  console.log(`machine: ${cpus().length} CPUs, Node ${process.version}; median of ${RUNS} warm runs`);
  console.log('');
  const row = (name, ms, rss, found, extra) =>
    `${name.padEnd(34)}${`${(ms / 1000).toFixed(2)} s`.padStart(9)}${`${(mb / (ms / 1000)).toFixed(0)} MB/s`.padStart(12)}${`${rss.toFixed(0)} MB`.padStart(10)}${`${found}/${manifest.planted.length}`.padStart(9)}  ${extra}`;
  console.log(`${'tool'.padEnd(34)}${'wall'.padStart(9)}${'throughput'.padStart(12)}${'peak RSS'.padStart(10)}${'planted'.padStart(9)}`);
  console.log(row('pinecall-scan --no-ignore --json', scanMs, scanRss, s.found, `${s.findings} findings, ${s.report.skipped.length} skipped`));
  if (hasRg) console.log(row('rg -uu (equivalent regex)', grepMs, grepRss, g.found, `${g.findings} distinct matches`));
  console.log('');
  console.log(`ratio ${ratio.toFixed(2)}× ripgrep (target ≤ 4×: ${result.targets.ratioAtMost4 ? 'met' : 'MISSED'}); peak RSS ${scanRss.toFixed(0)} MB (target < 300 MB: ${result.targets.rssUnder300Mb ? 'met' : 'MISSED'}); planted keys found: ${s.found}/${manifest.planted.length}`);
}
