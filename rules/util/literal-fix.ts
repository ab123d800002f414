// Rewrites for the "read it from the environment" suggestion: where a literal may become an
// expression, and how string or JSX text becomes template-literal text around the key.
import type { TSESTree } from '@typescript-eslint/utils';

// Literals in these places are names, module specifiers or types, not values: no suggestion.
const NOT_A_VALUE = new Set<string>([
  'ImportDeclaration',
  'ExportAllDeclaration',
  'ExportNamedDeclaration',
  'ImportExpression',
  'ImportAttribute',
  'TSLiteralType',
  'TSEnumMember',
  'TSModuleDeclaration',
  'TSExternalModuleReference',
  'TSImportType',
  'TSPropertySignature',
  'TSAbstractPropertyDefinition',
]);

/** A string literal that sits where any expression could stand. */
export function isValuePosition(node: TSESTree.Literal): boolean {
  const parent = node.parent;
  if (!parent || NOT_A_VALUE.has(parent.type)) return false;
  if (parent.type === 'ExpressionStatement' && parent.directive !== undefined) return false;
  if (
    (parent.type === 'Property' || parent.type === 'PropertyDefinition' || parent.type === 'MethodDefinition') &&
    parent.key === node &&
    !parent.computed
  ) {
    return false;
  }
  return true;
}

/**
 * The raw text between a string literal's quotes, rewritten for a template literal; undefined when an
 * escape has no template equivalent (legacy octal escapes).
 */
export function stringRawToTemplate(raw: string): string | undefined {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\') {
      const next = raw[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === '0' && /[0-9]/.test(raw[i + 2] ?? ''))) return undefined;
      out += ch + next;
      i++;
    } else if (ch === '`') out += '\\`';
    else if (ch === '$' && raw[i + 1] === '{') out += '\\$';
    else out += ch;
  }
  return out;
}

/** JSX attribute text has no escapes but may hold HTML entities, which a template would not decode. */
export function jsxTextToTemplate(text: string): string | undefined {
  if (text.includes('&')) return undefined;
  return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}
