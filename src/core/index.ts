// The detector core's public surface. Pure: no file system, git, glob, ESLint or process.
export * from './types.js';
export { detect, hasKeyword, type DetectOptions } from './detect.js';
export { GATE, type GateKeywords } from './gate.js';
export { maskSecret } from './redact.js';
export { redactSecrets } from './redact-text.js';
export { sha256Hex, fingerprintOf } from './fingerprint.js';
export { isPlaceholder, looksLikeSecretValue } from './placeholders.js';
export { shannonEntropy, normalizedEntropy } from './entropy.js';
export { RULES, SHAPE_RULES, CONTEXT_RULE, RULE_DOCS, LAST_CHARS_32_BYTES, type Rule, type ShapeRule, type ContextRule } from './patterns.js';
export { ALLOW_MARKER, lineAllows } from './allow-comments.js';
export { LineIndex, compareFindings } from './location.js';
export { makeKey, makeOpsKey, base64url, type KeyPrefix } from './keygen.js';
export { expandSample, expandSampleWithValues, type RandomBytes } from './samples.js';
export {
  CLIENT_EXPOSED_PREFIXES,
  isPinecallSecretName,
  clientExposedSecretName,
  isClientExposedSecretName,
  mayNameClientExposedSecret,
} from './client-exposed.js';
export { isTestPlace, isBuildConfigPlace, clientExposureAt, TEST_PLACES, BUILD_CONFIG_PLACES } from './places.js';
export { createOutputMasker, maskKeyShaped, stripKeyFragments, KEY_SHAPED_MIN_BODY, type OutputMasker } from './mask-output.js';
export { CLIENT_PLACES, isClientPlace, isClientServed, type ClientPlace } from './client-places.js';
