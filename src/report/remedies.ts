// The one home of the advice pinecall-scan gives: what to do about a key, fitted to the file's
// language and to where the key sits. Every reporter (text, JSON-free formats, the hook refusal,
// SARIF, GitHub annotations) and the ESLint rule ask this module, so they cannot disagree.
// Pure: the scan pipeline finds out the place (src/scan/places.ts, with git) and this module turns it
// into words.
import { CLIENT_EXPOSED_PREFIXES } from '../core/client-exposed.js';
import { isBuildConfigPlace } from '../core/places.js';
import { prefixFor } from '../core/patterns.js';
import type { Finding, RuleId, ScanResult } from '../core/types.js';

export type GitPlace =
  /** The file is committed (tracked by git). */
  | 'tracked'
  /** A `.env*` file that git neither tracks nor ignores: one `git add .` away from a commit. */
  | 'unignored-env'
  /** A `.env*` file that git ignores: where keys belong; keep it from spreading. */
  | 'ignored-env'
  /** Found in history; the key is no longer in the working tree at that path. */
  | 'history-only'
  /** In the staged changes of the next commit. */
  | 'staged'
  /** Anything else (outside a git repository, an ignored or untracked file, standard input). */
  | 'unknown';

/** The language advice is written in, from the file's name. */
export type Language = 'javascript' | 'python' | 'dockerfile' | 'github-actions' | 'shell' | 'env' | 'unknown';

/** The environment variable Pinecall's SDK reads for this kind of key (its documented names). */
export function envVarFor(ruleId: RuleId): string {
  return ruleId === 'pinecall-ops-key' ? 'PINECALL_OPS_KEY' : 'PINECALL_API_KEY';
}

const baseName = (file: string): string => file.slice(file.lastIndexOf('/') + 1);

/** `.env`, `.env.local`, `config/.env.production` — but not `.env.example`-style templates, which hold no values. */
export function isEnvFile(file: string): boolean {
  const name = baseName(file);
  return /^\.env(\..+)?$/.test(name) && !/\.(example|sample|template|dist)$/i.test(name);
}

export function languageOf(file: string): Language {
  const name = baseName(file);
  if (isEnvFile(file)) return 'env';
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(file) || /^action\.ya?ml$/i.test(name)) return 'github-actions';
  if (/^(Dockerfile|Containerfile)([.-].*)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name)) return 'dockerfile';
  if (/\.(pyw?|pyi|ipynb)$/i.test(name)) return 'python';
  if (/\.(sh|bash|zsh|ksh|envrc)$/i.test(name) || /^\.(bashrc|zshrc|profile|bash_profile|envrc)$/.test(name)) return 'shell';
  if (/\.(m?[jt]sx?|c[jt]s|vue|svelte|astro)$/i.test(name)) return 'javascript';
  return 'unknown';
}

/** How code in this language reads the variable, or undefined where there is no such code. */
export function readFromEnv(language: Language, name: string): string | undefined {
  switch (language) {
    case 'javascript':
      return `process.env.${name}`;
    case 'python':
      return `os.environ["${name}"]`;
    case 'shell':
      return `"$${name}"`;
    case 'github-actions':
      return `\${{ secrets.${name} }}`;
    default:
      return undefined;
  }
}

const ROTATE = 'rotate it in the Pinecall dashboard';

/**
 * What to do with a key found in a file, knowing nothing of git: said in the file's own language.
 * `name` is the variable to read (default: the SDK's name for the key's kind).
 */
export function languageRemedy(file: string, ruleId: RuleId, name = envVarFor(ruleId)): string {
  return remedyInLanguage(languageOf(file), name);
}

/** The remedy in a given language (the ESLint rule: what it parses is JavaScript or TypeScript). */
export function remedyInLanguage(language: Language, name: string): string {
  switch (language) {
    case 'javascript':
    case 'python':
    case 'shell':
      return `Move the key to an environment variable (read ${readFromEnv(language, name)}, with the value in a .env listed in .gitignore or in your host's secret store) and ${ROTATE}.`;
    case 'github-actions':
      return `Store the key as an encrypted secret (Settings → Secrets and variables → Actions) named ${name}, use \${{ secrets.${name} }} here, and ${ROTATE}.`;
    case 'dockerfile':
      return `Keep the key out of the image: pass it when the container starts (docker run -e ${name}), or as a build secret if the build needs it (RUN --mount=type=secret,id=${name.toLowerCase()}) instead of ENV or ARG, and ${ROTATE}.`;
    case 'env':
    case 'unknown':
      return `Move the key to an environment variable (${name}) set outside any file you share, or to a secret store, and ${ROTATE}.`;
  }
}

/** The same advice in one sentence per language, for places that are not about one file (SARIF rule help). */
export function remedyByLanguage(ruleId: RuleId): string {
  const name = envVarFor(ruleId);
  return [
    `Move the key out of the file and ${ROTATE}. Read it from the environment instead:`,
    `JavaScript/TypeScript process.env.${name}; Python os.environ["${name}"]; shell "$${name}";`,
    `GitHub Actions \${{ secrets.${name} }}; Dockerfile: docker run -e ${name} or a build secret (RUN --mount=type=secret), never ENV or ARG.`,
    'Keep the value in a .env listed in .gitignore, or in your host\'s secret store.',
  ].join(' ');
}

/** How a finding's in-language reading is phrased after a place-specific remedy ("…; then read X"). */
function thenRead(file: string, ruleId: RuleId): string {
  const language = languageOf(file);
  const name = envVarFor(ruleId);
  if (language === 'dockerfile') return ` Pass it when the container starts (docker run -e ${name}) or as a build secret, never with ENV or ARG.`;
  const read = readFromEnv(language, name);
  if (read === undefined) return '';
  return language === 'github-actions' ? ` Use ${read} instead (a repository secret).` : ` Read it from ${read} instead.`;
}

export const REMEDIES = {
  unignoredEnv: (file: string) =>
    `Add ${file} to .gitignore: git does not ignore it yet, so the key is one \`git add\` away from a commit.`,
  ignoredEnv: (file: string) =>
    `${file} is ignored by git, which is where a key belongs; keep this file out of container images, archives and shared drives, and rotate the key if the file was ever shared.`,
  tracked: 'Remove it from the file and rotate the key: it is committed, so everyone with the repository has it.',
  historyOnly: "Rotate the key: it is still in the repository's history, even though the current files no longer hold it.",
  stagedEnv: (file: string) => `Unstage it (git restore --staged ${file}) and add ${file} to .gitignore.`,
  staged: 'Remove it before committing (then git add the file again), and read the key from the environment instead.',
} as const;

export function remedyFor(finding: Finding, place: GitPlace): string {
  switch (place) {
    case 'unignored-env':
      return REMEDIES.unignoredEnv(finding.file);
    case 'ignored-env':
      return REMEDIES.ignoredEnv(finding.file);
    case 'tracked':
      return isEnvFile(finding.file) ? REMEDIES.tracked : REMEDIES.tracked + thenRead(finding.file, finding.ruleId);
    case 'history-only':
      return REMEDIES.historyOnly;
    case 'staged':
      return isEnvFile(finding.file) ? REMEDIES.stagedEnv(finding.file) : stagedRemedy(finding);
    case 'unknown':
      return languageRemedy(finding.file, finding.ruleId);
  }
}

function stagedRemedy(finding: Pick<Finding, 'file' | 'ruleId'>): string {
  const read = readFromEnv(languageOf(finding.file), envVarFor(finding.ruleId));
  if (read === undefined) return REMEDIES.staged;
  return `Remove it before committing (then git add the file again), and read the key from ${read} instead.`;
}

/** Is this the general staged advice (which the hook refusal says once for all files)? */
export function isGeneralStagedRemedy(finding: Finding, remedy: string): boolean {
  return !isEnvFile(finding.file) && (remedy === stagedRemedy(finding) || remedy === REMEDIES.staged);
}

const PUBLIC_PREFIXES = CLIENT_EXPOSED_PREFIXES.slice(0, 3).map((p) => p.prefix).join(', ');

/** Advice on top of the remedy, from what the detector knows of the key's place (same rule id). */
export const EXTRA_ADVICE = {
  /** A public-prefixed Pinecall name in an env file, CI or Docker configuration. */
  clientExposedName: `Bundlers inline public-prefixed names (${PUBLIC_PREFIXES}…) into browser code, so every visitor of the site can read this key: drop the public prefix, call Pinecall from the server, and rotate the key.`,
  /** Any other place that reaches browsers (a built client bundle). */
  clientExposed: 'This key is downloaded by every visitor of the site: rotate it now; call Pinecall from the server.',
  productionKeyInTestPlace: `A production key in a test place: use a ${prefixFor('sandbox')} sandbox key here.`,
} as const;

/** The extra advice a finding carries: browser exposure first (the most urgent), then its place. */
export function extraAdvice(finding: Pick<Finding, 'file' | 'exposure' | 'placeHint'>): string[] {
  const out: string[] = [];
  if (finding.exposure === 'client') {
    out.push(isBuildConfigPlace(finding.file) ? EXTRA_ADVICE.clientExposedName : EXTRA_ADVICE.clientExposed);
  }
  if (finding.placeHint === 'production-key-in-test-place') out.push(EXTRA_ADVICE.productionKeyInTestPlace);
  return out;
}

/**
 * What a report advises for a finding: the remedy fitted to its place if the pipeline found one, else
 * the file's language's; browser exposure before it, a production key in a test place after it.
 */
export function remedyIn(result: ScanResult, finding: Finding): string {
  const remedy = result.remedies?.[finding.fingerprint] ?? languageRemedy(finding.file, finding.ruleId);
  const [first, ...rest] = extraAdvice(finding);
  if (first === undefined) return remedy;
  return finding.exposure === 'client' ? [first, remedy, ...rest].join(' ') : [remedy, first, ...rest].join(' ');
}

/** The hook refusal's "read it from the environment" step, once per language among the files. */
export function readFromEnvironmentSteps(findings: readonly Finding[]): string[] {
  const seen = new Set<string>();
  const steps: string[] = [];
  for (const f of findings) {
    const language = languageOf(f.file);
    const name = envVarFor(f.ruleId);
    const key = `${language}:${name}`;
    if (seen.has(key) || language === 'env') continue;
    seen.add(key);
    const read = readFromEnv(language, name);
    // A step may hold a line break: the refusal wraps it there.
    if (language === 'github-actions') steps.push(`In the workflow, use ${read} (a repository secret),\nnever the key itself.`);
    else if (language === 'dockerfile') {
      steps.push(`In the Dockerfile, pass ${name} when the container starts (docker run -e ${name})\nor as a build secret (RUN --mount=type=secret), never with ENV or ARG.`);
    } else if (read !== undefined) {
      steps.push(`Read it from the environment instead: ${read} in code, with the value in\na .env file that is listed in .gitignore (never committed).`);
    } else steps.push(`Read it from an environment variable (${name}) instead, with the value kept\nout of the repository.`);
  }
  return steps;
}
