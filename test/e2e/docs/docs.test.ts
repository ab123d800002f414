// The documentation a user navigates: every relative link in README.md, CONTRIBUTING.md, CHANGELOG.md
// and docs/ reaches a file (and a heading, when it names one), every repository path the pages cite
// exists, and every flag `--help` prints is on the command-line page.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../helpers/cli.js';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const PAGES = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  ...readdirSync(join(ROOT, 'docs')).filter((n) => n.endsWith('.md')).map((n) => `docs/${n}`),
  ...readdirSync(join(ROOT, 'rules/docs')).filter((n) => n.endsWith('.md')).map((n) => `rules/docs/${n}`),
];

/** Markdown text outside fenced code blocks and inline code spans. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, (m) => (m.includes('](') ? m : ''));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of text.matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function links(page: string): string[] {
  const text = prose(readFileSync(join(ROOT, page), 'utf8'));
  return [...text.matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

function brokenLinks(page: string): string[] {
  const broken: string[] = [];
  for (const target of links(page)) {
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const file = path === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), decodeURIComponent(path));
    if (!existsSync(file) || relative(ROOT, file).startsWith('..')) {
      broken.push(`${page}: ${target} (no such file in the repository)`);
    } else if (anchor !== undefined && statSync(file).isFile() && file.endsWith('.md') && !anchors(file).has(anchor)) {
      broken.push(`${page}: ${target} (no such heading)`);
    }
  }
  return broken;
}

test('every relative link in the docs reaches a file in the repository and a heading there', () => {
  const broken = PAGES.flatMap(brokenLinks);
  assert.deepEqual(broken, []);
  assert.ok(PAGES.flatMap(links).length > 40, 'the pages do link to each other');
});

test('the link check itself catches a missing file and a missing heading', () => {
  assert.equal(slug('`pinecall/no-hardcoded-key` (💡 suggestion)'), 'pinecallno-hardcoded-key--suggestion');
  assert.equal(slug('Push protection on the git server (`pre-receive`)'), 'push-protection-on-the-git-server-pre-receive');
  assert.ok(anchors(join(ROOT, 'docs/cli.md')).has('exit-codes'));
  assert.ok(!anchors(join(ROOT, 'docs/cli.md')).has('no-such-heading'));
});

test('the README stays a page a newcomer can read: install, entry points, exit codes, links', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.length < 12_000, `README.md is ${readme.length} bytes: reference material belongs in docs/`);
  for (const needed of ['npm install --save-dev pinecall-scan', 'npx pinecall-scan init', 'npm ci', 'npm test', 'pinecall.configs.recommended', 'plugin:pinecall/legacy-recommended', '## Exit codes']) {
    assert.ok(readme.includes(needed), `README.md: ${needed}`);
  }
  for (const page of PAGES.filter((p) => p.startsWith('docs/'))) {
    assert.ok(readme.includes(`](${page})`), `README.md links ${page}`);
  }
});

/** Paths the pages use as examples of a user's project, not files of this repository. */
const EXAMPLE_PATHS = new Set(['src/x.ts']);

test('every repository path the pages cite in code spans exists (files move; the docs follow)', () => {
  const missing: string[] = [];
  for (const page of PAGES) {
    const text = readFileSync(join(ROOT, page), 'utf8');
    for (const m of text.matchAll(/`((?:src|test|bench|rules|scripts|docs|fixtures|schema|packages)\/[\w./-]*)`/g)) {
      if (!EXAMPLE_PATHS.has(m[1]!) && !existsSync(join(ROOT, m[1]!))) missing.push(`${page}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('docs cite no file outside the repository', () => {
  for (const page of PAGES) {
    const text = readFileSync(join(ROOT, page), 'utf8');
    assert.doesNotMatch(text, /\.\.\/shared\/|\/work\/|\bDESIGN\.md\b|\bSTYLE\.md\b/, page);
  }
});

test('every flag of every command that --help prints is documented in docs/cli.md', async () => {
  const cli = readFileSync(join(ROOT, 'docs/cli.md'), 'utf8');
  const commands = [[], ['init'], ['pre-receive'], ['fleet'], ['merge'], ['action']];
  const helps = await Promise.all(commands.map((c) => runCli([...c, '--help'])));
  const missing: string[] = [];
  for (const [i, r] of helps.entries()) {
    assert.equal(r.code, 0, r.stderr);
    // Option lines of commander's help: two spaces, then the flags.
    for (const m of r.stdout.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)) {
      if (!new RegExp(`\`[^\`]*${m[1]!}\\b`).test(cli)) missing.push(`${commands[i]!.join(' ') || 'pinecall-scan'} ${m[1]}`);
    }
    if (commands[i]!.length > 0) assert.ok(cli.includes(`\`${commands[i]![0]}`), `docs/cli.md names ${commands[i]![0]}`);
  }
  assert.deepEqual(missing, []);
});
