// Synthetic keys for tests, built at test time so no key is ever committed.
import { randomBytes } from 'node:crypto';
import { makeKey, makeOpsKey } from '../../src/core/keygen.js';

export const liveKey = (): string => makeKey('pc_live_', randomBytes(32));
export const testKey = (): string => makeKey('pc_test_', randomBytes(32));
export const legacyKey = (): string => makeKey('pk_', randomBytes(32));
export const opsKey = (): string => makeOpsKey(randomBytes(24));
/** A high-entropy value with no known shape, for context-secret cases (64 hex). */
export const hexSecret = (): string => randomBytes(32).toString('hex');
