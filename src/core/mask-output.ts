// Masking by construction: the text of every output (reports, errors, progress, baseline, ESLint
// messages) goes through one masker before it leaves, so no key is printed whatever carried it there
// (a file name, an author, an argument, a server's answer). It does not re-run the detector, which
// needs token boundaries; it removes
//   1. every secret the scan has found, as an exact substring, wherever it stands, and
//   2. anything key-shaped: a Pinecall prefix followed by enough key characters, wherever it starts
//      (inside a longer name too): `keys_pc_live_…_bak.env` is masked as well as `pc_live_…`.
import { KEY_PREFIXES, LEGACY_PREFIX } from './patterns.js';
import { maskSecret } from './redact.js';

/**
 * How many key characters after a prefix make a run key-shaped. Real keys carry 43–48. `pc_live_`,
 * `pc_test_` and `pc_ops_` do not occur in ordinary text, so 8 is enough; `pk_` does (`pk_id`,
 * `orders_pk_customer_idx`), so it needs 12 characters with an upper-case letter or a digit among
 * them — snake_case words stay readable, a key (or any 12+ characters of one) does not.
 */
export const KEY_SHAPED_MIN_BODY = { pc: 8, pk: 12 } as const;

// The run is every key character after the prefix (a key joined to `_bak` is masked with it).
const KEY_SHAPED = new RegExp(`(${KEY_PREFIXES.join('|')})([A-Za-z0-9_-]+)`, 'g');

/** Masks every key-shaped run in `text` (see KEY_SHAPED_MIN_BODY); the same string when there is none. */
export function maskKeyShaped(text: string): string {
  if (!text.includes('_')) return text;
  let out = '';
  let copied = 0;
  KEY_SHAPED.lastIndex = 0;
  for (let m = KEY_SHAPED.exec(text); m; m = KEY_SHAPED.exec(text)) {
    const [run, prefix, body] = m as unknown as [string, string, string];
    const keyShaped =
      prefix === LEGACY_PREFIX ? body.length >= KEY_SHAPED_MIN_BODY.pk && /[A-Z0-9]/.test(body) : body.length >= KEY_SHAPED_MIN_BODY.pc;
    if (!keyShaped) continue;
    out += text.slice(copied, m.index) + maskSecret(run);
    copied = m.index + run.length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Removes every substring of `key` of `min` or more characters from `text` (a server that echoes part
 * of the key it was sent). Linear: each window of `min` characters is one set lookup.
 */
export function stripKeyFragments(text: string, key: string, min = 8): string {
  if (key.length < min || text.length < min) return text;
  const windows = new Set<string>();
  for (let i = 0; i + min <= key.length; i++) windows.add(key.slice(i, i + min));
  const cut = new Uint8Array(text.length);
  let any = false;
  for (let i = 0; i + min <= text.length; i++) {
    if (windows.has(text.slice(i, i + min))) {
      cut.fill(1, i, i + min);
      any = true;
    }
  }
  if (!any) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (cut[i] === 0) out += text[i];
    else if (i === 0 || cut[i - 1] === 0) out += '…';
  }
  return out;
}

export type OutputMasker = (text: string) => string;

// Rolling hash over a fixed window: finds any of many secrets in one pass over the text. A bit table
// of the secrets' window hashes answers "no" for almost every position without a Map lookup.
const WINDOW = 12;
const BASE = 31;
const FILTER_MASK = (1 << 22) - 1;

function windowHash(text: string, from: number): number {
  let h = 0;
  for (let i = from; i < from + WINDOW; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

/**
 * The one output sink: a function that masks, in any text, every secret in `secrets` (exact
 * substrings) and anything key-shaped. Time linear in the text, whatever the number of secrets.
 */
export function createOutputMasker(secrets: Iterable<string>): OutputMasker {
  const byHash = new Map<number, string[]>();
  const filter = new Uint8Array((FILTER_MASK + 1) >>> 3);
  for (const secret of secrets) {
    // The detector finds nothing shorter than 16 characters.
    if (secret.length < WINDOW) continue;
    const h = windowHash(secret, 0);
    const slot = (h & FILTER_MASK) >>> 3;
    filter[slot] = filter[slot]! | (1 << (h & 7));
    const list = byHash.get(h);
    if (!list) byHash.set(h, [secret]);
    else if (!list.includes(secret)) list.push(secret);
  }
  // BASE^(WINDOW-1), to drop the character leaving the window.
  let high = 1;
  for (let i = 1; i < WINDOW; i++) high = Math.imul(high, BASE);

  const maskFound = (text: string): string => {
    if (byHash.size === 0 || text.length < WINDOW) return text;
    let out = '';
    let copied = 0;
    const last = text.length - WINDOW;
    let h = windowHash(text, 0);
    for (let i = 0; ; i++) {
      if ((filter[(h & FILTER_MASK) >>> 3]! & (1 << (h & 7))) !== 0 && i >= copied) {
        let matched: string | undefined;
        for (const s of byHash.get(h) ?? []) if (text.startsWith(s, i) && (!matched || s.length > matched.length)) matched = s;
        if (matched) {
          out += text.slice(copied, i) + maskSecret(matched);
          copied = i + matched.length;
        }
      }
      if (i >= last) break;
      h = (Math.imul(h - Math.imul(text.charCodeAt(i), high), BASE) + text.charCodeAt(i + WINDOW)) | 0;
    }
    return copied === 0 ? text : out + text.slice(copied);
  };

  return (text) => maskKeyShaped(maskFound(text));
}
