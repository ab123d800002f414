// The pre-commit hook's refusal: what was found where, then what to do about it. Used for
// `--staged` in text format. Pure (result) => string, like every reporter; empty when the commit may go.
import pc from 'picocolors';
import type { Finding, Reporter } from '../core/types.js';
import { REMEDIES } from './remedies.js';
import { printable } from './text.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function kind(finding: Finding): string {
  const parts: string[] = [];
  if (finding.env) parts.push(`${finding.env} key`);
  if (finding.encoding) parts.push(`${finding.encoding}-encoded`);
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

/** A path as a word the user can paste into a POSIX shell. */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

export const refusalReporter: Reporter = (result, options) => {
  const { findings } = result;
  if (findings.length === 0) return '';
  const c = pc.createColors(options.color);

  const places = findings.map((f) => `${printable(f.file)}:${f.line}`);
  const placeWidth = Math.max(...places.map((p) => p.length));
  const ruleWidth = Math.max(...findings.map((f) => f.ruleId.length));

  const out: string[] = [];
  out.push(c.bold(c.red(`pinecall-scan: commit blocked: the staged changes add ${plural(findings.length, 'Pinecall key')}.`)));
  out.push('');
  // Files whose finding has advice of its own (a staged .env file) are left out of the general steps.
  const ownAdvice = new Set<string>();
  findings.forEach((finding, i) => {
    const shown = options.showSecrets ? finding.secret : finding.match;
    const columns = [c.bold(places[i]!.padEnd(placeWidth)), finding.ruleId.padEnd(ruleWidth), c.yellow(shown), kind(finding)];
    out.push(`  ${columns.join('  ').trimEnd()}`);
    const remedy = result.remedies?.[finding.fingerprint];
    if (remedy && remedy !== REMEDIES.staged) {
      out.push(`      ${c.dim(remedy)}`);
      ownAdvice.add(finding.file);
    }
  });

  const files = [...new Set(findings.map((f) => f.file))].filter((file) => !ownAdvice.has(file));
  out.push('');
  out.push(c.bold('What to do:'));
  if (files.length === 1) out.push(`  - Remove the key from ${printable(files[0]!)} and stage that change (git add ${printable(shellWord(files[0]!))}).`);
  if (files.length > 1) {
    const named = files.length <= 3 ? files.map(printable).join(', ') : 'those files';
    out.push(`  - Remove the keys from ${named} and stage those changes (git add).`);
  }
  out.push('  - Read it from the environment instead: process.env.PINECALL_API_KEY in code, with the value in');
  out.push('    a .env file that is listed in .gitignore (never committed).');
  out.push('  - If the key was ever shared (pushed, pasted, sent, committed in another branch), rotate it in');
  out.push('    the Pinecall dashboard: deleting it from this commit does not make it secret again.');
  out.push('');
  out.push(c.bold('Not a key (a false positive)?'));
  out.push('  - add a comment containing pinecall-scan:allow on that line, or');
  const hashes = [...new Set(findings.map((f) => `"sha256:${f.secretHash}"`))];
  out.push(`  - allow the value in .pinecall-scan.json: "allow": [${hashes.join(', ')}]`);
  return out.join('\n') + '\n';
};
