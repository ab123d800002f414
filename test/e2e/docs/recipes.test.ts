// The recipes in docs/recipes run commands of this CLI: each is valid YAML of its kind, and every
// `pinecall-scan` command in it names a subcommand that exists, with flags that subcommand takes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../../helpers/cli.js';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const recipe = (name: string): unknown[] =>
  parseAllDocuments(readFileSync(join(ROOT, 'docs/recipes', name), 'utf8')).map((d) => {
    assert.deepEqual(d.errors, [], `${name}: ${d.errors.join('; ')}`);
    return d.toJS();
  });

/** Every string in a parsed YAML tree. */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (node && typeof node === 'object') return Object.values(node).flatMap(strings);
  return [];
}

/**
 * The `npx pinecall-scan …` commands in shell text (the recipes run it through npx): the words up to
 * a shell operator. Job and resource names that merely start with pinecall-scan are not commands.
 */
function commands(text: string): string[][] {
  const out: string[][] = [];
  for (const m of text.matchAll(/\bnpx[ \t]+(?:--yes[ \t]+|-y[ \t]+)?pinecall-scan(?=[ \t])((?:[ \t]+(?!\|\||&&|[|;>])[^ \t\n|;&>]+)*)/gm)) {
    out.push(m[1]!.trim().split(/[ \t]+/).filter(Boolean));
  }
  return out;
}

const helpCache = new Map<string, string>();
async function help(sub: string): Promise<string> {
  if (!helpCache.has(sub)) {
    const r = await runCli([sub, '--help']);
    assert.equal(r.code, 0, `pinecall-scan ${sub} --help: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^Usage: pinecall-scan ${sub}\\b`), `${sub} is a subcommand`);
    helpCache.set(sub, r.stdout);
  }
  return helpCache.get(sub)!;
}

async function checkCommands(name: string, docs: unknown[], expected: string[]): Promise<void> {
  const found = docs.flatMap(strings).flatMap(commands);
  assert.deepEqual([...new Set(found.map((c) => c[0]))].sort(), [...expected].sort(), `${name}: the subcommands it runs`);
  for (const [sub, ...words] of found) {
    const text = await help(sub!);
    for (const flag of words.filter((w) => w.startsWith('--'))) {
      assert.ok(text.includes(`${flag.split('=')[0]} `) || text.includes(`${flag}\n`), `${name}: pinecall-scan ${sub} has no ${flag}`);
    }
  }
}

test('GitHub Actions org workflow: list with gh, a shard matrix, a merge job uploading SARIF and the summary', async () => {
  const [wf] = recipe('github-org-nightly.yml') as [{ on: Record<string, unknown>; jobs: Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: { run?: string; uses?: string }[] }> }];
  assert.ok('schedule' in wf.on);
  assert.match(strings(wf.jobs.list).join('\n'), /gh repo list/);
  const shards = wf.jobs.scan!.strategy!.matrix.shard;
  const scanRun = wf.jobs.scan!.steps.map((s) => s.run ?? '').join('\n');
  assert.match(scanRun, new RegExp(`--shard \\$\\{\\{ matrix\\.shard \\}\\}/${shards.length}\\b`));
  const merge = wf.jobs.merge!;
  assert.equal(merge.needs, 'scan');
  assert.ok(merge.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif')));
  assert.match(strings(merge).join('\n'), /GITHUB_STEP_SUMMARY/);
  await checkCommands('github-org-nightly.yml', [wf], ['fleet', 'merge']);
});

test('Kubernetes Indexed Job: indexed completions, the shard count beside them, --shard-from-env', async () => {
  const docs = recipe('kubernetes-indexed-job.yml') as { kind: string; spec?: { completionMode?: string; completions?: number; template: { spec: { containers: { env?: { name: string; value: string }[] }[] } } } }[];
  const job = docs.find((d) => d.kind === 'Job' && d.spec?.completionMode === 'Indexed')!;
  assert.ok(job, 'an Indexed Job');
  const env = job.spec!.template.spec.containers[0]!.env!;
  assert.equal(env.find((e) => e.name === 'PINECALL_SCAN_SHARDS')?.value, String(job.spec!.completions));
  assert.match(strings(job).join('\n'), /--shard-from-env/);
  await checkCommands('kubernetes-indexed-job.yml', docs, ['fleet', 'merge']);
});

test('GitLab parallel: job and a merge job', async () => {
  const [ci] = recipe('gitlab-fleet.yml') as [Record<string, { parallel?: number; needs?: string[]; script: string[] }>];
  assert.equal(typeof ci['pinecall-scan-fleet']!.parallel, 'number');
  assert.deepEqual(ci['pinecall-scan-merge']!.needs, ['pinecall-scan-fleet']);
  assert.match(ci['pinecall-scan-fleet']!.script.join('\n'), /--shard-from-env/);
  await checkCommands('gitlab-fleet.yml', [ci], ['fleet', 'merge']);
});

test('the command check itself catches an unknown flag and an unknown subcommand', async () => {
  await assert.rejects(checkCommands('bad', ['npx pinecall-scan fleet repos.txt --no-such-flag'], ['fleet']));
  await assert.rejects(checkCommands('bad', ['npx --yes pinecall-scan flet repos.txt'], ['flet']));
  await checkCommands('good', ['npx --yes pinecall-scan merge a b --format json || [ $? -eq 1 ]'], ['merge']);
});
