// Which environment variable the "read it from the environment" advice and suggestion name: the one
// the project already reads, so message, suggestion and the user's .env agree. Looked for in the
// linted file (`process.env.X`, `import.meta.env.X`), then in the `.env*` files (templates included:
// they name variables without values) from the file's directory up to the project root; else the
// SDK's documented name.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { isClientExposedSecretName, isPinecallSecretName, type RuleId } from '../../src/core/index.js';
import { envVarFor } from '../../src/report/remedies.js';

const IN_CODE = /\b(?:process\.env|import\.meta\.env)(?:\??\.\s*([A-Za-z_][A-Za-z0-9_]*)|\s*\[\s*["'`]([A-Za-z_][A-Za-z0-9_]*)["'`]\s*\])/g;
const IN_DOTENV = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/gm;
const ENV_FILE = /^\.env(\..+)?$/;

/** A server-side Pinecall secret name (not one a bundler would ship to browsers). */
function usable(name: string): boolean {
  return isPinecallSecretName(name) && !isClientExposedSecretName(name);
}

/** Operator keys go with a name that says OPS; other keys with one that does not. */
function fits(name: string, ruleId: RuleId): boolean {
  const ops = /(^|_)OPS(_|$)/i.test(name);
  return ruleId === 'pinecall-ops-key' ? ops : !ops;
}

function namesInCode(text: string): string[] {
  if (!/pinecall/i.test(text)) return [];
  const names: string[] = [];
  for (const m of text.matchAll(IN_CODE)) {
    const name = m[1] ?? m[2];
    if (name !== undefined && usable(name)) names.push(name);
  }
  return names;
}

// Per directory: the names its .env* files hold. Lint runs are short-lived; an edited .env is seen on
// the next run (editors restart the ESLint server on config changes, not .env ones: acceptable for a name).
const dirNames = new Map<string, string[]>();

function namesInDir(dir: string): string[] {
  let names = dirNames.get(dir);
  if (names) return names;
  names = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir).filter((n) => ENV_FILE.test(n)).sort();
  } catch {
    entries = [];
  }
  for (const entry of entries) {
    let text: string;
    try {
      text = readFileSync(join(dir, entry), 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(IN_DOTENV)) if (usable(m[1]!)) names.push(m[1]!);
  }
  dirNames.set(dir, names);
  return names;
}

/** Directories from the file's up to the nearest one with package.json or .git (inclusive). */
function projectDirs(filename: string): string[] {
  if (!isAbsolute(filename)) return [];
  const dirs: string[] = [];
  for (let dir = dirname(filename); ; dir = dirname(dir)) {
    dirs.push(dir);
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, '.git')) || dirname(dir) === dir) break;
  }
  return dirs;
}

export function envNameFor(ruleId: RuleId, sourceText: string, filename: string): string {
  const fromCode = namesInCode(sourceText).find((n) => fits(n, ruleId));
  if (fromCode) return fromCode;
  for (const dir of projectDirs(filename)) {
    const found = namesInDir(dir).find((n) => fits(n, ruleId));
    if (found) return found;
  }
  return envVarFor(ruleId);
}
