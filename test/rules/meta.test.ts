// Every rule is exported, documented with the same headings, has its options documented with their
// defaults, and points meta.docs.url at its doc; configs are derived from meta.docs.recommended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TSESLint } from '@typescript-eslint/utils';
import type { PinecallRuleDocs } from '../../rules/util/create-rule.js';
import plugin from '../../rules/plugin/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { name: string; version: string; peerDependencies: Record<string, string> };
const HEADINGS = ['## Rule Details', '## Options', '## Examples of incorrect code', '## Examples of correct code', '## When Not To Use It'];

// rules/<rule-name>.ts hold only rules; helpers live in rules/util/, the plugin in rules/plugin/.
const ruleFiles = readdirSync(`${root}rules`).filter((f) => f.endsWith('.ts'));
type AnyRule = TSESLint.RuleModule<string, readonly unknown[], PinecallRuleDocs> & { defaultOptions: readonly unknown[] };
const rules = Object.entries(plugin.rules) as unknown as [string, AnyRule][];

test('the plugin exports one rule per rule file, under the file name', () => {
  assert.deepEqual(Object.keys(plugin.rules).sort(), ruleFiles.map((f) => f.replace(/\.ts$/, '')).sort());
  for (const [name, rule] of rules) assert.equal((rule as { name?: string }).name, name);
});

test('the presets have one meaning: recommended is flat, flat/recommended its alias, legacy-recommended for .eslintrc', () => {
  const configs = plugin.configs as Record<string, { plugins: unknown; rules: unknown }>;
  assert.deepEqual(Object.keys(configs).sort(), ['flat/recommended', 'legacy-recommended', 'recommended']);
  assert.equal(configs['flat/recommended'], configs.recommended);
  assert.equal((configs.recommended!.plugins as Record<string, unknown>).pinecall, plugin);
  assert.deepEqual(configs['legacy-recommended']!.plugins, ['pinecall']);
  assert.deepEqual(configs['legacy-recommended']!.rules, configs.recommended!.rules);
});

test('meta.name and meta.version come from package.json', () => {
  assert.deepEqual(plugin.meta, { name: pkg.name, version: pkg.version });
});

for (const [name, rule] of rules) {
  const docPath = `${root}rules/docs/${name}.md`;

  test(`${name}: meta.docs.url points at its doc, which ships in the package`, () => {
    assert.ok(existsSync(docPath), docPath);
    assert.ok(rule.meta.docs?.url?.endsWith(`/${pkg.name}@${pkg.version}/rules/docs/${name}.md`), rule.meta.docs?.url);
  });

  test(`${name}: the doc has the standard headings, in order, and the description`, () => {
    const doc = readFileSync(docPath, 'utf8');
    assert.ok(doc.startsWith(`# pinecall/${name}\n`));
    assert.ok(doc.includes(rule.meta.docs!.description), 'description');
    const positions = HEADINGS.map((h) => doc.indexOf(`\n${h}\n`));
    for (const [i, h] of HEADINGS.entries()) assert.ok(positions[i]! > 0, `missing ${h}`);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, 'headings out of order');
  });

  test(`${name}: each option is documented with its default`, () => {
    const doc = readFileSync(docPath, 'utf8');
    const options = doc.slice(doc.indexOf('\n## Options\n'), doc.indexOf('\n## Examples of incorrect code\n'));
    const schema = (rule.meta.schema as unknown as { properties: Record<string, { description?: string }> }[])[0]!;
    const defaults = (rule.defaultOptions as Record<string, unknown>[])[0]!;
    for (const [option, spec] of Object.entries(schema.properties)) {
      assert.ok(spec.description, `${option} has a schema description`);
      const section = options.split(`\n### \`${option}\`\n`)[1];
      assert.ok(section, `${option} has a section under Options`);
      assert.ok(section.trimStart().startsWith(`Default: \`${JSON.stringify(defaults[option])}\`.`), `${option} default`);
    }
  });

  test(`${name}: description is imperative, schema closed`, () => {
    assert.match(rule.meta.docs!.description, /^Disallow /);
    for (const s of rule.meta.schema as unknown as { additionalProperties?: boolean }[]) assert.equal(s.additionalProperties, false);
  });
}

test('recommended configs (flat and legacy) are derived from meta.docs.recommended', () => {
  const expected = Object.fromEntries(
    rules.filter(([, r]) => r.meta.docs?.recommended).map(([n]) => [`pinecall/${n}`, 'error']),
  );
  assert.ok(Object.keys(expected).length > 0);
  assert.deepEqual(plugin.configs.recommended.rules, expected);
  assert.equal(plugin.configs.recommended.plugins.pinecall, plugin, 'flat config embeds the plugin object');
  assert.deepEqual(plugin.configs['legacy-recommended'], { plugins: ['pinecall'], rules: expected });
});

test('the thin eslint-plugin-pinecall package follows the main package', () => {
  const thin = JSON.parse(readFileSync(`${root}packages/eslint-plugin-pinecall/package.json`, 'utf8')) as {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
    peerDependencies: Record<string, string>;
  };
  assert.equal(thin.name, 'eslint-plugin-pinecall');
  assert.equal(thin.version, pkg.version);
  // A peer, not a dependency: one copy of the detector and the project config per project.
  assert.equal(thin.peerDependencies[pkg.name], `^${pkg.version}`);
  assert.equal(thin.dependencies?.[pkg.name], undefined);
  assert.equal(thin.peerDependencies.eslint, pkg.peerDependencies.eslint);
  assert.match(readFileSync(`${root}packages/eslint-plugin-pinecall/index.js`, 'utf8'), /require\('pinecall-scan\/eslint-plugin'\)/);
});

