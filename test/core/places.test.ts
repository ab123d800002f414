import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clientExposureAt,
  enclosingYamlKeys,
  isBuildConfigPlace,
  isTestJobName,
  isTestPlace,
  nameBoundAt,
  PLACE_SAMPLES,
  TEST_JOB_SAMPLES,
  TEST_PLACES,
} from '../../src/core/places.js';

test('test and dev places by path: every sample', () => {
  for (const path of PLACE_SAMPLES.test) assert.equal(isTestPlace(path, '', 0), true, path);
  for (const path of PLACE_SAMPLES.notTest) assert.equal(isTestPlace(path, '', 0), false, path);
});

test('each test-place pattern is covered by a sample', () => {
  for (const { what, pattern } of TEST_PLACES) {
    assert.ok(PLACE_SAMPLES.test.some((p) => pattern.test(p)), `${what}: ${pattern}`);
  }
});

test('env, CI and Docker configuration: every sample', () => {
  for (const path of PLACE_SAMPLES.buildConfig) assert.equal(isBuildConfigPlace(path), true, path);
  for (const path of PLACE_SAMPLES.notBuildConfig) assert.equal(isBuildConfigPlace(path), false, path);
});

test('test job names', () => {
  for (const name of TEST_JOB_SAMPLES.test) assert.equal(isTestJobName(name), true, name);
  for (const name of TEST_JOB_SAMPLES.notTest) assert.equal(isTestJobName(name), false, name);
});

const github = [
  'on: push',
  'env:',
  '  GLOBAL_KEY: value0',
  'jobs:',
  '  unit-tests:',
  '    runs-on: ubuntu-latest',
  '    env:',
  '      PINECALL_KEY: value1',
  '    steps:',
  '      - name: Run tests',
  '        env:',
  '          PINECALL_KEY: value2',
  '        run: npm test',
  '  deploy:',
  '    env:',
  '      PINECALL_KEY: value3',
  '',
].join('\n');
const gitlab = ['variables:', '  PINECALL_KEY: value4', 'test:e2e:', '  variables:', '    PINECALL_KEY: value5', 'release:', '  script:', '    - PINECALL_KEY=value6 ./release.sh', ''].join('\n');

test('a CI job named like a test job is a test place; other jobs and global env are not', () => {
  const at = (text: string, value: string) => text.indexOf(value);
  assert.deepEqual(enclosingYamlKeys(github, at(github, 'value1')), ['env', 'unit-tests', 'jobs']);
  const place = (path: string, text: string, value: string) => isTestPlace(path, text, at(text, value));
  assert.equal(place('.github/workflows/ci.yml', github, 'value0'), false);
  assert.equal(place('.github/workflows/ci.yml', github, 'value1'), true);
  assert.equal(place('.github/workflows/ci.yml', github, 'value2'), true);
  assert.equal(place('.github/workflows/ci.yml', github, 'value3'), false);
  assert.equal(place('.gitlab-ci.yml', gitlab, 'value4'), false);
  assert.equal(place('.gitlab-ci.yml', gitlab, 'value5'), true);
  assert.equal(place('.gitlab-ci.yml', gitlab, 'value6'), false);
  // The same text outside a CI file says nothing about jobs.
  assert.equal(place('config/jobs.yml', github, 'value1'), false);
});

test('the name a value is bound to', () => {
  const at = (text: string) => nameBoundAt(text, text.indexOf('VALUE'));
  assert.equal(at('NEXT_PUBLIC_PINECALL_API_KEY=VALUE'), 'NEXT_PUBLIC_PINECALL_API_KEY');
  assert.equal(at('export VITE_PINECALL_KEY="VALUE"'), 'VITE_PINECALL_KEY');
  assert.equal(at('  REACT_APP_PINECALL_KEY: VALUE'), 'REACT_APP_PINECALL_KEY');
  assert.equal(at('{"NEXT_PUBLIC_PINECALL_KEY": "VALUE"}'), 'NEXT_PUBLIC_PINECALL_KEY');
  assert.equal(at('ENV NEXT_PUBLIC_PINECALL_KEY VALUE'), 'NEXT_PUBLIC_PINECALL_KEY');
  assert.equal(at('docker build --build-arg NEXT_PUBLIC_PINECALL_KEY=VALUE .'), 'NEXT_PUBLIC_PINECALL_KEY');
  assert.equal(at('env:\n  - name: NUXT_PUBLIC_PINECALL_API_KEY\n    value: "VALUE"'), 'NUXT_PUBLIC_PINECALL_API_KEY');
  assert.equal(at('VALUE'), undefined);
});

test('client exposure: a public-prefixed Pinecall name in env, CI or Docker configuration', () => {
  const exposure = (path: string, text: string) => clientExposureAt(path, text, text.indexOf('VALUE'))?.prefix;
  assert.equal(exposure('.env.local', 'NEXT_PUBLIC_PINECALL_API_KEY=VALUE'), 'NEXT_PUBLIC_');
  assert.equal(exposure('Dockerfile', 'ARG VITE_PINECALL_KEY=VALUE'), 'VITE_');
  assert.equal(exposure('.github/workflows/build.yml', '    env:\n      EXPO_PUBLIC_PINECALL_KEY: VALUE'), 'EXPO_PUBLIC_');
  assert.equal(exposure('docker-compose.yml', '    environment:\n      - PUBLIC_PINECALL_SECRET=VALUE'), 'PUBLIC_');
  // A server-side name, a public name that is no secret, or a source file: not exposed by this rule.
  assert.equal(exposure('.env', 'PINECALL_API_KEY=VALUE'), undefined);
  assert.equal(exposure('.env', 'NEXT_PUBLIC_PINECALL_KEY_ID=VALUE'), undefined);
  assert.equal(exposure('src/config.ts', 'const NEXT_PUBLIC_PINECALL_API_KEY = "VALUE"'), undefined);
});
