// The ESLint plugin: one rules table and its presets, derived from meta.docs.recommended. The preset
// names mean the same however the plugin is loaded (require or import, pinecall-scan/eslint-plugin or
// eslint-plugin-pinecall), as in typescript-eslint and eslint-plugin-n: `recommended` is the flat
// config (it embeds the plugin object), `flat/recommended` an alias of it, and `legacy-recommended` the
// .eslintrc form (`extends: ['plugin:pinecall/legacy-recommended']`), which names the plugin.
import type { Rule } from 'eslint';
// Named imports: the bundler keeps these two fields, not the whole package.json.
import { name as PACKAGE_NAME, version as PACKAGE_VERSION } from '../../package.json';
import noClientExposedKey from '../no-client-exposed-key.js';
import noHardcodedKey from '../no-hardcoded-key.js';

const PLUGIN_NAME = 'pinecall';

const typedRules = {
  'no-client-exposed-key': noClientExposedKey,
  'no-hardcoded-key': noHardcodedKey,
};

const recommendedRules: Record<string, 'error'> = Object.fromEntries(
  Object.entries(typedRules)
    .filter(([, rule]) => rule.meta.docs?.recommended)
    .map(([name]) => [`${PLUGIN_NAME}/${name}`, 'error' as const]),
);

interface FlatConfig {
  name: string;
  plugins: Record<string, Plugin>;
  rules: Record<string, 'error'>;
}

interface LegacyConfig {
  plugins: string[];
  rules: Record<string, 'error'>;
}

type RuleName = 'no-client-exposed-key' | 'no-hardcoded-key';

// Typed with ESLint's own types (a peer of every plugin user), so the published declarations do not
// depend on @typescript-eslint/utils, which is bundled rather than installed.
interface Plugin {
  meta: { name: string; version: string };
  rules: Record<RuleName, Rule.RuleModule>;
  configs: { recommended: FlatConfig; 'flat/recommended': FlatConfig; 'legacy-recommended': LegacyConfig };
}

const plugin: Plugin = {
  meta: { name: PACKAGE_NAME, version: PACKAGE_VERSION },
  rules: typedRules as unknown as Plugin['rules'],
  configs: {} as Plugin['configs'],
};

plugin.configs.recommended = { name: `${PLUGIN_NAME}/recommended`, plugins: { [PLUGIN_NAME]: plugin }, rules: recommendedRules };
plugin.configs['flat/recommended'] = plugin.configs.recommended;
plugin.configs['legacy-recommended'] = { plugins: [PLUGIN_NAME], rules: recommendedRules };

export default plugin;
