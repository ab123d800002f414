import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { exitCodeFor } from '../../src/cli/errors.js';
import { validateConfig } from '../../src/config/schema.js';
import { RULE_IDS } from '../../src/core/types.js';
// @ts-expect-error: a plain .mjs build script without types
import { generate } from '../../scripts/gen-config-validator.mjs';

const schemaFile = new URL('../../schema/pinecall-scan.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;

type Node = Record<string, unknown>;

function walkProperties(node: Node, at: string, visit: (node: Node, at: string) => void): void {
  visit(node, at);
  const props = node.properties as Record<string, Node> | undefined;
  for (const [name, child] of Object.entries(props ?? {})) walkProperties(child, `${at}/${name}`, visit);
  if (node.items) walkProperties(node.items as Node, `${at}/items`, visit);
}

function errorOf(raw: unknown, pointer = ''): string {
  try {
    validateConfig(raw, 'cfg.json', pointer);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal(exitCodeFor(err), 2);
    assert.doesNotMatch(err.message, /\n/);
    return err.message;
  }
  assert.fail('expected the config to be rejected');
}

describe('the shipped JSON schema', () => {
  it('describes every property and closes every object', () => {
    walkProperties(schema, '', (node, at) => {
      assert.equal(typeof node.description, 'string', `${at || '(root)'} has no description`);
      if (node.type === 'object') assert.equal(node.additionalProperties, false, `${at || '(root)'} is open`);
    });
  });

  it('lists exactly the rule ids the detector knows', () => {
    const rules = (schema.properties as Record<string, Node>).rules!;
    assert.deepEqual(Object.keys(rules.properties as Node).sort(), [...RULE_IDS].sort());
  });

  it('matches the committed standalone validator (run scripts/gen-config-validator.mjs)', () => {
    const committed = readFileSync(new URL('../../src/config/validate-schema.generated.js', import.meta.url), 'utf8');
    assert.equal(committed, generate());
  });
});

describe('validateConfig', () => {
  it('accepts a full config', () => {
    const config = {
      $schema: './node_modules/pinecall-scan/schema/pinecall-scan.schema.json',
      ignorePaths: ['fixtures/**', '*.snap', '/docs/examples/', 'a/\\[literal\\]/**'],
      allow: ['^pc_test_', `sha256:${'ab'.repeat(32)}`, `SHA256:${'CD'.repeat(32)}`],
      rules: { 'pinecall-legacy-key': 'off', 'pinecall-api-key': 'on' },
      maxFileSize: 1024,
    };
    assert.deepEqual(validateConfig(structuredClone(config), 'cfg.json'), config);
    assert.deepEqual(validateConfig({}, 'cfg.json'), {});
  });

  it('names the file and the field in one line', () => {
    assert.equal(errorOf({ ignorePath: [] }), 'cfg.json: /ignorePath is not a known field');
    assert.equal(errorOf({ allow: [1] }), 'cfg.json: /allow/0 must be a string');
    assert.equal(errorOf({ allow: 'x' }), 'cfg.json: /allow must be an array');
    assert.equal(errorOf({ rules: { 'pinecall-nope': 'off' } }), 'cfg.json: /rules/pinecall-nope is not a known rule id');
    assert.equal(errorOf({ rules: { 'pinecall-api-key': false } }), 'cfg.json: /rules/pinecall-api-key must be "on" or "off"');
    assert.equal(errorOf({ maxFileSize: '10MB' }), 'cfg.json: /maxFileSize must be an integer');
    assert.equal(errorOf({ maxFileSize: 0 }), 'cfg.json: /maxFileSize must be >= 1');
    assert.equal(errorOf([]), 'cfg.json: the configuration must be an object');
    assert.equal(errorOf({ allow: [true] }, '/pinecallScan'), 'cfg.json: /pinecallScan/allow/0 must be a string');
    assert.equal(errorOf('x', '/pinecallScan'), 'cfg.json: /pinecallScan must be an object');
  });

  it('rejects bad globs', () => {
    assert.match(errorOf({ ignorePaths: ['ok/**', 'src/[a'] }), /^cfg\.json: \/ignorePaths\/1 is not a valid glob: Missing closing: "\]"$/);
    assert.match(errorOf({ ignorePaths: ['{a,b'] }), /\/ignorePaths\/0 is not a valid glob/);
    assert.match(errorOf({ ignorePaths: ['fixtures\\keys\\**'] }), /\/ignorePaths\/0 is not a valid glob: separate directories with \//);
    assert.match(errorOf({ ignorePaths: [''] }), /\/ignorePaths\/0 is an empty glob/);
    assert.match(errorOf({ ignorePaths: ['/'] }), /\/ignorePaths\/0 is an empty glob/);
  });

  it('rejects bad regexes and hashes without quoting the entry', () => {
    const entry = 'pc_live_(unclosed';
    const message = errorOf({ allow: [entry] });
    assert.equal(message, 'cfg.json: /allow/0 is not a valid regular expression: Unterminated group');
    assert.ok(!message.includes(entry));
    assert.equal(errorOf({ allow: ['sha256:abc'] }), 'cfg.json: /allow/0 must be sha256: followed by 64 hex characters');
    assert.equal(errorOf({ allow: [''] }), 'cfg.json: /allow/0 is empty');
  });

  it('refuses patterns a linear-time engine cannot run, naming the entry, not quoting it', () => {
    for (const entry of ['^pc_live_(?!test)', '(?<=x)pc_', '(a)\\1', 'pc_(?=live)']) {
      const message = errorOf({ allow: ['^pc_test_', entry] });
      assert.match(message, /^cfg\.json: \/allow\/1 is not supported: patterns run in linear time \(RE2 syntax/);
      assert.ok(!message.includes(entry));
    }
  });
});
