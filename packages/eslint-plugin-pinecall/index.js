'use strict';
// .eslintrc resolves `"plugins": ["pinecall"]` to this package and loads it with require(), so what
// require() returns serves the eslintrc-format preset as `recommended`, as
// `"extends": ["plugin:pinecall/recommended"]` expects. `import` (flat config) gets the flat preset
// as `recommended` (index.mjs); CommonJS flat configs use `configs['flat/recommended']`.
const plugin = require('pinecall-scan/eslint-plugin');

module.exports = {
  meta: plugin.meta,
  rules: plugin.rules,
  configs: {
    ...plugin.configs,
    recommended: plugin.configs['legacy-recommended'],
    'flat/recommended': plugin.configs.recommended,
  },
};
