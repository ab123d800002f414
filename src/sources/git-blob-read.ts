// Reading one blob's bytes whole (`git cat-file blob <spec>`), bounded: for archives, which the staged
// history diffs only call "binary".
import { execFile } from 'node:child_process';
import { GIT_CONFIG_ARGS } from './git-repo.js';

export type BlobRead = { buf: Buffer } | { tooLarge: true } | { missing: true };

/** `spec` as git takes it: `:0:path` (the index), `HEAD:path`, `<sha>`. */
export function readBlob(cwd: string, spec: string, maxBytes: number): Promise<BlobRead> {
  return new Promise((resolve) => {
    execFile(
      'git',
      [...GIT_CONFIG_ARGS, 'cat-file', 'blob', spec],
      { cwd, encoding: 'buffer', maxBuffer: maxBytes, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout) => {
        if (!err) return resolve({ buf: stdout });
        const code = (err as NodeJS.ErrnoException).code;
        resolve(code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' ? { tooLarge: true } : { missing: true });
      },
    );
  });
}
