// The detector finds shape-rule matches by hopping between occurrences of the rule's prefixes and
// trying a sticky copy of its regex there (src/core/detect.ts, nextShapeMatch). That is only right
// while every match starts with one of the prefixes: checked here against the rule's own global regex.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES, expandSample, makeKey } from '../../src/core/index.js';
import { SHAPE_SCANS, nextShapeMatch } from '../../src/core/detect.js';
import { seededBytes } from '../helpers/seeded.js';

const rand = seededBytes(20261131);
const ROUNDS = 5;

// Every rule's samples, keys back to back, keys inside other keys' bodies, and prefixes cut short.
const TEMPLATES = [
  ...RULES.flatMap((r) => [...r.samples.positive, ...r.samples.negative]),
  '{live}{test} {pk}\n{ops}{ops} {pk}{pk}',
  'x{live} {test}x "\\n{pk}" %3D{ops} \\t{live}',
  'pc_ pc_live pc_test_ pk pk_ pc_ops_ pc_pc_live_{b64} pkpk_{b64} pc_ops_pc_ops_{hex48}',
];

function viaGlobal(re: RegExp, text: string): [number, string][] {
  const out: [number, string][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m[0]]);
  return out;
}

function viaScan(scan: (typeof SHAPE_SCANS)[number], text: string): [number, string][] {
  const out: [number, string][] = [];
  for (let m = nextShapeMatch(scan, text, 0); m; m = nextShapeMatch(scan, text, m.index + m[0].length)) out.push([m.index, m[0]]);
  return out;
}

for (const scan of SHAPE_SCANS) {
  test(`${scan.rule.id}: the prefix-hopping scan finds what the rule's global regex finds`, () => {
    assert.ok(scan.lead.length > 0, 'the prefixes share a start to hop between');
    const global = new RegExp(scan.rule.regex.source, scan.rule.regex.flags);
    let matches = 0;
    const texts = TEMPLATES.flatMap((t) => Array.from({ length: ROUNDS }, () => expandSample(t, rand)));
    // A key in the body of a key of the same rule: the global regex skips it, so must the scan.
    const inner = makeKey('pc_live_', rand(32));
    texts.push(`pc_test_${inner.slice(0, 35)} ${inner}`, `${inner.slice(0, 20)}${inner}`);
    for (const text of texts) {
      const expected = viaGlobal(global, text);
      assert.deepEqual(viaScan(scan, text), expected, `${scan.rule.id} in ${JSON.stringify(text)}`);
      matches += expected.length;
    }
    assert.ok(matches > 0, `${scan.rule.id} matched none of the texts: the check above proved nothing`);
  });
}
