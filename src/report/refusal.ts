// The pre-commit hook's refusal: what was found where, then what to do about it. Used for
// `--staged` in text format when run from a git hook (by hand, `--staged` gives the usual text report:
// nothing is being committed). Pure (result) => string, like every reporter; empty when the commit may go.
import { palette } from './colors.js';
import type { Finding, Reporter } from '../core/types.js';
import { shownKey } from '../core/redact.js';
import { shellWord } from '../paths.js';
import { extraAdvice, isGeneralStagedRemedy, readFromEnvironmentSteps } from './remedies.js';
import { keyTraits } from './key-traits.js';
import { printable } from './text.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function kind(finding: Finding): string {
  const parts = keyTraits(finding);
  if (finding.exposure === 'client') parts.push('browser-exposed');
  if (finding.placeHint === 'production-key-in-test-place') parts.push('in a test place');
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

export const refusalReporter: Reporter = (result, options) => {
  const { findings } = result;
  if (findings.length === 0) return '';
  const c = palette(options.color);

  const places = findings.map((f) => `${printable(f.file)}:${f.line}`);
  const placeWidth = Math.max(...places.map((p) => p.length));
  const ruleWidth = Math.max(...findings.map((f) => f.ruleId.length));

  const out: string[] = [];
  out.push(c.bold(c.red(`pinecall-scan: commit blocked: the staged changes add ${plural(findings.length, 'Pinecall key')}.`)));
  out.push('');
  // Files whose finding has advice of its own (a staged .env file) are left out of the general steps.
  const ownAdvice = new Set<string>();
  findings.forEach((finding, i) => {
    const shown = shownKey(finding, options.showSecrets);
    const columns = [c.bold(places[i]!.padEnd(placeWidth)), finding.ruleId.padEnd(ruleWidth), c.yellow(shown), kind(finding)];
    out.push(`  ${columns.join('  ').trimEnd()}`);
    const remedy = result.remedies?.[finding.fingerprint];
    if (remedy && !isGeneralStagedRemedy(finding, remedy)) {
      out.push(`      ${c.dim(remedy)}`);
      ownAdvice.add(finding.file);
    }
    for (const advice of extraAdvice(finding)) out.push(`      ${c.yellow(advice)}`);
  });

  const files = [...new Set(findings.map((f) => f.file))].filter((file) => !ownAdvice.has(file));
  out.push('');
  out.push(c.bold('What to do:'));
  if (files.length === 1) out.push(`  - Remove the key from ${printable(files[0]!)} and stage that change (git add ${printable(shellWord(files[0]!))}).`);
  if (files.length > 1) {
    const named = files.length <= 3 ? files.map(printable).join(', ') : 'those files';
    out.push(`  - Remove the keys from ${named} and stage those changes (git add).`);
  }
  for (const step of readFromEnvironmentSteps(findings.filter((f) => !ownAdvice.has(f.file)))) out.push(...step.split('\n').map((line, i) => `${i === 0 ? '  - ' : '    '}${line}`));
  out.push('  - If the key was ever shared (pushed, pasted, sent, committed in another branch), rotate it in');
  out.push('    the Pinecall dashboard: deleting it from this commit does not make it secret again.');
  out.push('');
  // A production key is a real key whatever the file says: allow-listing it would let it into history.
  const production = findings.filter((f) => f.env === 'production');
  const others = findings.filter((f) => f.env !== 'production');
  out.push(c.bold('Not a key (a false positive)?'));
  out.push('  - add a comment containing pinecall-scan:allow on that line' + (others.length > 0 ? ', or' : '.'));
  if (others.length > 0) {
    const hashes = [...new Set(others.map((f) => `"sha256:${f.secretHash}"`))];
    out.push(`  - allow the value in .pinecall-scan.json: "allow": [${hashes.join(', ')}]`);
  }
  if (production.length > 0) {
    const n = new Set(production.map((f) => f.secretHash)).size;
    out.push(`  - ${n === 1 ? 'The production key is' : `The ${n} production keys are`} real, not a false positive: do not allow-list`);
    out.push(`    ${n === 1 ? 'it' : 'them'}; rotate ${n === 1 ? 'it' : 'them'} in the Pinecall dashboard and read the new one from the environment.`);
  }
  return out.join('\n') + '\n';
};

