// Text that came back from a server (or an error) is untrusted: it must not carry a key into output.
import { looksLikeSecretValue, maskKeyShaped, maskSecret, redactSecrets, stripKeyFragments } from '../core/index.js';
import { escapeInvisible } from '../core/escape.js';

const MAX_LENGTH = 160;
// Read no more than this of a server's text: the work below stays bounded whatever the body size.
const MAX_INPUT = 4096;
// Long opaque tokens are masked even when no rule names them: a gateway may echo a key in a shape we don't know.
const LONG_TOKEN = /[A-Za-z0-9_\-+/=.]{32,}/g;

/**
 * One printable line, at most `maxLength` (160) characters: every piece of 8+ characters of the verified key is
 * cut out (a server echoing part of it), and anything key-shaped, anything the detector finds and any
 * long secret-looking token is masked. Invisible and bidirectional controls are shown escaped.
 */
export function safeText(text: string, key?: string, maxLength = MAX_LENGTH): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  let out = text.slice(0, MAX_INPUT).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (key) out = stripKeyFragments(out.split(key).join(maskSecret(key)), key);
  out = maskKeyShaped(redactSecrets(out));
  out = out.replace(LONG_TOKEN, (token) => (looksLikeSecretValue(token) ? maskSecret(token) : token));
  out = escapeInvisible(out);
  return out.length > maxLength ? `${out.slice(0, maxLength - 1)}…` : out;
}
