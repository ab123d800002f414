// Writing a file the user named (--output, --write-baseline) so that every syscall has an end:
//  - at most the one missing parent directory is created, without `recursive` (Node 20's recursive
//    mkdir never settles on some paths, e.g. under /proc); a deeper missing path is an ENOENT error;
//  - the file is opened with O_NONBLOCK, so a FIFO nobody reads fails (ENXIO) instead of blocking;
//    a FIFO or pipe that has a reader is then reopened blocking, to be written as a stream.
import { constants } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

const FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC;

export async function writeUserFile(path: string, text: string): Promise<void> {
  const parent = dirname(path);
  try {
    await stat(parent);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(parent);
  }
  let handle = await open(path, FLAGS | constants.O_NONBLOCK, 0o666);
  try {
    const info = await handle.stat();
    if (info.isFIFO() || info.isSocket()) {
      await handle.close();
      handle = await open(path, constants.O_WRONLY, 0o666);
    }
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}
