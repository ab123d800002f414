// Validation of a project config against schema/pinecall-scan.schema.json (compiled ahead of time by
// scripts/gen-config-validator.mjs), plus the checks a JSON schema cannot express: globs and regexes.
import type { ErrorObject } from 'ajv';
import { ConfigError } from '../errors.js';
import type { RuleId } from '../core/types.js';
import { compileAllowPattern, isLiteralGlob, picomatch } from './allow.js';
import { validate } from './validate-schema.generated.js';

export type RuleSetting = 'on' | 'off';

/** The config as written in `.pinecall-scan.json` or `package.json#pinecallScan`. */
export interface ProjectConfig {
  $schema?: string;
  ignorePaths?: string[];
  allow?: string[];
  rules?: Partial<Record<RuleId, RuleSetting>>;
  maxFileSize?: number;
}

export const SHA256_PREFIX = 'sha256:';

/**
 * Checks `raw` and returns it typed, or throws ConfigError with one line naming the file and the
 * field. `pointer` is where the config sits inside the file (`/pinecallScan` for package.json).
 */
export function validateConfig(raw: unknown, label: string, pointer = ''): ProjectConfig {
  if (!validate(raw)) {
    const error = validate.errors?.[0];
    throw new ConfigError(`${label}: ${describeSchemaError(error, pointer)}`);
  }
  const config = raw as ProjectConfig;
  config.ignorePaths?.forEach((glob, i) => {
    const problem = globProblem(glob);
    if (problem) throw new ConfigError(`${label}: ${pointer}/ignorePaths/${i} ${problem}`);
  });
  config.allow?.forEach((entry, i) => {
    const problem = allowProblem(entry);
    if (problem) throw new ConfigError(`${label}: ${pointer}/allow/${i} ${problem}`);
  });
  return config;
}

function describeSchemaError(error: ErrorObject | undefined, pointer: string): string {
  if (!error) return 'is not a valid configuration';
  const at = pointer + error.instancePath;
  const subject = at === '' ? 'the configuration' : at;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String((error.params as { additionalProperty: string }).additionalProperty);
      const what = error.instancePath === '/rules' ? 'is not a known rule id' : 'is not a known field';
      return `${at}/${field} ${what}`;
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      return `${subject} must be ${allowed.map((v) => JSON.stringify(v)).join(' or ')}`;
    }
    case 'type':
      return `${subject} must be ${article(String((error.params as { type: string }).type))}`;
    default:
      return `${subject} ${error.message ?? 'is not valid'}`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

// A backslash may only escape a bracket, brace or parenthesis (file names with `*` or `?` are too
// rare to be worth the doubt); anywhere else it is a Windows separator, which would silently match
// nothing.
const STRAY_BACKSLASH = /\\(?![[\]{}()!+@,])/;

function globProblem(glob: string): string | undefined {
  if (glob.trim().replace(/^\.\//, '').replace(/^\/+|\/+$/g, '') === '') return 'is an empty glob';
  if (STRAY_BACKSLASH.test(glob)) return 'is not a valid glob: separate directories with / on every OS';
  if (isLiteralGlob(glob)) return undefined;
  try {
    picomatch(glob, { dot: true, strictBrackets: true });
  } catch (err) {
    return `is not a valid glob: ${(err as Error).message.replace(/ - use .*$/, '')}`;
  }
  return undefined;
}

// Allow entries may themselves be keys, so no message quotes the entry.
function allowProblem(entry: string): string | undefined {
  if (entry === '') return 'is empty';
  if (entry.toLowerCase().startsWith(SHA256_PREFIX)) {
    return /^[0-9a-f]{64}$/i.test(entry.slice(SHA256_PREFIX.length))
      ? undefined
      : 'must be sha256: followed by 64 hex characters';
  }
  try {
    new RegExp(entry);
  } catch (err) {
    const reason = (err as Error).message.split(': ').pop() ?? 'invalid';
    return `is not a valid regular expression: ${reason}`;
  }
  try {
    compileAllowPattern(entry);
  } catch (err) {
    // The description only ("invalid or unsupported Perl syntax"): the full message quotes the pattern.
    const reason = (err as { getDescription?: () => string }).getDescription?.() ?? 'unsupported';
    return `is not supported: patterns run in linear time (RE2 syntax: no look-arounds or back-references) — ${reason}`;
  }
  return undefined;
}
