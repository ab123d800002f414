import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { getStaticValue } from '@typescript-eslint/utils/ast-utils';
import { relative } from 'node:path';
import { toPosixPath } from '../src/paths.js';
import {
  detect,
  hasKeyword,
  looksLikeSecretValue,
  maskKeyShaped,
  maskSecret,
  RULE_DOCS,
  type RuleId,
  sha256Hex,
  type DetectOptions,
  type Finding,
  lineAllows,
  redactSecrets,
} from '../src/core/index.js';
import { propertyName } from './util/ast.js';
import { createRule } from './util/create-rule.js';
import { isValuePosition, jsxTextToTemplate, stringRawToTemplate } from './util/literal-fix.js';
import { mayHoldKey } from './util/key-gate.js';
import { NO_PROJECT_SETTINGS, settingsForFile } from './util/project-settings.js';
import { keyTraits } from '../src/report/key-traits.js';
import { remedyInLanguage } from '../src/report/remedies.js';
import { envNameFor } from './util/env-name.js';
import { envExpression, isTypeScriptFile } from './util/env-expression.js';

export type Options = [
  {
    checkComments?: boolean;
    useProjectConfig?: boolean;
  },
];
export type MessageIds = 'hardcodedKey' | 'hardcodedApiKeyOption' | 'useEnvironment' | 'invalidProjectConfig';

/** The SDK client whose `apiKey` option is a secret whatever its shape (the Pinecall context of docs/detection.md). */
const CLIENT_CLASS = 'Pinecall';
const API_KEY_OPTION = 'apiKey';

type LiteralSlot =
  | { kind: 'comment' }
  | { kind: 'string'; node: TSESTree.StringLiteral }
  | { kind: 'jsx-attribute'; node: TSESTree.StringLiteral }
  | { kind: 'template'; node: TSESTree.TemplateElement }
  | { kind: 'jsx-text'; node: TSESTree.JSXText }
  | { kind: 'other-literal'; node: TSESTree.Literal };

function envNote(env: Finding['env']): string {
  const [word] = keyTraits({ env });
  return word ? ` (a ${word})` : '';
}

/** A string ESLint can compute without running the code: literals, `+`, templates and `const`s. */
function staticString(node: TSESTree.Node, scope: TSESLint.Scope.Scope): { text: string; node: TSESTree.Node } | undefined {
  const evaluated = getStaticValue(node, scope);
  return typeof evaluated?.value === 'string' ? { text: evaluated.value, node } : undefined;
}

/** A string built from parts: `a + b` or a template literal with expressions. */
function isAssembled(node: TSESTree.Node): node is TSESTree.BinaryExpression | TSESTree.TemplateLiteral {
  return (node.type === 'BinaryExpression' && node.operator === '+') || (node.type === 'TemplateLiteral' && node.expressions.length > 0);
}

function isClientConstructor(callee: TSESTree.Expression): boolean {
  if (callee.type === 'Identifier') return callee.name === CLIENT_CLASS;
  return (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    callee.property.type === 'Identifier' &&
    callee.property.name === CLIENT_CLASS
  );
}

export default createRule<Options, MessageIds>({
  name: 'no-hardcoded-key',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Pinecall API keys and other Pinecall secrets written into source code',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          checkComments: {
            type: 'boolean',
            description: 'Also report keys inside comments.',
          },
          useProjectConfig: {
            type: 'boolean',
            description:
              'Honour allow, rules and ignorePaths from the nearest .pinecall-scan.json or package.json#pinecallScan.',
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      hardcodedKey: '{{title}} {{masked}}{{env}} is hard-coded; anyone who can read this code can use it. {{remedy}}',
      hardcodedApiKeyOption:
        'The apiKey passed to new Pinecall() is a hard-coded secret ({{masked}}); anyone who can read this code can use it. {{remedy}}',
      useEnvironment: 'Read the key from process.env.{{name}} instead.',
      invalidProjectConfig: 'pinecall-scan config: {{message}}',
    },
  },
  defaultOptions: [{ checkComments: true, useProjectConfig: true }],
  create(context, [{ checkComments, useProjectConfig }]) {
    const settings = useProjectConfig ? settingsForFile(context.filename) : NO_PROJECT_SETTINGS;
    if (settings.configError !== undefined) {
      // A broken config can quote what it holds (an unknown field that is a key): mask it.
      const message = maskKeyShaped(redactSecrets(settings.configError));
      return {
        Program() {
          context.report({ loc: { line: 1, column: 0 }, messageId: 'invalidProjectConfig', data: { message } });
        },
      };
    }
    // The keyword gate first, then ignorePaths (a glob match per file): most files stop at the gate.
    if (!mayHoldKey(context.sourceCode.text) || settings.ignored()) return {};
    const sourceCode = context.sourceCode;
    const detectOptions: DetectOptions = settings.detectOptions;
    const path = toPosixPath(relative(context.cwd, context.filename));
    const reported = new Set<TSESTree.Node>();

    function commentAt(start: number, end: number): TSESTree.Comment | undefined {
      return sourceCode.getAllComments().find((c) => c.range[0] <= start && end <= c.range[1]);
    }

    // The detector scans the file text, so its offsets are source offsets; keep the findings that
    // sit inside literal text or comments (a match elsewhere would be code, not a value).
    function slotOf(start: number, end: number): LiteralSlot | undefined {
      if (commentAt(start, end)) return { kind: 'comment' };
      const node = sourceCode.getNodeByRangeIndex(start);
      if (!node || end > node.range[1]) return undefined;
      switch (node.type) {
        case 'Literal':
          if (typeof node.value !== 'string') return { kind: 'other-literal', node };
          return node.parent?.type === 'JSXAttribute'
            ? { kind: 'jsx-attribute', node: node as TSESTree.StringLiteral }
            : { kind: 'string', node: node as TSESTree.StringLiteral };
        case 'TemplateElement':
          return { kind: 'template', node };
        case 'JSXText':
          return { kind: 'jsx-text', node };
        default:
          return undefined;
      }
    }

    const typescript = isTypeScriptFile(context.filename);
    // One name per key kind for the whole file: the message and every suggestion agree.
    const envNames = new Map<RuleId, string>();
    function envName(ruleId: RuleId): string {
      let name = envNames.get(ruleId);
      if (name === undefined) envNames.set(ruleId, (name = envNameFor(ruleId, sourceCode.text, context.filename)));
      return name;
    }
    /** Embedded in a template or a JSX container: no parentheses needed. */
    function embedded(ruleId: RuleId): string {
      return envExpression(envName(ruleId), { typescript });
    }
    /** A string literal replaced as a whole value (`'…' as const` as a whole: `as const` fits only literals). */
    function wholeValue(node: TSESTree.StringLiteral, ruleId: RuleId): [TSESTree.Range, string] {
      const parent = node.parent;
      const asConst =
        parent?.type === 'TSAsExpression' &&
        parent.typeAnnotation.type === 'TSTypeReference' &&
        parent.typeAnnotation.typeName.type === 'Identifier' &&
        parent.typeAnnotation.typeName.name === 'const';
      const replaced: TSESTree.Node = asConst ? parent : node;
      const quote = node.raw.charAt(0);
      return [replaced.range, envExpression(envName(ruleId), { typescript, replaces: replaced, quote })];
    }

    function replacementFor(slot: LiteralSlot, finding: Finding): [TSESTree.Range, string] | undefined {
      const expr = embedded(finding.ruleId);
      const { start, end } = finding;
      switch (slot.kind) {
        case 'string': {
          if (!isValuePosition(slot.node)) return undefined;
          const [from, to] = slot.node.range;
          if (start === from + 1 && end === to - 1) return wholeValue(slot.node, finding.ruleId);
          const before = stringRawToTemplate(sourceCode.text.slice(from + 1, start));
          const after = stringRawToTemplate(sourceCode.text.slice(end, to - 1));
          if (before === undefined || after === undefined) return undefined;
          return [slot.node.range, `\`${before}\${${expr}}${after}\``];
        }
        case 'jsx-attribute': {
          const [from, to] = slot.node.range;
          if (start === from + 1 && end === to - 1) return [slot.node.range, `{${expr}}`];
          const before = jsxTextToTemplate(sourceCode.text.slice(from + 1, start));
          const after = jsxTextToTemplate(sourceCode.text.slice(end, to - 1));
          if (before === undefined || after === undefined) return undefined;
          return [slot.node.range, `{\`${before}\${${expr}}${after}\`}`];
        }
        case 'template': {
          // Not in a type (`type K = \`…\``, a TSLiteralType; template literal types parse otherwise).
          const literal = slot.node.parent;
          if (literal?.type !== 'TemplateLiteral' || literal.parent?.type === 'TSLiteralType') return undefined;
          return [[start, end], `\${${expr}}`];
        }
        case 'jsx-text':
          return [[start, end], `{${expr}}`];
        default:
          return undefined;
      }
    }

    function suggestion(
      range: TSESTree.Range,
      text: string,
      name: string,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      return [{ messageId: 'useEnvironment', data: { name }, fix: (fixer) => fixer.replaceTextRange(range, text) }];
    }

    function reportFinding(finding: Finding, node: TSESTree.Node, loc: TSESTree.SourceLocation, fix?: [TSESTree.Range, string]) {
      const name = envName(finding.ruleId);
      const docs = RULE_DOCS[finding.ruleId];
      reported.add(node);
      context.report({
        node,
        loc,
        messageId: 'hardcodedKey',
        data: {
          title: finding.encoding ? `${docs.title} (${finding.encoding}-encoded)` : docs.title,
          masked: finding.match,
          env: envNote(finding.env),
          remedy: remedyInLanguage('javascript', name),
        },
        suggest: fix ? suggestion(fix[0], fix[1], name) : null,
      });
    }

    let fileMayHoldKey = false;

    function checkFileText(program: TSESTree.Program): void {
      const text = sourceCode.text;
      fileMayHoldKey = hasKeyword(text);
      if (!fileMayHoldKey) return;
      for (const finding of detect({ text, path }, detectOptions)) {
        const slot = slotOf(finding.start, finding.end);
        if (!slot || (slot.kind === 'comment' && !checkComments)) continue;
        const loc = { start: sourceCode.getLocFromIndex(finding.start), end: sourceCode.getLocFromIndex(finding.end) };
        const fix = finding.encoding ? undefined : replacementFor(slot, finding);
        reportFinding(finding, slot.kind === 'comment' ? program : slot.node, loc, fix);
      }
    }

    // A key spelled with escape sequences is only visible in the cooked value. Offsets inside it do
    // not map back to the source exactly, so the whole literal is reported.
    function checkCooked(node: TSESTree.StringLiteral | TSESTree.TemplateElement, cooked: string, rawInner: string): void {
      if (cooked === rawInner || reported.has(node) || !hasKeyword(cooked)) return;
      if (lineAllows(sourceCode.lines[node.loc.start.line - 1] ?? '')) return;
      const finding = detect({ text: cooked, path }, { ...detectOptions, inlineAllow: false })[0];
      if (!finding) return;
      const exact = node.type === 'Literal' && finding.secret === cooked && isValuePosition(node);
      reportFinding(finding, node, node.loc, exact ? wholeValue(node as TSESTree.StringLiteral, finding.ruleId) : undefined);
    }

    function checkClientOptions(node: TSESTree.NewExpression): void {
      if (!isClientConstructor(node.callee)) return;
      const options = node.arguments[0];
      if (options?.type !== 'ObjectExpression') return;
      if (detectOptions.disabledRules?.includes('pinecall-context-secret')) return;
      for (const prop of options.properties) {
        if (prop.type !== 'Property' || propertyName(prop) !== API_KEY_OPTION) continue;
        const value = staticString(prop.value, sourceCode.getScope(prop.value));
        if (!value || reported.has(value.node) || hasReportedChild(value.node)) continue;
        if (!looksLikeSecretValue(value.text)) continue;
        if (lineAllows(sourceCode.lines[value.node.loc.start.line - 1] ?? '')) continue;
        if (detectOptions.allow?.(value.text, sha256Hex(value.text))) continue;
        reported.add(value.node);
        const name = envName('pinecall-api-key');
        const fix: [TSESTree.Range, string] =
          value.node.type === 'Literal'
            ? wholeValue(value.node as TSESTree.StringLiteral, 'pinecall-api-key')
            : [value.node.range, envExpression(name, { typescript, replaces: value.node })];
        context.report({
          node: value.node,
          messageId: 'hardcodedApiKeyOption',
          data: { masked: maskSecret(value.text), remedy: remedyInLanguage('javascript', name) },
          suggest: suggestion(fix[0], fix[1], name),
        });
      }
    }

    // A key assembled from constant parts (`PREFIX + body`, `${PREFIX}${body}` with const parts in
    // this file) is only visible once ESLint computes the string: report it at the whole expression.
    // Keys written whole inside one literal are the file-text pass's (the source holds them verbatim).
    function checkAssembled(node: TSESTree.BinaryExpression | TSESTree.TemplateLiteral): void {
      if (!fileMayHoldKey || reported.has(node) || (node.parent && isAssembled(node.parent))) return;
      const value = staticString(node, sourceCode.getScope(node));
      if (!value || !hasKeyword(value.text)) return;
      const source = sourceCode.text.slice(node.range[0], node.range[1]);
      if (lineAllows(sourceCode.lines[node.loc.start.line - 1] ?? '')) return;
      for (const finding of detect({ text: value.text, path }, { ...detectOptions, inlineAllow: false })) {
        if (source.includes(finding.secret)) continue;
        const exact = finding.secret === value.text && !finding.encoding;
        const fix: [TSESTree.Range, string] = [node.range, envExpression(envName(finding.ruleId), { typescript, replaces: node })];
        reportFinding(finding, node, node.loc, exact ? fix : undefined);
        return;
      }
    }

    /** A key inside this expression was reported already (a literal key `as const`, a template's quasi). */
    function hasReportedChild(node: TSESTree.Node): boolean {
      for (const r of reported) if (node.range[0] <= r.range[0] && r.range[1] <= node.range[1]) return true;
      return false;
    }

    return {
      Program: checkFileText,
      Literal(node) {
        if (typeof node.value === 'string' && node.raw.includes('\\')) {
          checkCooked(node as TSESTree.StringLiteral, node.value, node.raw.slice(1, -1));
        }
      },
      TemplateElement(node) {
        const cooked = node.value.cooked;
        if (typeof cooked === 'string' && node.value.raw.includes('\\')) checkCooked(node, cooked, node.value.raw);
      },
      // On exit, so a value assembled from parts is first reported as the key it is (checkAssembled).
      'NewExpression:exit': checkClientOptions,
      BinaryExpression(node) {
        if (isAssembled(node)) checkAssembled(node);
      },
      TemplateLiteral(node) {
        if (isAssembled(node)) checkAssembled(node);
      },
    };
  },
});
