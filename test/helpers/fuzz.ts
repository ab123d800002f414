// Budget of the property tests: a fixed seed and a few runs inside `npm test`; `npm run fuzz` scales
// the runs up (FUZZ_SCALE) and can pick another seed (FUZZ_SEED) — a failure prints the seed and path
// to replay it.
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1));

/** `numRuns` for fast-check: the in-suite budget times the scale. */
export const fuzzRuns = (inSuite: number): number => Math.round(inSuite * SCALE);
