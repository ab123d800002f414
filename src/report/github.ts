// GitHub Actions workflow commands: one `::error` annotation per finding, shown on the pull request's
// diff and in the run summary.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import { RULE_DOCS } from '../core/patterns.js';
import { escapeInvisible } from '../core/escape.js';
import { placeOf } from './place.js';
import { keyTraits } from './key-traits.js';
import { remedyIn } from './remedies.js';
import { suppressedPhrase } from './suppressed.js';
import { pruneHint } from './text.js';
import type { Finding, Reporter, ScanResult } from '../core/types.js';
import { shownKey } from '../core/redact.js';

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
  // A history finding whose key the working tree no longer holds: a file annotation would point at
  // a line that is gone (or a file that is); the annotation names the commit and the old place instead.
  const gone = f.commit !== undefined && result.historyOnly?.[f.fingerprint] === true;
  // Inside an archive or a binary there are no lines of the file to point at: the annotation is on
  // the file (the archive) and the message names the place.
  const lines = f.archive === undefined && f.byteOffset === undefined;
  const properties = [
    ...(gone ? [] : [`file=${escapeProperty(f.archive ?? f.file)}`]),
    ...(!gone && lines ? [`line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`] : []),
    `title=${escapeProperty(`${doc.title} (${f.ruleId})${f.commit ? ` in commit ${f.commit.slice(0, 12)}` : ''}`)}`,
  ];
  const shown = shownKey(f, showSecrets);
  const what = [...keyTraits(f), f.exposure === 'client' && 'browser-exposed', `${f.confidence} confidence`].filter(Boolean).join(', ');
  const who = [f.author, f.date].filter(Boolean).join(', ');
  const commit = f.commit ? ` in commit ${f.commit.slice(0, 12)}${who ? ` (${who})` : ''}` : '';
  const place = lines ? '' : ` at ${placeOf(f)}`;
  const where = gone ? ` at ${placeOf(f, false)}${commit}, no longer in the working tree` : `${place}${commit}`;
  const detail = f.verificationDetail ? `: ${f.verificationDetail}` : '';
  const verified = f.verification ? ` Verification: ${f.verification}${detail}.` : '';
  const message = `${shown} (${what})${where}.${verified} ${remedyIn(result, f)}`;
  return `::error ${properties.join(',')}::${escapeData(message)}`;
}

export const githubReporter: Reporter = (result, options) => {
  const lines = result.findings.map((f) => annotation(f, result, options.showSecrets));
  const stale = result.staleBaseline?.length ?? 0;
  if (stale > 0) {
    lines.push(
      `::notice title=${escapeProperty('pinecall-scan baseline')}::${escapeData(
        `${stale} baseline ${stale === 1 ? 'entry matches' : 'entries match'} nothing any more; ${pruneHint(result)}.`,
      )}`,
    );
  }
  const hidden = suppressedPhrase(result.suppressed);
  if (hidden !== '') {
    const fresh = result.findings.length === 0 ? 'No new Pinecall keys' : `${result.findings.length} new Pinecall ${result.findings.length === 1 ? 'key' : 'keys'}`;
    lines.push(`::notice title=${escapeProperty('pinecall-scan suppressed')}::${escapeData(`${fresh}; ${hidden} (not annotated).`)}`);
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
};
