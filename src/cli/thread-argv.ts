// Which command lines run their scan on a thread of its own (scan-thread.ts): a whole-history scan,
// the long one whose memory would otherwise follow V8's defaults for a process that may grow to
// gigabytes. No imports: bin.ts loads this on every run.

/** Internal, for tests: `off` scans in the main thread; a number of MB replaces the thread's heap cap. */
export const THREAD_ENV = 'PINECALL_SCAN_THREAD';

/** Does this command line scan on a thread? (A range is a few commits: a thread's start would cost more.) */
export function servesThread(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (env[THREAD_ENV] === 'off') return false;
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  return options.includes('--history') && !options.some((a) => a === '--range' || a.startsWith('--range=') || a === '--stdin');
}
