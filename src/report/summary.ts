// The Markdown job summary of the GitHub Action: one table row per finding (file, line, rule,
// environment, live status), masked; a Markdown cell can never break the table or carry markup.
import type { Reporter } from '../core/types.js';
import { shownKey } from '../core/redact.js';
import { printable } from './text.js';

/** Escapes text for a Markdown table cell: no `|`, no markup, no HTML. */
export function markdownCell(text: string): string {
  return printable(text).replace(/[\\`*_[\]<>|#&!~]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const LIVE = { active: '🔴 active', inactive: 'inactive', unknown: 'unknown' } as const;

export const summaryReporter: Reporter = (result, options) => {
  const n = result.findings.length;
  const lines = [`### pinecall-scan: ${n === 0 ? 'no Pinecall keys found' : `${n} Pinecall ${n === 1 ? 'key' : 'keys'} found`}`, ''];
  if (n > 0) {
    lines.push('| file | line | rule | key | env | live status | commit |', '|---|---:|---|---|---|---|---|');
    for (const f of result.findings) {
      const key = shownKey(f, options.showSecrets);
      lines.push(
        `| ${markdownCell(f.file)} | ${f.line} | ${f.ruleId} | ${markdownCell(key)} | ${f.env ?? '—'} | ` +
          `${f.verification ? LIVE[f.verification] : 'not checked'} | ${f.commit ? f.commit.slice(0, 12) : '—'} |`,
      );
    }
    lines.push('');
  }
  const { commits, files } = result.stats;
  const what = result.mode === 'history' ? `${commits} ${commits === 1 ? 'commit' : 'commits'}` : `${files} ${files === 1 ? 'file' : 'files'}`;
  lines.push(`Scanned ${what}${result.shallow ? ' (shallow clone: only the commits present)' : ''}.`);
  return lines.join('\n') + '\n';
};
