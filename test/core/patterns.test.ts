import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect, expandSample, RULES, RULE_IDS } from '../../src/core/index.js';
import { seededBytes } from '../helpers/seeded.js';

const ROUNDS = Number(process.env.SAMPLE_ROUNDS ?? 25);
// Deterministic by default; SAMPLE_SEED=<n> SAMPLE_ROUNDS=<n> explores further.
const SEED = Number(process.env.SAMPLE_SEED ?? 20261129);
const rand = seededBytes(SEED);

for (const rule of RULES) {
  test(`${rule.id}: has at least 5 positive and 5 negative samples`, () => {
    assert.ok(rule.samples.positive.length >= 5);
    assert.ok(rule.samples.negative.length >= 5);
  });

  // Each sample runs several times: the values are random, so a flaky shape check shows up here.
  for (const template of rule.samples.positive) {
    test(`${rule.id} finds: ${JSON.stringify(template)}`, () => {
      for (let i = 0; i < ROUNDS; i++) {
        const text = expandSample(template, rand);
        const found = detect({ text, path: 'sample.txt' }).filter((f) => f.ruleId === rule.id);
        assert.equal(found.length, 1, `expected one ${rule.id} finding in ${JSON.stringify(text)} (seed ${SEED})`);
        assert.equal(text.slice(found[0]!.start, found[0]!.end), found[0]!.secret);
      }
    });
  }
  for (const template of rule.samples.negative) {
    test(`${rule.id} ignores: ${JSON.stringify(template)}`, () => {
      for (let i = 0; i < ROUNDS; i++) {
        const text = expandSample(template, rand);
        const found = detect({ text, path: 'sample.txt' }).filter((f) => f.ruleId === rule.id);
        assert.deepEqual(
          found.map((f) => f.match),
          [],
          `unexpected ${rule.id} finding in ${JSON.stringify(text)} (seed ${SEED})`,
        );
      }
    });
  }
}

test('every rule id of the contract has a rule', () => {
  assert.deepEqual(RULES.map((r) => r.id).sort(), [...RULE_IDS].sort());
});
