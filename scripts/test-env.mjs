// What the test processes of a run get besides the compiled tests (see run-tests.mjs): a temporary
// directory on a tmpfs, the environment, and the one tarball of this package that three files install.
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';

export function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

const SCRATCH_PARENT = '/dev/shm';
const SCRATCH_PREFIX = 'pinecall-scan-tests-';

/**
 * The test processes' temporary directory (TMPDIR), unless the user chose one: a directory of this run
 * on a tmpfs when the machine has one that lets programs run from it (hooks and bin shims do) and has
 * room, else the usual one. On ext4, creating files next to many just-deleted ones costs the kernel a
 * search for a free inode at each: in /tmp the fleet test spent 8.5 s of CPU in the kernel, 4.5 s on
 * a tmpfs. What the tests do is the same either way. The caller removes it.
 */
export function scratchDir() {
  if (process.env.TMPDIR || process.platform !== 'linux') return undefined;
  try {
    const mount = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .find((fields) => fields[1] === SCRATCH_PARENT);
    if (!mount || mount[2] !== 'tmpfs' || mount[3].split(',').includes('noexec')) return undefined;
    const { bavail, bsize } = statfsSync(SCRATCH_PARENT);
    if (bavail * bsize < 4 * 2 ** 30) return undefined;
    // What interrupted runs (Ctrl-C) left behind: a tmpfs holds it in memory.
    for (const name of readdirSync(SCRATCH_PARENT)) {
      if (name.startsWith(SCRATCH_PREFIX) && !pidAlive(Number(name.slice(SCRATCH_PREFIX.length)))) {
        rmSync(join(SCRATCH_PARENT, name), { recursive: true, force: true });
      }
    }
    const dir = join(SCRATCH_PARENT, `${SCRATCH_PREFIX}${process.pid}`);
    mkdirSync(dir);
    // As /tmp is: tests run the CLI as `nobody` too, and config discovery looks for a file up here.
    chmodSync(dir, 0o1777);
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * The test processes' environment. Every node start loads the bundle NODE_EXTRA_CA_CERTS names (~40 ms
 * of CPU where it is set, and a run starts some 600 node processes: CLI runs, ESLint, hooks); only the
 * tests' `npm install`s go online, and registryEnv() in test/e2e/hook/project.ts hands it back to them.
 */
export function testEnv(scratch, tarball) {
  const { NODE_EXTRA_CA_CERTS: extraCa, ...inherited } = process.env;
  return {
    ...inherited,
    ...(extraCa && { PINECALL_SCAN_TEST_EXTRA_CA_CERTS: extraCa }),
    ...(scratch && { TMPDIR: scratch }),
    ...(tarball && { PINECALL_SCAN_TEST_TARBALL: tarball }),
  };
}

/**
 * `npm pack` of the built package into `dir`, once for the files that install it (packThisPackage in
 * test/e2e/hook/project.ts reads PINECALL_SCAN_TEST_TARBALL); undefined when none of `files` needs it
 * or packing failed (each file then packs, and fails, on its own).
 */
export function packOnce(files, dir) {
  if (!files.some((f) => readFileSync(f, 'utf8').includes('packThisPackage('))) return Promise.resolve(undefined);
  mkdirSync(dir, { recursive: true });
  return new Promise((done) => {
    // --ignore-scripts: dist/ is already built (npm test builds first).
    execFile('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], (err, stdout) => {
      done(err ? undefined : join(dir, JSON.parse(stdout)[0].filename));
    });
  });
}
