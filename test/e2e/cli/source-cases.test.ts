// The built CLI on the same cases the programmatic API runs (test/scan/source-cases.ts).
import assert from 'node:assert/strict';
import { runCli } from '../../helpers/cli.js';
import { runSourceCases, shape, type Driver } from '../../scan/run-cases.js';
import { CONFIG_FILE, type CaseRequest } from '../../scan/source-cases.js';
import type { JsonReport } from '../../../src/report/json.js';

function argv(r: CaseRequest): string[] {
  const args = ['--format', 'json'];
  if (r.config) args.push('--config', CONFIG_FILE);
  switch (r.source) {
    case 'files':
      return [...args, ...(r.noIgnore ? ['--no-ignore'] : []), ...(r.paths ?? [])];
    case 'history':
      return [...args, '--history', ...(r.range !== undefined ? ['--range', r.range] : [])];
    case 'staged':
      return [...args, '--staged'];
    case 'text':
      return [...args, '--stdin', ...(r.textPath !== undefined ? ['--stdin-filename', r.textPath] : [])];
  }
}

const driver: Driver = async (dir, r) => {
  let args = argv(r);
  const input = r.source === 'text' ? r.text : undefined;
  if (r.baselineFirst) {
    const written = await runCli([...args, '--write-baseline', '.case-baseline.json'], { cwd: dir, ...(input !== undefined && { input }) });
    assert.equal(written.code, 0, written.stderr);
    args = [...args, '--baseline', '.case-baseline.json'];
  }
  const res = await runCli(args, { cwd: dir, ...(input !== undefined && { input }) });
  assert.ok(res.code === 0 || res.code === 1, res.stderr);
  const report = JSON.parse(res.stdout) as JsonReport;
  assert.equal(res.code, report.findings.length > 0 ? 1 : 0);
  return { findings: report.findings.map(shape), stale: report.staleBaseline?.length ?? 0 };
};

runSourceCases('the CLI on every source', driver);
