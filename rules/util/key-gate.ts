// The keyword gate of no-hardcoded-key, before any listener is set up: a file it fails gets none, so
// ESLint walks it for the other rules only (most files of a project never mention Pinecall). The
// keywords are the core's (`hasKeyword`), so the rule cannot skip what the detector would find.
//
// The rule also reads strings and names as their escapes make them (`'\u0070c_live_…'`, `'p\x63_…'`,
// `'pc\_…'`, a line continuation inside a string, `new \u0050inecall(…)`), where the text as written
// holds no keyword: the gate also tests the text with every escape sequence decoded. Decoding escapes
// wherever they stand, also where none is one (a comment, a regular expression), only adds text that
// passes the gate, never hides any.
import { hasKeyword } from '../../src/core/index.js';

const ESCAPE = /\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-3][0-7]{0,2}|[4-7][0-7]?)|(\r\n|[^]))/g;
const SINGLE: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const LINE_TERMINATOR = /^(?:\r\n|[\n\r\u2028\u2029])$/;

/** The text with every JavaScript escape sequence replaced by what it stands for. */
export function decodeEscapes(text: string): string {
  return text.replace(ESCAPE, (sequence: string, braced?: string, u4?: string, x2?: string, octal?: string, other?: string) => {
    if (braced !== undefined) {
      const code = parseInt(braced, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : sequence;
    }
    const hex = u4 ?? x2;
    if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
    if (octal !== undefined) return String.fromCharCode(parseInt(octal, 8));
    if (LINE_TERMINATOR.test(other!)) return '';
    return SINGLE[other!] ?? other!;
  });
}

/** Can no-hardcoded-key report anything in a file with this text? */
export function mayHoldKey(text: string): boolean {
  return hasKeyword(text) || (text.includes('\\') && hasKeyword(decodeEscapes(text)));
}
