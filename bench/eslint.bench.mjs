#!/usr/bin/env node
// ESLint plugin overhead: lint a generated front-end/back-end codebase (≥ 2,000 JS/JSX files, a few
// with planted keys, many using the Pinecall SDK) with eslint:recommended, with and without
// pinecall.configs.recommended, through the ESLint API (median of warm runs, alternating), then once
// through the CLI with TIMING=all for ESLint's own per-rule figures. Target: the plugin adds < 2% to
// ESLint alone (the floor, measured in the same run, interleaved).
//   node bench/eslint.bench.mjs [--runs N] [--files N] [--json]      (after `npm run build`)
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { draws, mulberry32 } from './lib/random.mjs';
import { AS_JSON, numberOption as option } from './lib/args.mjs';
import { median } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK = join(ROOT, '.bench/eslint');
const SEED = 4242;

const RUNS = option('--runs', 5);
const FILES = Math.max(2000, option('--files', 2000));

const require = createRequire(import.meta.url);
const { ESLint } = require('eslint');
const { builtinRules } = require('eslint/use-at-your-own-risk');
const pinecall = (await import(pathToFileURL(join(ROOT, 'dist/eslint-plugin.js')).href)).default;
const { makeKey } = await import(pathToFileURL(join(ROOT, 'dist/index.js')).href);

// ---- deterministic corpus ----------------------------------------------------------------------
const rnd = mulberry32(SEED);
const { int, pick, chance, bytes } = draws(rnd);
const WORDS = 'user account session request response handler config options result value item list index count agent call voice room track audio transcript webhook retry timeout parser store state action'.split(' ');
const cap = (w) => w[0].toUpperCase() + w.slice(1);
const ident = () => pick(WORDS) + cap(pick(WORDS));

function fn() {
  const name = ident();
  const a = ident();
  return [
    `export async function ${name}(${a}, options = {}) {`,
    `  const { timeout = ${int(100, 9000)}, retries = ${int(0, 5)} } = options;`,
    `  const items = ${a}.filter((x) => x.${pick(WORDS)} !== undefined).map((x) => ({ ...x, ${pick(WORDS)}: x.${pick(WORDS)} ?? null }));`,
    `  for (let i = 0; i < retries; i++) {`,
    `    try {`,
    `      const res = await fetch(\`/api/${pick(WORDS)}/\${items.length}\`, { method: 'POST', body: JSON.stringify(items) });`,
    `      if (res.ok) return res.json();`,
    `    } catch (err) {`,
    `      console.warn('${pick(WORDS)} failed', err, timeout);`,
    `    }`,
    `  }`,
    `  return null;`,
    `}`,
    '',
  ].join('\n');
}

function component() {
  const name = cap(ident());
  return [
    `export function ${name}({ ${pick(WORDS)}, on${cap(pick(WORDS))} }) {`,
    `  const label = '${pick(WORDS)} ${pick(WORDS)}';`,
    `  return (`,
    `    <section className="${pick(WORDS)}-${pick(WORDS)}" aria-label={label}>`,
    `      <h2>${cap(pick(WORDS))} ${pick(WORDS)}</h2>`,
    `      <button type="button" onClick={() => on${cap(pick(WORDS))}?.(${int(1, 99)})}>${cap(pick(WORDS))}</button>`,
    `    </section>`,
    `  );`,
    `}`,
    '',
  ].join('\n');
}

const pinecallUse = () =>
  [
    "import { Pinecall } from '@pinecall/sdk';",
    `export const client = new Pinecall({ apiKey: process.env.PINECALL_API_KEY, region: '${pick(['eu', 'us'])}' });`,
    `export const listenUrl = (callId) => \`wss://voice.pinecall.io/listen?call=\${callId}\`;`,
    '',
  ].join('\n');

const planted = () => {
  const key = makeKey(pick(['pc_live_', 'pc_test_']), bytes(32));
  return pick([
    `export const client = new Pinecall({ apiKey: '${key}' });\n`,
    `// TODO remove: ${key}\n`,
    `export const headers = { Authorization: \`Bearer ${key}\` };\n`,
  ]);
};

function generate() {
  rmSync(WORK, { recursive: true, force: true });
  let plantedCount = 0;
  let bytesTotal = 0;
  for (let i = 0; i < FILES; i++) {
    const jsx = chance(0.4);
    const dir = pick(['src/components', 'src/pages', 'src/services', 'src/lib', 'src/hooks', 'server/routes', 'server/jobs']);
    const parts = [`// ${cap(pick(WORDS))} ${pick(WORDS)} module (${i}).`, "import { useState } from 'react';", ''];
    if (chance(0.12)) parts.push(pinecallUse());
    if (chance(0.01)) {
      parts.push(planted());
      plantedCount++;
    }
    if (chance(0.03)) parts.push(`export const browserKey = import.meta.env.VITE_PINECALL_${pick(['KEY', 'API_KEY'])};\n`);
    const n = int(4, 14);
    for (let j = 0; j < n; j++) parts.push(jsx && chance(0.5) ? component() : fn());
    parts.push('export const unused = useState;\n');
    const text = parts.join('\n');
    bytesTotal += text.length;
    const file = join(WORK, dir, `${ident()}-${i}.${jsx ? 'jsx' : 'js'}`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { files: FILES, bytes: bytesTotal, planted: plantedCount };
}

// ---- lint --------------------------------------------------------------------------------------
const recommended = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error']),
);
const base = {
  files: ['**/*.js', '**/*.jsx'],
  languageOptions: {
    ecmaVersion: 'latest',
    sourceType: 'module',
    parserOptions: { ecmaFeatures: { jsx: true } },
    globals: { console: 'readonly', fetch: 'readonly', process: 'readonly' },
  },
  rules: recommended,
};
const configs = { without: [base], with: [base, pinecall.configs.recommended] };

async function lintOnce(which) {
  const eslint = new ESLint({ cwd: WORK, overrideConfigFile: true, overrideConfig: configs[which], cache: false });
  const started = performance.now();
  const results = await eslint.lintFiles(['.']);
  const ms = performance.now() - started;
  const pinecallProblems = results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith('pinecall/')).length, 0);
  return { ms, files: results.length, pinecallProblems };
}


const corpus = generate();
await lintOnce('without');
await lintOnce('with');
const times = { without: [], with: [] };
let last;
for (let i = 0; i < RUNS; i++) {
  for (const which of i % 2 === 0 ? ['without', 'with'] : ['with', 'without']) {
    const r = await lintOnce(which);
    times[which].push(r.ms);
    if (which === 'with') last = r;
  }
}
const withoutMs = median(times.without);
const withMs = median(times.with);
const overhead = (withMs - withoutMs) / withoutMs;
if (!AS_JSON) console.log(`API runs (ms): without ${times.without.map(Math.round).join(', ')}; with ${times.with.map(Math.round).join(', ')}`);

// ESLint's own per-rule timing, from the CLI as users would run it.
const configFile = join(WORK, 'eslint.config.mjs');
writeFileSync(
  configFile,
  `import pinecall from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/eslint-plugin.js')).href)};\n` +
    `export default [${JSON.stringify(base)}, pinecall.configs.recommended];\n`,
);
const cli = spawnSync(process.execPath, [join(dirname(require.resolve('eslint/package.json')), 'bin/eslint.js'), '-c', configFile, '-f', 'json', '.'], {
  cwd: WORK,
  env: { ...process.env, TIMING: 'all' },
  encoding: 'utf8',
  maxBuffer: 512 * 1024 * 1024,
});
const timingRows = cli.stdout
  .slice(cli.stdout.lastIndexOf(']') + 1)
  .split('\n')
  .filter((l) => l.includes('|'));
const timingOf = (rule) => {
  const row = timingRows.find((l) => l.trim().startsWith(rule + ' '));
  return row ? { ms: Number(row.split('|')[1].trim()), percent: row.split('|')[2].trim() } : undefined;
};
const perRule = {
  'pinecall/no-hardcoded-key': timingOf('pinecall/no-hardcoded-key'),
  'pinecall/no-client-exposed-key': timingOf('pinecall/no-client-exposed-key'),
};
rmSync(configFile);

const result = {
  corpus,
  runs: RUNS,
  medianMs: { without: Math.round(withoutMs), with: Math.round(withMs) },
  overheadPercent: Number((overhead * 100).toFixed(2)),
  pinecallProblems: last.pinecallProblems,
  timing: perRule,
  targets: { overheadUnder2Percent: overhead < 0.02 },
};

if (AS_JSON) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`corpus: ${corpus.files.toLocaleString('en')} JS/JSX files, ${(corpus.bytes / 1e6).toFixed(1)} MB, ${corpus.planted} planted keys (${WORK})`);
  console.log(`machine: ${cpus().length} CPUs, Node ${process.version}, ESLint ${ESLint.version}; median of ${RUNS} warm runs, alternating`);
  console.log(`eslint:recommended only:              ${withoutMs.toFixed(0).padStart(6)} ms`);
  console.log(`eslint:recommended + pinecall:        ${withMs.toFixed(0).padStart(6)} ms   (${last.pinecallProblems} pinecall problems)`);
  console.log(`overhead: ${(overhead * 100).toFixed(2)}% over ESLint alone (target < 2%: ${result.targets.overheadUnder2Percent ? 'met' : 'MISSED'})`);
  console.log('TIMING=all (one CLI run, ms and share of all rule time):');
  for (const [rule, t] of Object.entries(perRule)) console.log(`  ${rule.padEnd(32)} ${t ? `${t.ms.toFixed(1)} ms  ${t.percent}` : 'not listed'}`);
  console.log(`  slowest rules: ${timingRows.slice(2, 5).map((r) => r.split('|')[0].trim()).join(', ')}`);
}
