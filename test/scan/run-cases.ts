// Registers SOURCE_CASES as node:test tests for one driver.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { removeDir } from '../helpers/git.js';
import { CONFIG_FILE, SOURCE_CASES, type CaseRequest, type ExpectedFinding } from './source-cases.js';

export interface Seen {
  findings: ExpectedFinding[];
  stale: number;
}

/** Runs one request in `dir` (a config, if any, is already written at CONFIG_FILE). */
export type Driver = (dir: string, request: CaseRequest) => Promise<Seen>;

export function shape(f: { file: string; line: number; ruleId: string; env?: string; commit?: string }): ExpectedFinding {
  return { file: f.file, line: f.line, ruleId: f.ruleId, ...(f.env && { env: f.env }), ...(f.commit && { commit: true }) };
}

export function runSourceCases(title: string, driver: Driver): void {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));
  describe(title, () => {
    for (const c of SOURCE_CASES) {
      it(c.name, async () => {
        const { dir, request, expected, expectedStale = 0 } = c.setup();
        dirs.push(dir);
        if (request.config) writeFileSync(join(dir, CONFIG_FILE), JSON.stringify(request.config));
        const seen = await driver(dir, request);
        assert.deepEqual(seen.findings, expected);
        assert.equal(seen.stale, expectedStale);
      });
    }
  });
}
