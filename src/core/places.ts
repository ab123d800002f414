// Where a key sits, as far as its advice is concerned: a test or dev place (a production key there
// should be a sandbox key), and configuration a bundler or a build reads (a public-prefixed name there
// ships the key to browsers). Path patterns are data, with samples checked by test/core/places.test.ts.
import { clientExposedSecretName, type ClientExposedPrefix } from './client-exposed.js';

export interface PathClass {
  what: string;
  pattern: RegExp;
}

/** Test files, fixtures, and the env files of test and development runs. */
export const TEST_PLACES: readonly PathClass[] = [
  // app.test.ts, client.spec.js, client_test.go, api-test.js, cypress/e2e/call.cy.ts
  { what: 'test file', pattern: /(?:^|\/)[^/]+[._-](?:tests?|spec|specs|cy)\.[A-Za-z0-9]+$/i },
  // test_client.py, test.js
  { what: 'test file', pattern: /(?:^|\/)(?:test_[^/]+|tests?)\.[A-Za-z0-9]+$/ },
  // ClientTest.java, ClientTests.cs, ClientSpec.scala
  { what: 'test file', pattern: /(?:^|\/)[A-Z][A-Za-z0-9]*(?:Tests?|Spec)\.(?:java|kt|kts|cs|swift|scala|groovy)$/ },
  { what: 'test directory', pattern: /(?:^|\/)(?:tests?|__tests__|spec|specs|e2e|cypress|playwright|__mocks__|mocks)\//i },
  { what: 'fixture', pattern: /(?:^|\/)(?:fixtures?|__fixtures__|testdata|test-data|test_data)\/|\.fixtures?\.[A-Za-z0-9]+$/i },
  // .env.test, .env.testing, .env.development, .env.dev (and their .local variants)
  { what: 'test or development env file', pattern: /(?:^|\/)\.env\.(?:test|testing|development|dev)(?:\.local)?$/ },
];

/** CI configuration, where a job named like a test job is a test place. */
export const CI_CONFIG: RegExp =
  /(?:^|\/)(?:\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci\/[^/]+\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|\.travis\.ya?ml|\.buildkite\/[^/]+\.ya?ml|\.drone\.ya?ml|cloudbuild\.ya?ml)$/i;

/** `.env*` files, CI and Docker configuration: where a bundler-public name means a browser-bound key. */
export const BUILD_CONFIG_PLACES: readonly PathClass[] = [
  { what: 'env file', pattern: /(?:^|\/)\.env(?:\.[^/]+)?$/ },
  { what: 'CI configuration', pattern: CI_CONFIG },
  { what: 'CI configuration', pattern: /(?:^|\/)(?:Jenkinsfile|vercel\.json|netlify\.toml|render\.ya?ml|fly\.toml)$/ },
  { what: 'Docker configuration', pattern: /(?:^|\/)(?:[^/]*\.)?(?:Dockerfile|Containerfile)(?:\.[^/]+)?$|\.dockerfile$/i },
  { what: 'Docker configuration', pattern: /(?:^|\/)(?:docker-)?compose(?:\.[^/]+)?\.ya?ml$/i },
];

/** Run by test/core/places.test.ts. */
export const PLACE_SAMPLES = {
  test: [
    'src/app.test.ts',
    'src/client.spec.js',
    'pkg/api/client_test.go',
    'tests/test_client.py',
    'test_client.py',
    'src/__tests__/client.tsx',
    'spec/client_spec.rb',
    'src/test/java/com/acme/ClientTest.java',
    'cypress/e2e/call.cy.ts',
    'fixtures/keys.json',
    'test/fixtures/app/.env',
    'packages/sdk/__fixtures__/config.ts',
    'src/keys.fixture.ts',
    '.env.test',
    'apps/web/.env.development',
    '.env.development.local',
    '.env.testing',
  ],
  notTest: [
    'src/app.ts',
    '.env',
    '.env.production',
    '.env.local',
    'src/latest.ts',
    'src/contest/entry.ts',
    'src/attestation.ts',
    'docs/testing.md',
    'deploy/prod.yaml',
    '.github/workflows/deploy.yml',
    'src/specification.ts',
    'src/inspector.ts',
  ],
  buildConfig: [
    '.env',
    'apps/web/.env.local',
    '.env.production',
    '.github/workflows/deploy.yml',
    '.gitlab-ci.yml',
    'Dockerfile',
    'docker/web.Dockerfile',
    'Dockerfile.prod',
    'docker-compose.yml',
    'compose.prod.yaml',
    'vercel.json',
    'netlify.toml',
  ],
  notBuildConfig: ['src/app.ts', 'src/env.ts', 'config/settings.yaml', 'README.md', 'environment.ts', 'src/.envrc.ts'],
} as const;

/** Words that make a CI job a test job: `test`, `unit-tests`, `test:e2e`, `runTests`, `e2e`. */
const TEST_JOB_WORDS = new Set(['test', 'tests', 'testing', 'spec', 'specs', 'e2e']);

export function isTestJobName(name: string): boolean {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => TEST_JOB_WORDS.has(word));
}

export const TEST_JOB_SAMPLES = {
  test: ['test', 'tests', 'unit-tests', 'test:e2e', 'run_tests', 'runTests', 'e2e', 'Integration Tests'],
  notTest: ['deploy', 'build', 'latest', 'release', 'attest', 'lint', 'contest', 'publish'],
} as const;

const YAML_KEY = /^(\s*)(?:-\s+)?["']?([^"'#\n]+?)["']?\s*:(?:\s|$)/;

/**
 * The YAML keys enclosing the line at `offset` (nearest first), found by indentation: each earlier
 * line indented less than everything since is a parent. Enough for CI files; not a YAML parser.
 */
export function enclosingYamlKeys(text: string, offset: number): string[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let indent = /^[ \t-]*/.exec(text.slice(lineStart, offset))![0].replace(/-/g, ' ').length;
  const keys: string[] = [];
  let end = lineStart - 1;
  while (end > 0 && indent > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    const m = YAML_KEY.exec(line);
    if (!m || line.trim().startsWith('#')) continue;
    const lineIndent = m[1]!.length;
    if (lineIndent < indent) {
      keys.push(m[2]!.trim());
      indent = lineIndent;
    }
  }
  return keys;
}

/** A test place by path, or (in CI configuration) a key inside a job named like a test job. */
export function isTestPlace(path: string, text: string, offset: number): boolean {
  if (TEST_PLACES.some((p) => p.pattern.test(path))) return true;
  if (!CI_CONFIG.test(path)) return false;
  const keys = enclosingYamlKeys(text, offset);
  // GitHub/CircleCI: jobs.<name>; GitLab and others: the top-level key is the job.
  const jobsAt = keys.lastIndexOf('jobs');
  const job = jobsAt > 0 ? keys[jobsAt - 1] : keys[keys.length - 1];
  return job !== undefined && isTestJobName(job);
}

export function isBuildConfigPlace(path: string): boolean {
  return BUILD_CONFIG_PLACES.some((p) => p.pattern.test(path));
}

// NAME=, NAME: ", "NAME": ", ENV NAME , export NAME=', --build-arg NAME=, - NAME=
const NAME_BEFORE_VALUE = /([A-Za-z_][A-Za-z0-9_]*)["'\]]?[ \t]*(?:=|:|[ \t])[ \t]*["'`]?$/;
const VALUE_KEY_LINE = /^[ \t-]*value:[ \t]*["']?$/;
const NAME_KEY_LINE = /^[ \t-]*name:[ \t]*["']?([A-Za-z_][A-Za-z0-9_]*)["']?[ \t]*$/;

/** The variable name a value at `offset` is assigned to on its line (or by a `name:`/`value:` pair). */
export function nameBoundAt(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (VALUE_KEY_LINE.test(before)) {
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    return NAME_KEY_LINE.exec(text.slice(prevStart, Math.max(prevStart, lineStart - 1)).replace(/\r$/, ''))?.[1];
  }
  return NAME_BEFORE_VALUE.exec(before)?.[1];
}

/**
 * The bundler prefix that ships a key to browsers: the key is assigned to a public-prefixed Pinecall
 * name (`NEXT_PUBLIC_PINECALL_API_KEY=…`) in an env file, CI or Docker configuration.
 */
export function clientExposureAt(path: string, text: string, offset: number): ClientExposedPrefix | undefined {
  if (!isBuildConfigPlace(path)) return undefined;
  const name = nameBoundAt(text, offset);
  return name === undefined ? undefined : clientExposedSecretName(name);
}
