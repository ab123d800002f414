import plugin = require('pinecall-scan/eslint-plugin');
export = plugin;
