// Static reading of syntax nodes, shared by the rules: the string a node always evaluates to, and
// the name of a property or member when it is written out.
import type { TSESTree } from '@typescript-eslint/utils';

/** A string literal or a template literal without expressions: its value and the node. */
export function staticString(node: TSESTree.Node): { text: string; node: TSESTree.Node } | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return { text: node.value, node };
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
    const cooked = node.quasis[0]?.value.cooked;
    return typeof cooked === 'string' ? { text: cooked, node } : undefined;
  }
  return undefined;
}

/** A property key or member name as written: `a.b`, `a['b']`, `` a[`b`] ``, `{ b: … }`, `{ 'b': … }`. */
export function staticKey(node: TSESTree.Node, computed: boolean): string | undefined {
  if (!computed && node.type === 'Identifier') return node.name;
  return staticString(node)?.text;
}

export function memberName(node: TSESTree.MemberExpression): string | undefined {
  return staticKey(node.property, node.computed);
}

export function propertyName(prop: TSESTree.Property): string | undefined {
  return staticKey(prop.key, prop.computed);
}
