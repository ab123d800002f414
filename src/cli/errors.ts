// Errors the CLI turns into one line on stderr and a documented exit code (never a stack trace).
// Any module may throw these; run() catches them at the top.

/** Base class: an expected failure with a message fit for the user and an exit code. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad command line: unknown flag, bad value, conflicting modes, nonexistent path. Exit 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Unreadable or invalid configuration or baseline file. Exit 2. */
export class ConfigError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** The environment cannot serve the request: git missing, not a git repository. Exit 2. */
export class EnvironmentError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** A mode whose implementation has not landed yet. Exit 2. */
export class NotImplementedError extends CliError {
  constructor(what: string) {
    super(`${what} is not implemented yet`, 2);
  }
}
