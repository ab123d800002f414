import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLIENT_EXPOSED_PREFIXES,
  CLIENT_EXPOSED_SAMPLES,
  clientExposedSecretName,
  isClientExposedSecretName,
  mayNameClientExposedSecret,
} from '../../src/core/client-exposed.js';

test('every exposed sample is recognised, with its bundler', () => {
  for (const name of CLIENT_EXPOSED_SAMPLES.exposed) {
    const hit = clientExposedSecretName(name);
    assert.ok(hit, name);
    assert.ok(name.startsWith(hit.prefix), name);
    assert.equal(mayNameClientExposedSecret(`process.env.${name}`), true, name);
  }
});

test('no negative sample is recognised', () => {
  for (const name of CLIENT_EXPOSED_SAMPLES.notExposed) {
    assert.equal(isClientExposedSecretName(name), false, name);
  }
});

test('each listed prefix is covered by a sample', () => {
  for (const { prefix } of CLIENT_EXPOSED_PREFIXES) {
    assert.ok(
      CLIENT_EXPOSED_SAMPLES.exposed.some((n) => clientExposedSecretName(n)?.prefix === prefix),
      prefix,
    );
  }
});

test('the prefix decides the bundler named in the message', () => {
  assert.equal(clientExposedSecretName('NEXT_PUBLIC_PINECALL_KEY')?.tool, 'Next.js');
  assert.equal(clientExposedSecretName('PUBLIC_PINECALL_KEY')?.tool, 'SvelteKit and Astro');
  assert.equal(clientExposedSecretName('VITE_PINECALL_KEY')?.tool, 'Vite');
});

test('extra prefixes extend the list; empty ones are ignored', () => {
  assert.equal(isClientExposedSecretName('APP_PINECALL_KEY'), false);
  assert.equal(clientExposedSecretName('APP_PINECALL_KEY', ['APP_'])?.prefix, 'APP_');
  assert.equal(isClientExposedSecretName('PINECALL_KEY', ['']), false);
  assert.equal(isClientExposedSecretName('APP_PINECALL_URL', ['APP_']), false);
});

test('the pre-check is a superset of the name test', () => {
  assert.equal(mayNameClientExposedSecret('const x = import.meta.env.VITE_API_URL;'), false);
  assert.equal(mayNameClientExposedSecret('const { NEXT_PUBLIC_PinecallKey } = process.env;'), true);
});
