// Shards: a stable, hash-based share of the repository list. A repository's shard depends only on
// its identity and the number of shards, so every machine of a CI matrix or an Indexed Job agrees
// without talking to the others, and adding a repository to the list moves no other one.
import { UsageError } from '../../errors.js';
import { hashOf } from './list.js';

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

export function inShard(identity: string, shard: Shard | undefined): boolean {
  if (!shard) return true;
  return Number.parseInt(hashOf(identity).slice(0, 8), 16) % shard.total === shard.index - 1;
}

function check(index: number, total: number, from: string): Shard {
  if (!Number.isInteger(total) || total < 1) throw new UsageError(`${from}: the number of shards must be a whole number ≥ 1`);
  if (!Number.isInteger(index) || index < 1 || index > total) {
    throw new UsageError(`${from}: shard ${index} is not between 1 and ${total}`);
  }
  return { index, total };
}

/** `--shard K/N`, K from 1 to N. */
export function parseShard(value: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!m) throw new UsageError(`--shard expects K/N (e.g. 1/4), got '${value}'`);
  return check(Number(m[1]), Number(m[2]), '--shard');
}

/**
 * Index and total as CI systems and Kubernetes set them. Index variables: JOB_COMPLETION_INDEX
 * (Kubernetes Indexed Job, 0-based), CI_NODE_INDEX (GitLab `parallel:`, 1-based), CIRCLE_NODE_INDEX,
 * BUILDKITE_PARALLEL_JOB (0-based). Totals: PINECALL_SCAN_SHARDS (set it in a Kubernetes Job, which
 * has no total of its own), CI_NODE_TOTAL, CIRCLE_NODE_TOTAL, BUILDKITE_PARALLEL_JOB_COUNT.
 */
export const SHARD_ENV = {
  index: [
    ['JOB_COMPLETION_INDEX', 0],
    ['CI_NODE_INDEX', 1],
    ['CIRCLE_NODE_INDEX', 0],
    ['BUILDKITE_PARALLEL_JOB', 0],
  ] as const,
  total: ['PINECALL_SCAN_SHARDS', 'CI_NODE_TOTAL', 'CIRCLE_NODE_TOTAL', 'BUILDKITE_PARALLEL_JOB_COUNT'] as const,
};

export function shardFromEnv(env: NodeJS.ProcessEnv): Shard {
  const index = SHARD_ENV.index.find(([name]) => (env[name] ?? '').trim() !== '');
  const total = SHARD_ENV.total.find((name) => (env[name] ?? '').trim() !== '');
  if (!index) {
    throw new UsageError(`--shard-from-env: no shard index in the environment (${SHARD_ENV.index.map(([n]) => n).join(', ')})`);
  }
  if (!total) throw new UsageError(`--shard-from-env: no shard count in the environment (${SHARD_ENV.total.join(', ')})`);
  const [name, base] = index;
  const raw = env[name]!.trim();
  const totalRaw = env[total]!.trim();
  if (!/^\d+$/.test(raw) || !/^\d+$/.test(totalRaw)) throw new UsageError(`--shard-from-env: ${name}=${raw}, ${total}=${totalRaw} are not whole numbers`);
  return check(Number(raw) + 1 - base, Number(totalRaw), `--shard-from-env (${name}, ${total})`);
}
