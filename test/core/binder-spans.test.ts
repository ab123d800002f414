// The detector reads a binder value's span off the match's end instead of compiling the binders
// with the `d` flag (src/core/detect.ts, valueEndOf). That holds only while every binder regex ends
// with its value group: a binder that breaks it fails here, against the spans a `d`-flag copy reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTEXT_RULE, RULES, expandSample } from '../../src/core/index.js';
import { valueEndOf, valueGroupOf } from '../../src/core/detect.js';
import { seededBytes } from '../helpers/seeded.js';

const rand = seededBytes(20261130);
const ROUNDS = 5;

// Every rule's samples, plus each quoting style for the binders whose samples lack it.
const TEMPLATES = [
  ...RULES.flatMap((r) => [...r.samples.positive, ...r.samples.negative]),
  "PINECALL_API_KEY='{hex}'",
  'PINECALL_API_KEY=`{hex}`',
  "ENV PINECALL_API_KEY '{hex}'",
  'ENV PINECALL_API_KEY "{hex}"',
  "key = os.getenv('PINECALL_API_KEY', '{hex}')",
  'key = os.getenv("PINECALL_API_KEY", `{hex}`)',
  "- name: PINECALL_API_KEY\n  value: '{hex}'",
  '- name: PINECALL_API_KEY\n  value: {hex}',
  'pinecall agents list --api-key "{b64}"',
  "pinecall agents list --token '{b64}'",
  "new Pinecall({ apiKey: '{b64}' })",
];

for (const binder of CONTEXT_RULE.binders) {
  test(`binder ${binder.name}: the value span read off the match's end is the one the d flag reports`, () => {
    const plain = new RegExp(binder.regex.source, binder.regex.flags.replace('d', ''));
    const indexed = new RegExp(binder.regex.source, plain.flags + 'd');
    let matches = 0;
    for (const template of TEMPLATES) {
      for (let i = 0; i < ROUNDS; i++) {
        const text = expandSample(template, rand);
        plain.lastIndex = 0;
        indexed.lastIndex = 0;
        for (let m = plain.exec(text); m; m = plain.exec(text)) {
          const d = indexed.exec(text);
          assert.ok(d, `${binder.name}: the d-flag copy found no match at ${m.index} in ${JSON.stringify(text)}`);
          const expected = (['dq', 'sq', 'bq', 'bare'] as const).find((g) => d.groups?.[g] !== undefined);
          const group = valueGroupOf(m.groups);
          assert.equal(group, expected, `${binder.name}: value group in ${JSON.stringify(text)}`);
          if (group === undefined) continue;
          const end = valueEndOf(m, group);
          const span = [end - m.groups![group]!.length, end];
          assert.deepEqual(span, d.indices!.groups![group], `${binder.name}: value span in ${JSON.stringify(text)}`);
          matches++;
        }
      }
    }
    assert.ok(matches > 0, `${binder.name} matched none of the samples: the check above proved nothing`);
  });
}
