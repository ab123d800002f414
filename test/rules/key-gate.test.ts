// no-hardcoded-key's keyword gate: a file that cannot hold a key gets no listeners at all; a key the
// rule reads only through escape sequences (strings, the client's name) still passes it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Linter, type Rule } from 'eslint';
import rule from '../../rules/no-hardcoded-key.js';
import { decodeEscapes, mayHoldKey } from '../../rules/util/key-gate.js';
import { hasKeyword } from '../../src/core/index.js';
import { hexSecret, liveKey } from '../helpers/keys.js';
import { asEslintRule, jsTester, keyData } from './tester.js';

const live = liveKey();
const body = live.slice('pc_live_'.length);
const hex = hexSecret();
const hexOf = (c: string): string => c.charCodeAt(0).toString(16).padStart(2, '0');

/** Lints `code` with the real rule behind a rule that counts the listeners it set up. */
function listenersFor(code: string): { listeners: number; messages: Linter.LintMessage[] } {
  const real = asEslintRule(rule);
  let listeners = -1;
  const counting: Rule.RuleModule = {
    meta: real.meta,
    create(context) {
      const set = real.create(context);
      listeners = Object.keys(set).length;
      return set;
    },
  };
  const messages = new Linter({ configType: 'flat' }).verify(code, [
    {
      // A script, so that a legacy octal escape parses (modules are strict).
      languageOptions: { sourceType: 'script' },
      plugins: { gate: { rules: { 'no-hardcoded-key': counting } } },
      rules: { 'gate/no-hardcoded-key': 'error' },
    },
  ]);
  return { listeners, messages };
}

describe('the keyword gate', () => {
  it('gives a file without keywords no listeners, escapes and regular expressions included', () => {
    const code = "const re = /\\d+\\.\\w*/g;\nfunction f(a) {\n  return a.replace(re, '\\n\\t\\\\');\n}\n";
    assert.ok(!mayHoldKey(code));
    assert.deepEqual(listenersFor(code), { listeners: 0, messages: [] });
  });

  it('sets listeners up for a file the rule reports only through escapes', () => {
    const spellings = [
      `const k = '\\u0070c_live_${body}';`,
      `const k = 'p\\x${hexOf('c')}_live_${body}';`,
      `const k = 'p\\u{63}_live_${body}';`,
      `const k = 'pc\\_live_${body}';`,
      `const k = 'p\\\nc_live_${body}';`,
      `const k = 'p\\143_live_${body}';`,
    ];
    for (const code of spellings) {
      assert.ok(!hasKeyword(code), `the text as written holds no keyword: ${code}`);
      const { listeners, messages } = listenersFor(code);
      assert.ok(listeners > 0, code);
      assert.equal(messages.length, 1, code);
      assert.equal(messages[0]!.ruleId, 'gate/no-hardcoded-key');
    }
  });

  it('decodes every escape as JavaScript does', () => {
    assert.equal(decodeEscapes('\\u0070\\x63\\u{5f}\\_'), 'pc__');
    assert.equal(decodeEscapes('a\\\nb\\\r\nc\\\u2028d'), 'abcd');
    assert.equal(decodeEscapes('\\n\\t\\0\\101\\400'), '\n\t\0A 0');
    assert.equal(decodeEscapes('\\\\x63'), '\\x63');
    assert.equal(decodeEscapes('\\u{110000}'), '\\u{110000}');
  });
});

jsTester.run('no-hardcoded-key behind the keyword gate', asEslintRule(rule), {
  valid: ['const a = 1;', "const re = /\\s+/; const s = 'a\\tb';"],
  invalid: [
    {
      // The key is only in the cooked string: the whole literal is reported.
      code: `const k = '\\u0070c_live_${body}';`,
      errors: [{ messageId: 'hardcodedKey', data: keyData(live), line: 1, column: 11, suggestions: 1 }],
    },
    {
      // The client's name written with an escape: its apiKey is still a secret.
      code: `const c = new \\u0050inecall({ apiKey: '${hex}' });`,
      errors: [{ messageId: 'hardcodedApiKeyOption', suggestions: 1 }],
    },
  ],
});
