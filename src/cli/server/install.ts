// `pinecall-scan init --server DIR`: installs the pre-receive hook into a bare repository on a git
// server, and turns on push options (for `-o pinecall-scan.allow=…`). A pre-receive hook that was
// there is moved to pre-receive.local and still runs first, with the same input.
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { shellQuote } from '../../paths.js';
import { runGitSync } from '../../sources/git-repo.js';
import type { RunResult } from '../run.js';

export const SERVER_HOOK_MARKER = '# pinecall-scan: pre-receive hook installed by `pinecall-scan init --server`';
export const CHAINED_SERVER_HOOK = 'pre-receive.local';

class InstallError extends Error {}

function git(cwd: string, args: string[]): string {
  const r = runGitSync(cwd, args);
  if (r.spawnError) throw new InstallError(r.spawnError.code === 'ENOENT' ? 'git is not installed (or not on PATH)' : r.spawnError.message);
  if (r.code !== 0) throw new InstallError(`git ${args[0]} failed: ${(r.stderr.trim().split('\n')[0] ?? '').replace(/^fatal: /, '')}`);
  return r.stdout.trim();
}

/**
 * The hook script. It runs the copy of pinecall-scan that installed it (a server is not a clone: the
 * path is the server's own), else one on PATH; without either it refuses the push rather than let
 * keys through unchecked.
 */
export function serverHookScript(node: string, bin: string | undefined): string {
  const pinned = bin
    ? `if [ -x ${shellQuote(node)} ] && [ -f ${shellQuote(bin)} ]; then
	printf '%s\\n' "$input" | ${shellQuote(node)} ${shellQuote(bin)} pre-receive
	exit $?
fi
`
    : '';
  return `#!/bin/sh
${SERVER_HOOK_MARKER}
# (rerun it to update this file). Refuses pushes whose new commits add a Pinecall API key.

hooks_dir=$(dirname -- "$0")
input=$(cat)

# The hook that was here before pinecall-scan was installed runs first, with the same input.
if [ -x "$hooks_dir/${CHAINED_SERVER_HOOK}" ]; then
	printf '%s\\n' "$input" | "$hooks_dir/${CHAINED_SERVER_HOOK}" "$@" || exit $?
fi

${pinned}if command -v pinecall-scan >/dev/null 2>&1; then
	printf '%s\\n' "$input" | pinecall-scan pre-receive
	exit $?
fi
echo "pinecall-scan: not installed on this server, so the push could not be checked for Pinecall keys." >&2
exit 1
`;
}

/** The running CLI's own script, when it is a file (the hook pins it). */
function runningBin(): string | undefined {
  const script = process.argv[1];
  if (!script) return undefined;
  try {
    const real = realpathSync(script);
    return /pinecall-scan|bin\.(c?js|mjs)$/.test(real) ? real : undefined;
  } catch {
    return undefined;
  }
}

export function installServerHook(dir: string, cwd: string): RunResult {
  try {
    const target = resolve(cwd, dir);
    if (!existsSync(target) || !statSync(target).isDirectory()) throw new InstallError(`no such directory: ${dir}`);
    let bare: string;
    try {
      bare = git(target, ['rev-parse', '--is-bare-repository']);
    } catch {
      throw new InstallError(`not a git repository: ${dir}`);
    }
    if (bare !== 'true') throw new InstallError(`${dir} is not a bare repository (a server repository, as made by git init --bare)`);
    const hooksDir = resolve(target, git(target, ['rev-parse', '--git-path', 'hooks']));
    const hookFile = join(hooksDir, 'pre-receive');
    const script = serverHookScript(process.execPath, runningBin());
    const lines: string[] = [];
    if (existsSync(hookFile)) {
      const existing = readFileSync(hookFile, 'utf8');
      if (!existing.includes(SERVER_HOOK_MARKER)) {
        const chained = join(hooksDir, CHAINED_SERVER_HOOK);
        if (existsSync(chained)) {
          throw new InstallError(`both ${hookFile} and ${chained} exist; merge them into one, then rerun`);
        }
        renameSync(hookFile, chained);
        lines.push(`Moved the existing pre-receive hook to ${chained} (unchanged); it still runs first.`);
      }
    }
    mkdirSync(hooksDir, { recursive: true });
    writeFileSync(hookFile, script);
    chmodSync(hookFile, 0o755);
    git(target, ['config', 'receive.advertisePushOptions', 'true']);
    lines.push(`Installed the pre-receive hook: ${hookFile}`);
    lines.push('Pushes that add a Pinecall key are now refused; push options are on (receive.advertisePushOptions),');
    lines.push('so a reviewer can let a checked false positive through: git push -o pinecall-scan.allow=sha256:<hash>');
    return { exitCode: 0, stdout: lines.join('\n') + '\n', stderr: '' };
  } catch (err) {
    const message = err instanceof InstallError ? err.message : `cannot install the hook: ${String(err)}`;
    return { exitCode: 2, stdout: '', stderr: `pinecall-scan init --server: ${message}\n` };
  }
}
