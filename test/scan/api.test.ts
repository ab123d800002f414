// The programmatic `scan` of the built package, on the same cases the CLI runs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type * as Api from '../../src/index.js';
import { runSourceCases, shape, type Driver } from './run-cases.js';
import { CONFIG_FILE, type CaseRequest } from './source-cases.js';
import { baselineEntries } from '../../src/config/baseline.js';
import { liveKey, testKey } from '../helpers/keys.js';

const api = (await import(new URL('../../dist/index.js', import.meta.url).href)) as typeof Api;

function toRequest(dir: string, r: CaseRequest): Api.ScanRequest {
  const common: Api.ScanRequestCommon = { cwd: dir, ...(r.config && { config: CONFIG_FILE }) };
  switch (r.source) {
    case 'files':
      return { ...common, files: r.paths ?? [], ...(r.noIgnore && { respectGitignore: false }) };
    case 'history':
      return { ...common, history: { ...(r.range !== undefined && { range: r.range }) } };
    case 'staged':
      return { ...common, staged: true };
    case 'text':
      return { ...common, text: r.text ?? '', ...(r.textPath !== undefined && { path: r.textPath }) };
  }
}

const driver: Driver = async (dir, r) => {
  const request = toRequest(dir, r);
  let result = await api.scan(request);
  if (r.baselineFirst) {
    assert.ok(result.findings.length > 0, 'the case has findings to record');
    const entries = baselineEntries([...result.findings, ...result.baselined]);
    result = await api.scan({ ...request, baseline: entries });
    assert.equal(result.suppressed.baseline, entries.length);
  }
  return { findings: result.findings.map(shape), stale: result.staleBaseline?.length ?? 0 };
};

runSourceCases('scan() on every source', driver);

it('scan() counts what each mechanism suppressed', async () => {
  const text = `a = "${liveKey()}" // pinecall-scan:allow\nb = "${liveKey()}"\n`;
  const result = await api.scan({ text, path: 'x.js', config: false });
  assert.equal(result.findings.length, 1);
  assert.deepEqual(result.suppressed, { baseline: 0, config: 0, inline: 1 });
});

it('scan() rejects a request with no source, and a bad range, with the one-line error classes', async () => {
  await assert.rejects(api.scan({} as Api.ScanRequest), (err: Error) => err instanceof api.UsageError && !err.message.includes('\n'));
  await assert.rejects(api.scan({ history: { range: '-x' } }), api.UsageError);
});

it('scanFiles stays a thin wrapper: same findings as scan({ files })', async () => {
  const { tempDir, writeFile, removeDir } = await import('../helpers/git.js');
  const dir = tempDir('pcscan-api-');
  try {
    writeFile(dir, 'a.js', `k = "${testKey()}"\n`);
    const viaWrapper = await api.scanFiles(['.'], { cwd: dir });
    const viaScan = await api.scan({ cwd: dir, files: ['.'], config: false });
    assert.deepEqual(viaWrapper.findings.map(shape), viaScan.findings.map(shape));
    assert.equal(viaWrapper.findings.length, 1);
  } finally {
    removeDir(dir);
  }
});

it('scanFiles: respectGitignore, and its deprecated name ignore, both reach the files source', async () => {
  const { tempDir, writeFile, removeDir } = await import('../helpers/git.js');
  const dir = tempDir('pcscan-api-');
  try {
    writeFile(dir, '.gitignore', 'secret.env\n');
    writeFile(dir, 'secret.env', `PINECALL_KEY=${testKey()}\n`);
    const files = async (options: Api.ScanFilesOptions) => (await api.scanFiles(['.'], { cwd: dir, ...options })).findings.length;
    assert.equal(await files({}), 0);
    assert.equal(await files({ respectGitignore: false }), 1);
    assert.equal(await files({ ignore: false }), 1);
    assert.equal(await files({ ignore: false, respectGitignore: true }), 0, 'the new name wins');
  } finally {
    removeDir(dir);
  }
});
