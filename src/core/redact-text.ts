// Masks every key found in a free text (error messages, server answers, paths), so no message
// can carry a key in clear, whatever put it there.
import { detect } from './detect.js';

export function redactSecrets(text: string): string {
  const findings = detect({ text, path: '<message>' }, { inlineAllow: false });
  let out = text;
  for (const f of [...findings].sort((a, b) => b.start - a.start)) out = out.slice(0, f.start) + f.match + out.slice(f.end);
  return out;
}
