'use strict';
// The plugin under the name ESLint resolves for `plugins: ['pinecall']` in .eslintrc. The same object
// as `import` gets (index.mjs): presets `recommended` (flat), `flat/recommended` (alias) and
// `legacy-recommended` (.eslintrc: `extends: ['plugin:pinecall/legacy-recommended']`).
module.exports = require('pinecall-scan/eslint-plugin');
