// Verification limits, in their own module so `--help` can show them without loading the client.
/** Per request, ms. */
export const DEFAULT_TIMEOUT_MS = 5000;
/** The whole verification, ms. */
export const DEFAULT_BUDGET_MS = 30_000;
