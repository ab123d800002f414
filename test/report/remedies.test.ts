import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { opsKey } from '../helpers/keys.js';
import { isEnvFile, languageOf, languageRemedy, REMEDIES, remedyFor } from '../../src/report/remedies.js';
import { findingsIn, LIVE } from './fixtures.js';

describe('remedies', () => {
  it('recognises .env files, not their templates', () => {
    for (const f of ['.env', '.env.local', 'deploy/.env.production']) assert.equal(isEnvFile(f), true, f);
    for (const f of ['.env.example', 'a/.env.sample', 'env', 'x.env', '.environment']) assert.equal(isEnvFile(f), false, f);
  });

  it('fits the remedy to the place', () => {
    const [f] = findingsIn('.env', `PINECALL_API_KEY=${LIVE}\n`);
    assert.match(remedyFor(f!, 'unignored-env'), /^Add \.env to \.gitignore/);
    assert.match(remedyFor(f!, 'tracked'), /^Remove it from the file and rotate the key/);
    assert.match(remedyFor(f!, 'history-only'), /^Rotate the key: it is still in the repository's history/);
    assert.match(remedyFor(f!, 'staged'), /^Unstage it \(git restore --staged \.env\) and add \.env to \.gitignore/);
    assert.equal(remedyFor(f!, 'unknown'), languageRemedy('.env', f!.ruleId));
    const [code] = findingsIn('src/a.ts', `const k = "${LIVE}";\n`);
    assert.match(remedyFor(code!, 'staged'), /^Remove it before committing/);
  });
});

describe('remedies in the file’s own language (one module decides)', () => {
  const at = (file: string, text = `PINECALL_API_KEY=${LIVE}\n`) => findingsIn(file, text)[0]!;
  it('Python reads os.environ, shell "$NAME", GitHub Actions a secret, Dockerfiles build secrets, unknown files a neutral sentence', () => {
    assert.match(remedyFor(at('app/settings.py'), 'unknown'), /os\.environ\["PINECALL_API_KEY"\]/);
    assert.match(remedyFor(at('deploy/run.sh'), 'unknown'), /"\$PINECALL_API_KEY"/);
    const gha = remedyFor(at('.github/workflows/ci.yml', `env:\n  PINECALL_API_KEY: ${LIVE}\n`), 'unknown');
    assert.match(gha, /\$\{\{ secrets\.PINECALL_API_KEY \}\}/);
    const docker = remedyFor(at('Dockerfile', `ENV PINECALL_API_KEY ${LIVE}\n`), 'unknown');
    assert.match(docker, /docker run -e PINECALL_API_KEY/);
    assert.match(docker, /RUN --mount=type=secret/);
    assert.match(remedyFor(at('src/app.ts', `const k = "${LIVE}";\n`), 'unknown'), /process\.env\.PINECALL_API_KEY/);
    const neutral = remedyFor(at('conf/app.toml', `key = "${LIVE}"\n`), 'unknown');
    for (const code of [/process\.env/, /os\.environ/, /\$\{\{/]) assert.doesNotMatch(neutral, code);
    assert.match(neutral, /environment variable \(PINECALL_API_KEY\)/);
    for (const file of ['app/settings.py', 'deploy/run.sh', 'conf/app.toml']) {
      assert.doesNotMatch(remedyFor(at(file), 'unknown'), /process\.env/, file);
    }
  });

  it('an operator key is named PINECALL_OPS_KEY everywhere', () => {
    const ops = findingsIn('tools/ops.py', `k = "${opsKey()}"\n`)[0]!;
    assert.equal(ops.ruleId, 'pinecall-ops-key');
    assert.match(remedyFor(ops, 'unknown'), /os\.environ\["PINECALL_OPS_KEY"\]/);
    assert.match(remedyFor(ops, 'staged'), /os\.environ\["PINECALL_OPS_KEY"\]/);
  });

  it('a committed or staged code file is told how to read the key in its language', () => {
    assert.match(remedyFor(at('app/settings.py'), 'tracked'), /^Remove it from the file and rotate the key.*os\.environ\["PINECALL_API_KEY"\]/);
    assert.match(remedyFor(at('app/settings.py'), 'staged'), /os\.environ\["PINECALL_API_KEY"\]/);
    assert.equal(remedyFor(at('.env'), 'tracked'), REMEDIES.tracked, 'a tracked .env keeps today’s remedy');
  });

  it('a .env that git ignores is where keys belong: no circular "move it to an environment variable"', () => {
    const advice = remedyFor(at('.env.local'), 'ignored-env');
    assert.match(advice, /ignored by git/);
    assert.match(advice, /out of container images, archives and shared drives/);
    assert.doesNotMatch(advice, /environment variable|\.gitignore/);
  });

  it('recognises languages by file name', () => {
    const cases: Record<string, string> = {
      'a/b.py': 'python', 'x.mjs': 'javascript', 'C.tsx': 'javascript', 'Dockerfile': 'dockerfile',
      'docker/Dockerfile.prod': 'dockerfile', 'api.dockerfile': 'dockerfile', '.github/workflows/ci.yaml': 'github-actions',
      'run.sh': 'shell', '.env.production': 'env', 'k8s/deploy.yaml': 'unknown', 'README.md': 'unknown',
    };
    for (const [file, language] of Object.entries(cases)) assert.equal(languageOf(file), language, file);
  });
});
