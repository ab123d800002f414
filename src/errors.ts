// Expected failures: each carries a message fit for the user, on one line. Every floor may throw
// them (sources, config, the scan pipeline, the ESLint rules); only the CLI turns them into exit codes.

/** Base class of every expected failure; anything else reaching the top is an internal error. */
export class ScanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad request: unknown flag, bad value, conflicting modes, nonexistent path, bad range. */
export class UsageError extends ScanError {}

/** An unreadable or invalid configuration or baseline file. */
export class ConfigError extends ScanError {}

/** The environment cannot serve the request: git missing, not a git repository. */
export class EnvironmentError extends ScanError {}
