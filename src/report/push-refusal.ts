// The pre-receive hook's refusal: which commit adds which key where, then what to do. git shows it to
// the pusher line by line after "remote:". Pure (result) => string; empty when the push may go.
import type { Finding, Reporter } from '../core/types.js';
import { shownKey } from '../core/redact.js';
import { keyTraits } from './key-traits.js';
import { printable } from './text.js';

/** The push option that lets one known false positive through (`git push -o …=sha256:<hash>`). */
export const ALLOW_PUSH_OPTION = 'pinecall-scan.allow';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function kind(f: Finding): string {
  const parts = keyTraits(f);
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

export const pushRefusalReporter: Reporter = (result, options) => {
  const { findings } = result;
  if (findings.length === 0) return '';
  const byCommit = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.commit ?? '';
    const group = byCommit.get(key);
    if (group) group.push(f);
    else byCommit.set(key, [f]);
  }
  const out: string[] = [];
  out.push(
    `pinecall-scan: push rejected: ${plural(byCommit.size, 'commit')} ${byCommit.size === 1 ? 'adds' : 'add'} ${plural(findings.length, 'Pinecall key')}.`,
  );
  out.push('');
  for (const [commit, group] of byCommit) {
    const who = [group[0]!.author, group[0]!.date].filter(Boolean).join(', ');
    out.push(`  commit ${commit.slice(0, 12)}${who ? ` (${who})` : ''}`);
    for (const f of group) {
      const shown = shownKey(f, options.showSecrets);
      out.push(`    ${[`${printable(f.file)}:${f.line}`, f.ruleId, shown, kind(f)].join('  ').trimEnd()}`);
    }
  }
  out.push('');
  out.push('What to do:');
  out.push('  - Take the key out of those commits, not just out of the last one: the server keeps every');
  out.push('    commit you push. Rewrite them (git commit --amend for the last commit, git rebase -i for');
  out.push('    older ones), then push again.');
  out.push('  - Read the key from the environment instead: process.env.PINECALL_API_KEY.');
  out.push('  - If the key was ever shared (pushed elsewhere, pasted, sent), rotate it in the Pinecall');
  out.push('    dashboard: removing it from the commits does not make it secret again.');
  out.push('');
  out.push('Not a key (a false positive)?');
  out.push('  - add a comment containing pinecall-scan:allow on that line and amend the commit, or');
  const hashes = [...new Set(findings.map((f) => f.secretHash))];
  out.push('  - a reviewer who checked it can let it through with a push option:');
  out.push(`      git push ${hashes.map((h) => `-o ${ALLOW_PUSH_OPTION}=sha256:${h}`).join(' ')} …`);
  return out.join('\n') + '\n';
};
