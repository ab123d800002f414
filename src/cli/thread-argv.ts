// Which command lines run their scan on a thread of its own (scan-thread.ts): a whole-history scan,
// the long one whose memory would otherwise follow V8's defaults for a process that may grow to
// gigabytes. No imports: bin.ts loads this on every run.

/**
 * Internal, for tests and benches: `off` scans in the main thread; `on` uses a thread whatever the
 * repository's size; a number of MB does too, with that heap cap.
 */
export const THREAD_ENV = 'PINECALL_SCAN_THREAD';

/**
 * May this command line scan on a thread? (scan-thread.ts then asks whether the repository is large
 * enough.) A range is a few commits: a thread's start would cost more than it saves.
 */
export function servesThread(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (env[THREAD_ENV] === 'off') return false;
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  return options.includes('--history') && !options.some((a) => a === '--range' || a.startsWith('--range=') || a === '--stdin');
}
