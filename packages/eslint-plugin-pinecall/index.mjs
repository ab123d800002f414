// The same plugin object as require() gets (index.js).
export { default } from 'pinecall-scan/eslint-plugin';
