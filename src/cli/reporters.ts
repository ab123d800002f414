// Which reporter presents a result, by --format (and the pre-commit hook's own voice).
import type { Reporter } from '../core/types.js';
import type { CliOptions, OutputFormat } from './options.js';

export async function pickReporter(options: Pick<CliOptions, 'format' | 'staged' | 'output'>): Promise<Reporter> {
  // The pre-commit hook's voice: a refusal that says what to do, and silence when the commit may go.
  if (options.staged && options.format === 'text' && options.output === undefined) {
    return (await import('../report/refusal.js')).refusalReporter;
  }
  return byFormat(options.format);
}

async function byFormat(format: OutputFormat): Promise<Reporter> {
  switch (format) {
    case 'text':
      return (await import('../report/text.js')).textReporter;
    case 'json':
      return (await import('../report/json.js')).jsonReporter;
    case 'sarif':
      return (await import('../report/sarif.js')).sarifReporter;
    case 'github':
      return (await import('../report/github.js')).githubReporter;
  }
}
