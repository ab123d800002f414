// Which command lines the pre-commit hook's lean entry (staged-main.ts) serves: the ones
// `pinecall-scan init` writes (`--staged --hook` in the plain hook, `--staged` in husky's), and
// --quiet. Anything else goes to the whole CLI. No imports: bin.ts loads this on every run.

const LEAN_FLAGS = new Set(['--staged', '--hook', '--quiet', '-q']);

/** Does the lean entry serve this command line? */
export function servesStaged(argv: readonly string[]): boolean {
  return argv.includes('--staged') && argv.every((arg) => LEAN_FLAGS.has(arg));
}
