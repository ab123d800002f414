// Human report: findings grouped by file, one `file:line:col` line each, the masked key, and what to do.
import { palette, type Palette } from './colors.js';
import type { Finding, Reporter, ScanResult } from '../core/types.js';
import { escapeInvisible } from '../core/escape.js';
import { shownKey } from '../core/redact.js';
import { placeOf } from './place.js';
import { keyTraits } from './key-traits.js';
import { remedyIn } from './remedies.js';
import { suppressedPhrase } from './suppressed.js';

/** File names, authors and server text, with control, bidirectional and invisible characters escaped. */
export const printable = escapeInvisible;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function scannedPart(result: ScanResult): string {
  const { files, bytes, commits, durationMs } = result.stats;
  const what =
    result.mode === 'history'
      ? plural(commits, 'commit')
      : `${plural(files, result.mode === 'stdin' ? 'input' : 'file')}, ${formatBytes(bytes)}`;
  const shallow = result.shallow ? ' (shallow clone: only the commits present)' : '';
  return `${what}${shallow} scanned in ${formatDuration(durationMs)}`;
}

/** The last line of a text report. */
export function summaryLine(result: ScanResult): string {
  const n = result.findings.length;
  const skipped = result.skipped.length > 0 ? `; ${plural(result.skipped.length, 'file')} skipped` : '';
  const hidden = suppressedPhrase(result.suppressed);
  if (n === 0 && hidden !== '') return `No new Pinecall keys (${hidden}) — ${scannedPart(result)}${skipped}.`;
  if (n === 0) return `No Pinecall keys found (${scannedPart(result)}${skipped}).`;
  const files = new Set(result.findings.map((f) => f.file)).size;
  const prod = result.findings.filter((f) => f.env === 'production').length;
  const sandbox = result.findings.filter((f) => f.env === 'sandbox').length;
  const envs = [prod > 0 ? `${prod} production` : '', sandbox > 0 ? `${sandbox} sandbox` : ''].filter(Boolean);
  return (
    `${plural(n, 'Pinecall key')} found in ${plural(files, 'file')}` +
    (envs.length > 0 ? ` (${envs.join(', ')})` : '') +
    (hidden !== '' ? `; ${hidden}` : '') +
    ` — ${scannedPart(result)}${skipped}.`
  );
}

/** With --verify: the keys verified live, one line each with where they are — what to rotate first. */
function rotateNow(result: ScanResult, showSecrets: boolean, c: Palette): string[] {
  const active = new Map<string, Finding[]>();
  for (const f of result.findings) {
    if (f.verification !== 'active') continue;
    const group = active.get(f.secretHash);
    if (group) group.push(f);
    else active.set(f.secretHash, [f]);
  }
  if (active.size === 0) return [];
  const lines = [c.red(c.bold(`Rotate now: ${plural(active.size, 'key is', 'keys are')} live (verified with Pinecall)`))];
  for (const [first, ...rest] of active.values()) {
    const places = [first!, ...rest].slice(0, 3).map((f) => printable(placeOf(f, false)));
    const more = rest.length > 2 ? ` (+${rest.length - 2} more)` : '';
    const detail = first!.verificationDetail ? `  ${printable(first!.verificationDetail)}` : '';
    lines.push(`  ${c.cyan(shownKey(first!, showSecrets))}${detail}  ${c.dim(`in ${places.join(', ')}${more}`)}`);
  }
  lines.push('');
  return lines;
}

export const textReporter: Reporter = (result, options) => {
  const c = palette(options.color);
  const lines: string[] = rotateNow(result, options.showSecrets, c);
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const group = byFile.get(f.file);
    if (group) group.push(f);
    else byFile.set(f.file, [f]);
  }
  for (const [file, findings] of byFile) {
    lines.push(c.bold(c.underline(printable(file))));
    for (const f of findings) {
      const key = shownKey(f, options.showSecrets);
      const confidence = f.confidence === 'high' ? c.red(f.confidence) : c.yellow(f.confidence);
      const parts = [
        c.dim(printable(placeOf(f))),
        `${f.description} (${f.ruleId})`,
        `${confidence} confidence`,
        c.cyan(key),
      ];
      parts.push(...keyTraits(f, { envNoun: false, paint: (word, env) => (env === 'production' ? c.red(word) : env ? c.yellow(word) : word) }));
      if (f.exposure === 'client') parts.push(c.red('browser-exposed'));
      if (f.placeHint === 'production-key-in-test-place') parts.push(c.yellow('in a test place'));
      lines.push(`  ${parts.join('  ')}`);
      if (f.original) lines.push(`    ${c.dim(`original source: ${printable(`${f.original.file}:${f.original.line}:${f.original.column}`)}`)}`);
      if (f.commit) {
        const who = printable([f.author, f.date].filter(Boolean).join(', '));
        lines.push(`    ${c.dim(`commit ${f.commit.slice(0, 12)}${who ? ` (${who})` : ''}`)}`);
      }
      if (f.verification) {
        const detail = f.verificationDetail ? `: ${printable(f.verificationDetail)}` : '';
        const label = f.verification === 'active' ? c.red('active') : f.verification;
        lines.push(`    verification: ${label}${detail}`);
      }
      lines.push(`    ${c.green('→')} ${remedyIn(result, f)}`);
    }
    lines.push('');
  }
  const stale = result.staleBaseline ?? [];
  if (stale.length > 0) {
    const verb = stale.length === 1 ? 'matches' : 'match';
    lines.push(c.yellow(`${plural(stale.length, 'baseline entry', 'baseline entries')} ${verb} nothing any more (${pruneHint(result)}):`));
    for (const e of stale) lines.push(`  ${printable(e.file)}  ${e.ruleId}  ${c.dim(`sha256:${e.secretHash.slice(0, 12)}…`)}`);
    lines.push('');
  }
  const summary = summaryLine(result);
  lines.push(result.findings.length > 0 ? c.red(c.bold(summary)) : c.green(summary));
  return lines.join('\n') + '\n';
};

/** How to drop stale entries without recording new keys (--write-baseline would record them). */
export function pruneHint(result: ScanResult): string {
  const file = result.baselineFile === undefined ? '<baseline file>' : printable(result.baselineFile);
  return `drop them with --prune-baseline ${file}, same scan options`;
}

/** The skipped-file list, for stderr in text mode (stdout stays the report). */
export function formatSkipped(result: ScanResult, options: { color: boolean }): string {
  if (result.skipped.length === 0) return '';
  const c = palette(options.color);
  const lines = result.skipped.map(
    (s) => `  ${printable(s.file)}  ${c.yellow(s.reason)}${s.detail ? c.dim(` (${printable(s.detail)})`) : ''}`,
  );
  return `${c.dim(`skipped ${plural(result.skipped.length, 'file')}:`)}\n${lines.join('\n')}\n`;
}
