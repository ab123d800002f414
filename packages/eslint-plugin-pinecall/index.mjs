export { default } from 'pinecall-scan/eslint-plugin';
