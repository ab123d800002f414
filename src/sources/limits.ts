// Defaults shared by the files source, the CLI and the programmatic API.

/** Files above this many bytes are skipped as `too-large` (CLI: --max-file-size). */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;
