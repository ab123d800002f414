// How every report words what a key is beyond its rule: its environment and its encoding. The text,
// GitHub, hook and push reports and the ESLint message all ask this, so they cannot drift apart.
import type { Finding, KeyEnv } from '../core/types.js';

export interface TraitStyle {
  /** `production key` (default) or the bare `production`. */
  envNoun?: boolean;
  /** Colours one word; `env` is the environment it names, undefined for the encoding. */
  paint?: (text: string, env: KeyEnv | undefined) => string;
}

/** `production key` / `sandbox key`, then `base64-encoded`: the words for a finding's env and encoding. */
export function keyTraits(finding: Pick<Finding, 'env' | 'encoding'>, style: TraitStyle = {}): string[] {
  const paint = style.paint ?? ((text: string) => text);
  const words: string[] = [];
  if (finding.env) words.push(paint(style.envNoun === false ? finding.env : `${finding.env} key`, finding.env));
  if (finding.encoding) words.push(paint(`${finding.encoding}-encoded`, undefined));
  return words;
}
