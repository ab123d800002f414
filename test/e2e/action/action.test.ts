// The GitHub Action end to end: action.yml's composite step run as the runner runs it (inputs
// substituted into its env, bash, GITHUB_ACTION_PATH at this checkout with its built CLI) on real
// temp repositories with real event payloads, summary and output files.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { inputEnvName, readActionInputs } from '../../../src/cli/action/inputs.js';
import { commitFiles, git, tempDir, tempRepos } from '../../helpers/git.js';
import { liveKey } from '../../helpers/keys.js';
import { startFakePinecall } from '../../verify/server.js';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
interface Step { id?: string; shell: string; env?: Record<string, string>; run: string }
interface ActionYml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const { repo, track } = tempRepos();

interface Ran { code: number | null; stdout: string; stderr: string; summary: string; outputs: Record<string, string> }

/** Runs the composite action like the runner: `${{ inputs.x }}` from `inputs` or the defaults. */
function runAction(
  workspace: string,
  inputs: Record<string, string>,
  event: { name: string; payload: object },
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Ran> {
  const dir = track(tempDir('pcscan-action-'));
  const files = { summary: join(dir, 'summary.md'), output: join(dir, 'output'), event: join(dir, 'event.json') };
  writeFileSync(files.summary, '');
  writeFileSync(files.output, '');
  writeFileSync(files.event, JSON.stringify(event.payload));
  const [step] = action.runs.steps;
  const value = (name: string): string => inputs[name] ?? action.inputs[name]?.default ?? '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    ...extraEnv,
  };
  for (const [k, v] of Object.entries(step!.env ?? {})) env[k] = v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, n: string) => value(n));
  // Asynchronous, so a fake Pinecall server in this process can answer while the step runs.
  const child = spawn('bash', ['-e', '-c', step!.run], { cwd: workspace, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const outputs: Record<string, string> = {};
      for (const m of readFileSync(files.output, 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
      resolvePromise({ code, stdout, stderr, summary: readFileSync(files.summary, 'utf8'), outputs });
    });
  });
}

test('action.yml: a composite action; every declared input reaches the entry and every input it reads is declared', () => {
  assert.equal(action.runs.using, 'composite');
  const [step] = action.runs.steps;
  const passed = Object.entries(step!.env ?? {}).filter(([k]) => k.startsWith('INPUT_'));
  const declared = Object.keys(action.inputs).sort();
  assert.deepEqual(passed.map(([, v]) => /inputs\.([\w-]+)/.exec(v)?.[1]).sort(), declared);
  for (const [k, v] of passed) assert.equal(k, inputEnvName(/inputs\.([\w-]+)/.exec(v)![1]!));
  const read = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, { get: (_t, key) => (typeof key === 'string' && read.add(key), undefined) });
  readActionInputs(env);
  assert.deepEqual([...read].filter((k) => k.startsWith('INPUT_')).sort(), passed.map(([k]) => k).sort());
  assert.deepEqual(Object.keys(action.outputs).sort(), ['findings', 'sarif']);
});

test('pull_request: only base..head is scanned; annotations, masked summary, outputs and SARIF', async () => {
  const dir = repo();
  const oldKey = liveKey();
  const base = commitFiles(dir, { 'old.env': `PINECALL_API_KEY=${oldKey}\n` }, 'old key on main');
  const key = liveKey();
  commitFiles(dir, { 'src/a.ts': 'export const a = 1;\n' }, 'work');
  const head = commitFiles(dir, { 'src/client.ts': `const k = "${key}";\n` }, 'leak');
  const r = await runAction(dir, { sarif: 'out.sarif' }, { name: 'pull_request', payload: { pull_request: { base: { sha: base }, head: { sha: head } } } });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^::error file=src\/client\.ts,line=1,/m);
  assert.ok(!r.stdout.includes('old.env'), 'the base branch is not the pull request');
  assert.match(r.summary, /\| src\/client\.ts \| 1 \| pinecall-api-key \| pc&#95;live&#95;.*\| production \| not checked \| [0-9a-f]{12} \|/);
  assert.match(r.summary, /Scanned 2 commits/);
  assert.deepEqual(r.outputs, { findings: '1', sarif: 'out.sarif' });
  const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
  assert.equal(sarif.runs[0].results.length, 1);
  for (const text of [r.stdout, r.stderr, r.summary, readFileSync(join(dir, 'out.sarif'), 'utf8')]) {
    assert.ok(!text.includes(key) && !text.includes(oldKey), 'masked everywhere');
  }
});

test('push: before..after; a new branch scans the commits no other branch has; deletion scans nothing', async () => {
  const origin = repo();
  const before = commitFiles(origin, { 'a.txt': `${liveKey()}\n` }, 'old');
  const clone = track(`${origin}-clone`);
  git(origin, 'clone', '-q', origin, clone);
  git(clone, 'config', 'user.name', 'T');
  git(clone, 'config', 'user.email', 't@example.com');
  const after = commitFiles(clone, { 'b.txt': 'clean\n' }, 'clean');
  const clean = await runAction(clone, {}, { name: 'push', payload: { ref: 'refs/heads/main', before, after } });
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  assert.match(clean.stdout, /pushed commits/);
  assert.deepEqual(clean.outputs, { findings: '0', sarif: '' });
  assert.match(clean.summary, /no Pinecall keys found/);

  git(clone, 'checkout', '-q', '-b', 'feature');
  const leak = commitFiles(clone, { 'c.txt': `${liveKey()}\n` }, 'leak');
  git(clone, 'update-ref', 'refs/remotes/origin/feature', leak);
  const zero = '0'.repeat(40);
  const fresh = await runAction(clone, {}, { name: 'push', payload: { ref: 'refs/heads/feature', before: zero, after: leak } });
  assert.equal(fresh.code, 1, fresh.stdout + fresh.stderr);
  assert.match(fresh.stdout, /new branch/);
  assert.match(fresh.stdout, /::error file=c\.txt/);
  assert.ok(!fresh.stdout.includes('file=a.txt'), 'commits already on main are not the new branch');
  const deleted = await runAction(clone, {}, { name: 'push', payload: { ref: 'refs/heads/feature', before: leak, after: zero } });
  assert.equal(deleted.code, 0);
  assert.match(deleted.stdout, /was deleted/);
});

test('a shallow checkout that lacks the base warns and says fetch-depth: 0, then scans the files', async () => {
  const origin = repo();
  const base = commitFiles(origin, { 'a.txt': 'one\n' }, 'one');
  commitFiles(origin, { 'b.txt': 'two\n' }, 'two');
  const head = commitFiles(origin, { 'k.txt': `${liveKey()}\n` }, 'three');
  const shallow = track(`${origin}-shallow`);
  git(origin, 'clone', '-q', '--depth', '1', `file://${origin}`, shallow);
  const r = await runAction(shallow, {}, { name: 'pull_request', payload: { pull_request: { base: { sha: base }, head: { sha: head } } } });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^::warning title=pinecall-scan::.*fetch-depth: 0/m);
  assert.match(r.stdout, /::error file=k\.txt/);
});

test('workflow_dispatch scans the tree; baseline and config inputs apply; a bad input is a one-line error', async () => {
  const dir = repo();
  const key = liveKey();
  commitFiles(dir, { 'keys/k.txt': `${key}\n`, 'src/ok.ts': 'export {};\n' }, 'x');
  const r = await runAction(dir, { paths: 'keys\nsrc', baseline: 'base.json' }, { name: 'workflow_dispatch', payload: {} });
  assert.equal(r.code, 2, 'a missing baseline file is an error');
  const written = spawnSync(process.execPath, [join(ROOT, 'dist/cli/bin.cjs'), 'keys', '--write-baseline', 'base.json'], { cwd: dir });
  assert.equal(written.status, 0);
  const withBaseline = await runAction(dir, { paths: 'keys\nsrc', baseline: 'base.json' }, { name: 'workflow_dispatch', payload: {} });
  assert.equal(withBaseline.code, 0, withBaseline.stdout + withBaseline.stderr);
  assert.match(withBaseline.stdout, /workflow_dispatch event/);
  const bad = await runAction(dir, { 'fail-on': 'sometimes' }, { name: 'workflow_dispatch', payload: {} });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^pinecall-scan: input fail-on must be any or active/);
  assert.equal(bad.stderr.trim().split('\n').length, 2);
});

test('verify: true shows the live status in the summary; fail-on: active fails only on a live key', async () => {
  const server = await startFakePinecall();
  try {
    const dir = repo();
    const live = liveKey();
    const dead = liveKey();
    server.play(live, 'ok');
    server.play(dead, 'unauthorized');
    commitFiles(dir, { 'a.ts': `const a = "${live}";\n`, 'b.ts': `const b = "${dead}";\n` }, 'keys');
    const env = { PINECALL_SCAN_VERIFY_URL: server.url };
    const both = await runAction(dir, { mode: 'tree', verify: 'true', 'fail-on': 'active' }, { name: 'workflow_dispatch', payload: {} }, env);
    assert.equal(both.code, 1, both.stdout + both.stderr);
    assert.match(both.summary, /\| a\.ts \| 1 \|.*\| production \| 🔴 active \|/);
    assert.match(both.summary, /\| b\.ts \| 1 \|.*\| production \| inactive \|/);
    for (const text of [both.stdout, both.summary]) assert.ok(!text.includes(live) && !text.includes(dead));

    const onlyDead = repo();
    commitFiles(onlyDead, { 'b.ts': `const b = "${dead}";\n` }, 'dead key');
    const passes = await runAction(onlyDead, { verify: 'true', 'fail-on': 'active' }, { name: 'workflow_dispatch', payload: {} }, env);
    assert.equal(passes.code, 0, passes.stdout + passes.stderr);
    assert.deepEqual(passes.outputs, { findings: '1', sarif: '' });
  } finally {
    await server.close();
  }
});
