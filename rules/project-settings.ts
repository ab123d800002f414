// Per-file settings from the project config (.pinecall-scan.json / package.json#pinecallScan), so the
// ESLint rule and the CLI honour the same allow-list, rule switches and ignored paths.
import type { DetectOptions } from '../src/core/index.js';

export interface FileSettings {
  /** The file matches the config's ignorePaths. */
  ignored: boolean;
  detectOptions: DetectOptions;
}

export const NO_PROJECT_SETTINGS: FileSettings = { ignored: false, detectOptions: {} };

export function settingsForFile(_filename: string): FileSettings {
  return NO_PROJECT_SETTINGS;
}
