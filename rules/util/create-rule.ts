// One factory for every rule: fills meta.docs.url from the rule name, so a doc can never be orphaned.
import { RuleCreator } from '@typescript-eslint/utils/eslint-utils';
// Named imports: the bundler keeps these two fields, not the whole package.json.
import { name as PACKAGE_NAME, version as PACKAGE_VERSION } from '../../package.json';

export interface PinecallRuleDocs {
  /** In the `recommended` configs (both formats are derived from this flag). */
  recommended: boolean;
}

// The docs ship in the package (`files` lists rules/docs), so the versioned unpkg URL always resolves
// to the doc of the installed release.
export const docsUrl = (ruleName: string): string =>
  `https://unpkg.com/${PACKAGE_NAME}@${PACKAGE_VERSION}/rules/docs/${ruleName}.md`;

export const createRule = RuleCreator<PinecallRuleDocs>(docsUrl);
