// JSON parsing for user files (config, baseline). V8's messages can quote the source text, and the
// text may hold a key, so errors say only what is wrong and where.
import { createRequire } from 'node:module';
import { ConfigError } from '../errors.js';

export function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new ConfigError(`${label}: not valid JSON${jsonErrorPlace(text)}`);
  }
}

// jsonc-parser is loaded only to explain a parse error, so a good file costs nothing extra.
function jsonErrorPlace(text: string): string {
  const jsonc = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
  const errors: import('jsonc-parser').ParseError[] = [];
  try {
    jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // jsonc-parser recurses per nesting level: a file nested thousands deep overflows the stack.
    return ': nested too deeply';
  }
  const first = errors[0];
  if (!first) return '';
  const before = text.slice(0, first.offset).split('\n');
  const code = jsonc.printParseErrorCode(first.error);
  const what =
    code === 'InvalidCommentToken'
      ? 'comments are not allowed'
      : code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `: ${what} (line ${before.length}, column ${before[before.length - 1]!.length + 1})`;
}

