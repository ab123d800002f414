// The code a suggestion puts where a hard-coded key was. JavaScript: `process.env.NAME`. TypeScript:
// `process.env.NAME` is `string | undefined`, so in a `string`-typed place it would not compile under
// `strict`, and `?? ""` or a `!` would turn a missing key into an empty string or `undefined` at run
// time — a confusing 401 later instead of an error now. So TypeScript files get one form that
// type-checks as `string` and throws at the first read when the variable is missing:
//   process.env.NAME ?? (() => { throw new Error('NAME is not set'); })()
// (checked with the real `tsc --strict` in test/rules/env-suggestion-tsc.test.ts).
import type { TSESTree } from '@typescript-eslint/utils';

const TS_FILE = /\.(c|m)?tsx?$/i;

export function isTypeScriptFile(filename: string): boolean {
  return TS_FILE.test(filename);
}

/** Parents in which an expression needs no parentheses, whatever its precedence. */
const SAFE_PARENTS = new Set<string>([
  'VariableDeclarator',
  'Property',
  'PropertyDefinition',
  'ArrayExpression',
  'CallExpression',
  'NewExpression',
  'ReturnStatement',
  'JSXExpressionContainer',
  'TemplateLiteral',
  'AssignmentExpression',
  'AssignmentPattern',
  'ExpressionStatement',
  'SequenceExpression',
]);

export interface EnvExpressionOptions {
  typescript: boolean;
  /** The node the expression replaces, when it stands as a whole value (decides parentheses). */
  replaces?: TSESTree.Node;
  /** The quote the file used for the replaced string. */
  quote?: string;
}

export function envExpression(name: string, { typescript, replaces, quote = "'" }: EnvExpressionOptions): string {
  const read = `process.env.${name}`;
  if (!typescript) return read;
  const q = quote === '"' ? '"' : "'";
  const loud = `${read} ?? (() => { throw new Error(${q}${name} is not set${q}); })()`;
  const parent = replaces?.parent;
  const bare =
    replaces === undefined ||
    (parent !== undefined && SAFE_PARENTS.has(parent.type) && !(parent.type === 'CallExpression' && parent.callee === replaces));
  return bare ? loud : `(${loud})`;
}
