// What the keyword gate (detect.ts `hasKeyword`) looks for, derived from the rules, so that a
// pre-check on raw bytes (the files source gates files before decoding them) tests the same thing.
// test/core/gate.test.ts holds the two to the same answer.
import { PINECALL_FILES } from './detect.js';
import { KIND_SECRET, MANIFEST_MARKERS } from './k8s-secret.js';
import { CONTEXT_RULE, SHAPE_RULES } from './patterns.js';

export interface GateKeywords {
  /** Case-sensitive: each key prefix up to its first `_` (`pc_`, `pk_`). */
  stems: readonly string[];
  /** Matched ignoring ASCII case: what every context binder needs nearby (`pinecall`). */
  words: readonly string[];
  /** Case-sensitive, all of them: a Kubernetes Secret manifest (values hidden in base64). */
  together: readonly string[];
  /** Sharper, for text that passed: a finding needs one of these whole prefixes (case-sensitive)… */
  prefixes: readonly string[];
  /** …or a word, or a `kind: Secret` line (multiline; tested on each line holding `together[0]`)… */
  kindLine: RegExp;
  /** …unless the path is a Pinecall credentials file, where any passing text is read whole. */
  pinecallFiles: RegExp;
}

export const GATE: GateKeywords = {
  stems: [...new Set(SHAPE_RULES.flatMap((r) => r.prefixes).map((p) => p.slice(0, p.indexOf('_') + 1)))],
  words: CONTEXT_RULE.keywords,
  together: MANIFEST_MARKERS,
  prefixes: [...new Set(SHAPE_RULES.flatMap((r) => r.prefixes))],
  kindLine: KIND_SECRET,
  pinecallFiles: PINECALL_FILES,
};
