// The archive default every entry point shares, without loading the archive readers themselves.

/** Archives inside archives are opened down to this depth (the archive on disk is depth 1). */
export const DEFAULT_ARCHIVE_DEPTH = 3;
