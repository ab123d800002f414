// GitHub Actions workflow commands: one `::error` annotation per finding, shown on the pull request's
// diff and in the run summary.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import { RULE_DOCS } from '../core/patterns.js';
import { escapeInvisible } from '../core/escape.js';
import { remedyIn } from './remedies.js';
import type { Finding, Reporter, ScanResult } from '../core/types.js';

/**
 * Escaping of a command's message (GitHub's `escapeData`), after showing bidirectional and other
 * invisible characters escaped (the log and the annotation would render them).
 */
export function escapeData(text: string): string {
  return escapeInvisible(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Escaping of a property value (GitHub's `escapeProperty`): the message's, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(f: Finding, result: ScanResult, showSecrets: boolean): string {
  const doc = RULE_DOCS[f.ruleId];
  const properties = [
    `file=${escapeProperty(f.file)}`,
    `line=${f.line}`,
    `col=${f.column}`,
    `endLine=${f.endLine}`,
    `endColumn=${f.endColumn}`,
    `title=${escapeProperty(`${doc.title} (${f.ruleId})`)}`,
  ];
  const shown = showSecrets ? f.secret : f.match;
  const what = [f.env && `${f.env} key`, f.encoding && `${f.encoding}-encoded`, `${f.confidence} confidence`]
    .filter(Boolean)
    .join(', ');
  const where = f.commit ? ` in commit ${f.commit.slice(0, 12)}` : '';
  const verified = f.verification ? ` Verification: ${f.verification}.` : '';
  const message = `${shown} (${what})${where}.${verified} ${remedyIn(result, f)}`;
  return `::error ${properties.join(',')}::${escapeData(message)}`;
}

export const githubReporter: Reporter = (result, options) => {
  const lines = result.findings.map((f) => annotation(f, result, options.showSecrets));
  const stale = result.staleBaseline?.length ?? 0;
  if (stale > 0) {
    lines.push(
      `::notice title=${escapeProperty('pinecall-scan baseline')}::${escapeData(
        `${stale} baseline ${stale === 1 ? 'entry matches' : 'entries match'} nothing any more; regenerate the baseline with --write-baseline.`,
      )}`,
    );
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
};
