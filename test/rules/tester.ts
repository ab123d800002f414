// ESLint's own RuleTester, wired to node:test, with the parsers the rules are tested under.
import { describe, it } from 'node:test';
import tsParser from '@typescript-eslint/parser';
import { RuleTester, type Rule } from 'eslint';
import { maskSecret, RULE_DOCS, type RuleId } from '../../src/core/index.js';
import { prefixOf } from '../../src/core/patterns.js';
import { envVarFor, remedyInLanguage } from '../../src/report/remedies.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const jsx = { ecmaFeatures: { jsx: true } };

/** espree (ESLint's default parser) with JSX. */
export const jsTester = new RuleTester({
  languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: jsx },
});

/** @typescript-eslint/parser; set `filename` to file.ts or file.tsx per case. */
export const tsTester = new RuleTester({
  languageOptions: { parser: tsParser, parserOptions: jsx },
});

/** The data no-hardcoded-key reports for a key found by the detector. */
export function keyData(secret: string, ruleId: RuleId = 'pinecall-api-key'): Record<string, string> {
  const found = prefixOf(secret);
  const keyEnv = found?.rule.envs?.[found.prefix];
  const env = keyEnv === 'production' ? ' (a production key)' : keyEnv === 'sandbox' ? ' (a sandbox key)' : '';
  return { title: RULE_DOCS[ruleId].title, masked: maskSecret(secret), env, remedy: remedyInLanguage('javascript', envVarFor(ruleId)) };
}

/** typescript-eslint's rule type and ESLint's describe the same object with different typings. */
export const asEslintRule = (rule: object): Rule.RuleModule => rule as Rule.RuleModule;
