// no-hardcoded-key reads the same project config as the CLI: allow, rules and ignorePaths.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Linter } from 'eslint';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from '../../rules/no-hardcoded-key.js';
import { maskSecret, sha256Hex } from '../../src/core/index.js';
import { tempDir } from '../helpers/git.js';
import { hexSecret, liveKey, testKey } from '../helpers/keys.js';
import { asEslintRule, jsTester, keyData } from './tester.js';

const allowed = liveKey();
const other = testKey();
const hex = hexSecret();

function project(config: object, where: '.pinecall-scan.json' | 'package.json' = '.pinecall-scan.json'): string {
  const root = tempDir('pcscan-eslint-config-');
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'src', 'generated'), { recursive: true });
  const body = where === 'package.json' ? { name: 'app', pinecallScan: config } : config;
  writeFileSync(join(root, where), JSON.stringify(body));
  return root;
}

const withAllow = project({ allow: [`sha256:${sha256Hex(allowed)}`], ignorePaths: ['src/generated'] });
const inPackageJson = project({ rules: { 'pinecall-context-secret': 'off' }, allow: ['^pc_test_'] }, 'package.json');
const broken = project({ allow: ['('] });
// A pattern that takes a backtracking engine ~2^51 steps on any 51-character key.
const backtracking = project({ allow: ['^([A-Za-z0-9_-]+)+!$'] });
// A key pasted where a field name belongs: the config error quotes the field.
const keyAsField = liveKey();
const brokenWithKey = project({ [keyAsField]: 1 });
after(() => [withAllow, inPackageJson, broken, brokenWithKey, backtracking].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

test('a config error that quotes a key shows it masked', () => {
  const linter = new Linter({ configType: 'flat', cwd: brokenWithKey });
  const messages = linter.verify(
    'const a = 1;',
    [{ files: ['**/*.js'], plugins: { pinecall: { rules: { 'no-hardcoded-key': asEslintRule(rule) } } }, rules: { 'pinecall/no-hardcoded-key': 'error' } }],
    join(brokenWithKey, 'src', 'app.js'),
  );
  assert.equal(messages.length, 1);
  assert.ok(!messages[0]!.message.includes(keyAsField), messages[0]!.message);
  assert.ok(messages[0]!.message.includes(maskSecret(keyAsField)), messages[0]!.message);
});

jsTester.run('no-hardcoded-key with a project config', asEslintRule(rule), {
  valid: [
    { filename: join(withAllow, 'src', 'app.js'), code: `const key = '${allowed}';` },
    { filename: join(withAllow, 'src', 'generated', 'client.js'), code: `const key = '${other}';` },
    { filename: join(inPackageJson, 'src', 'app.js'), code: `const key = '${other}';` },
    { filename: join(inPackageJson, 'src', 'app.js'), code: `new Pinecall({ apiKey: '${hex}' });` },
  ],
  invalid: [
    {
      filename: join(withAllow, 'src', 'app.js'),
      code: `const key = '${other}';`,
      errors: [{ messageId: 'hardcodedKey', data: keyData(other), column: 14, suggestions: 1 }],
    },
    {
      // useProjectConfig: false ignores the allow-list and the ignored paths
      filename: join(withAllow, 'src', 'generated', 'client.js'),
      code: `const key = '${allowed}';`,
      options: [{ useProjectConfig: false }],
      errors: [{ messageId: 'hardcodedKey', data: keyData(allowed), column: 14, suggestions: 1 }],
    },
    {
      filename: join(inPackageJson, 'src', 'app.js'),
      code: `const key = '${allowed}';`,
      errors: [{ messageId: 'hardcodedKey', data: keyData(allowed), column: 14, suggestions: 1 }],
    },
    {
      // The allow-list runs on a linear-time engine: the pattern answers "no" at once.
      filename: join(backtracking, 'src', 'app.js'),
      code: `const key = '${allowed}';`,
      errors: [{ messageId: 'hardcodedKey', data: keyData(allowed), column: 14, suggestions: 1 }],
    },
    {
      filename: join(broken, 'src', 'app.js'),
      code: `const key = '${allowed}';`,
      errors: [{ messageId: 'invalidProjectConfig', line: 1, column: 1 }],
    },
  ],
});
