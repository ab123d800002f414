// One factory for every rule: fills meta.docs.url from the rule name, so a doc can never be orphaned.
import { RuleCreator } from '@typescript-eslint/utils/eslint-utils';
import pkg from '../package.json' with { type: 'json' };

export interface PinecallRuleDocs {
  /** In the `recommended` configs (both formats are derived from this flag). */
  recommended: boolean;
}

// The docs ship in the package (`files` lists rules/docs), so the versioned unpkg URL always resolves
// to the doc of the installed release.
export const docsUrl = (ruleName: string): string =>
  `https://unpkg.com/${pkg.name}@${pkg.version}/rules/docs/${ruleName}.md`;

export const createRule = RuleCreator<PinecallRuleDocs>(docsUrl);
