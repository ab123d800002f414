import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENT_PLACE_SAMPLES, isClientPlace, isClientServed } from '../../src/core/client-places.js';

test('client places: every client sample matches, no server sample does', () => {
  for (const p of CLIENT_PLACE_SAMPLES.client) assert.ok(isClientPlace(p), `expected client: ${p}`);
  for (const p of CLIENT_PLACE_SAMPLES.server) assert.ok(!isClientPlace(p), `expected not client: ${p}`);
});

test('a script naming its source map is served to browsers wherever it lies', () => {
  assert.ok(isClientServed('lib/widget.min.js', 'var a=1;\n//# sourceMappingURL=widget.min.js.map\n'));
  assert.ok(isClientServed('static/app.mjs', 'x\n//@ sourceMappingURL=data:application/json;base64,eyJ9\n'));
  assert.ok(!isClientServed('lib/widget.js', 'var a=1;\n'));
  assert.ok(!isClientServed('docs/how.md', '//# sourceMappingURL=x.map'));
});
