// Small file-system helpers shared by the sources, the config loader and `init`.
import { statSync } from 'node:fs';

/** The errno code of a failed fs call (`ENOENT`…), else the error's message. */
export function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined) return code;
  return err instanceof Error ? err.message : String(err);
}

/** `p` exists and is a directory (links followed); false on any error. */
export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
