// Precision and recall over a realistic corpus: documentation placeholders, other vendors' keys,
// near misses, hashes and references (negative/), and keys planted in many syntaxes (positive/).
// The figures are printed so the README can quote them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detect, expandSampleWithValues, type Finding } from '../../src/core/index.js';
import { seededBytes } from '../helpers/seeded.js';

const ROOT = fileURLToPath(new URL('../../fixtures/precision/', import.meta.url));
const ROUNDS = Number(process.env.SAMPLE_ROUNDS ?? 20);
const SEED = Number(process.env.SAMPLE_SEED ?? 7);
// The file's place matters for some contexts (~/.pinecall/credentials).
const PLACE: Record<string, string> = { credentials: '.pinecall/credentials' };

function scan(dir: 'positive' | 'negative', rand: (n: number) => Uint8Array) {
  const out: { file: string; planted: string[]; findings: Finding[] }[] = [];
  for (const name of readdirSync(ROOT + dir).sort()) {
    const { text, values } = expandSampleWithValues(readFileSync(`${ROOT}${dir}/${name}`, 'utf8'), rand);
    out.push({ file: name, planted: dir === 'positive' ? values : [], findings: detect({ text, path: PLACE[name] ?? name }) });
  }
  return out;
}

test('precision and recall over the corpus', () => {
  const rand = seededBytes(SEED);
  let planted = 0;
  let found = 0;
  let truePositives = 0;
  let falsePositives = 0;
  const misses: string[] = [];
  const wrong: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const dir of ['positive', 'negative'] as const) {
      for (const { file, planted: keys, findings } of scan(dir, rand)) {
        const secrets = new Set(findings.map((f) => f.secret));
        planted += keys.length;
        for (const k of keys) {
          if (secrets.has(k)) found++;
          else misses.push(`${dir}/${file}: missed ${k.slice(0, 10)}…`);
        }
        for (const f of findings) {
          if (keys.includes(f.secret)) truePositives++;
          else {
            falsePositives++;
            wrong.push(`${dir}/${file}:${f.line}:${f.column} ${f.ruleId} ${f.match}`);
          }
        }
      }
    }
  }
  const recall = found / planted;
  const precision = truePositives / (truePositives + falsePositives);
  console.log(
    `corpus: ${planted} planted keys over ${ROUNDS} rounds; recall ${(recall * 100).toFixed(2)}%, precision ${(precision * 100).toFixed(2)}%`,
  );
  assert.deepEqual(wrong.slice(0, 10), [], 'false positives');
  assert.deepEqual(misses.slice(0, 10), [], 'missed keys');
});

test('each positive file plants keys and each negative file plants none that count', () => {
  const rand = seededBytes(SEED + 1);
  for (const { file, planted } of scan('positive', rand)) assert.ok(planted.length > 0, file);
});
