// Text that came back from a server (or an error) is untrusted: it must not carry a key into output.
import { looksLikeSecretValue, maskSecret, redactSecrets } from '../core/index.js';

const MAX_LENGTH = 160;
// Long opaque tokens are masked even when no rule names them: a gateway may echo a key in a shape we don't know.
const LONG_TOKEN = /[A-Za-z0-9_\-+/=.]{32,}/g;

/**
 * One printable line, at most 160 characters, with the verified key, anything the detector finds and
 * any long secret-looking token masked.
 */
export function safeText(text: string, key?: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  let out = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (key) out = out.split(key).join(maskSecret(key));
  out = redactSecrets(out);
  out = out.replace(LONG_TOKEN, (token) => (looksLikeSecretValue(token) ? maskSecret(token) : token));
  return out.length > MAX_LENGTH ? `${out.slice(0, MAX_LENGTH - 1)}…` : out;
}
