import type { TSESTree } from '@typescript-eslint/utils';
import { clientExposedSecretName, mayNameClientExposedSecret } from '../src/core/index.js';
import { memberName, staticKey } from './util/ast.js';
import { createRule } from './util/create-rule.js';

export type Options = [{ additionalPrefixes?: string[] }];
export type MessageIds = 'clientExposedKey';

/** `process.env` or `import.meta.env`. */
function isEnvObject(node: TSESTree.Node): boolean {
  if (node.type === 'ChainExpression') return isEnvObject(node.expression);
  if (node.type !== 'MemberExpression' || memberName(node) !== 'env') return false;
  const object = node.object;
  if (object.type === 'Identifier') return object.name === 'process';
  return object.type === 'MetaProperty' && object.meta.name === 'import' && object.property.name === 'meta';
}

export default createRule<Options, MessageIds>({
  name: 'no-client-exposed-key',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow reading Pinecall secrets from environment names that bundlers inline into browser code',
      recommended: true,
    },
    schema: [
      {
        type: 'object',
        properties: {
          additionalPrefixes: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'More client-exposed prefixes, e.g. a custom Vite `envPrefix`.',
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      clientExposedKey:
        '{{name}} is inlined into browser code by {{tool}} (the {{prefix}} prefix), so every visitor can read this Pinecall secret; Pinecall keys must never be in client-side code. Keep the key on a server under a name without a public prefix, and have the browser fetch a short-lived token from your backend.',
    },
  },
  defaultOptions: [{ additionalPrefixes: [] }],
  create(context, [{ additionalPrefixes = [] }]) {
    if (!mayNameClientExposedSecret(context.sourceCode.text)) return {};

    function check(name: string | undefined, node: TSESTree.Node): void {
      if (name === undefined) return;
      const exposed = clientExposedSecretName(name, additionalPrefixes);
      if (!exposed) return;
      context.report({ node, messageId: 'clientExposedKey', data: { name, tool: exposed.tool, prefix: exposed.prefix } });
    }

    function checkPattern(pattern: TSESTree.Node, source: TSESTree.Node | null | undefined): void {
      if (pattern.type !== 'ObjectPattern' || !source || !isEnvObject(source)) return;
      for (const prop of pattern.properties) {
        if (prop.type === 'Property') check(staticKey(prop.key, prop.computed), prop.key);
      }
    }

    return {
      MemberExpression(node) {
        if (isEnvObject(node.object)) check(memberName(node), node.property);
      },
      VariableDeclarator(node) {
        checkPattern(node.id, node.init);
      },
      AssignmentExpression(node) {
        checkPattern(node.left, node.right);
      },
      AssignmentPattern(node) {
        checkPattern(node.left, node.right);
      },
    };
  },
});
