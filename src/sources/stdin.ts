// The stdin source: one fragment named by --stdin-filename.
import type { DetectFn, SourceOutcome } from './source.js';

export const DEFAULT_STDIN_FILENAME = '<stdin>';

export async function scanStdin(
  read: () => Promise<string>,
  filename: string,
  detect: DetectFn,
): Promise<SourceOutcome> {
  let text = await read();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const findings = detect({ text, path: filename || DEFAULT_STDIN_FILENAME });
  return { findings, skipped: [], stats: { files: 1, bytes: Buffer.byteLength(text, 'utf8'), commits: 0 } };
}
