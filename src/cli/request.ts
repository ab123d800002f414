// argv's meaning as a scan request: the one place where command-line options become the pipeline's words.
import path from 'node:path';
import { UsageError, EnvironmentError } from '../errors.js';
import type { ScanRequest, ScanRequestCommon, VerifyRequest } from '../scan/index.js';
import type { CliOptions } from './options.js';

export interface RequestIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin?: () => Promise<string | Uint8Array>;
}

export async function toScanRequest(
  options: CliOptions,
  io: RequestIO,
  onProgress?: ScanRequestCommon['onProgress'],
): Promise<ScanRequest> {
  const common: ScanRequestCommon = {
    cwd: io.cwd,
    // JSON reports carry no remedy: skip the git calls that place each finding.
    remedies: options.format !== 'json',
    ...(options.config !== undefined && { config: options.config }),
    ...(options.baseline !== undefined && { baseline: options.baseline }),
    ...(options.pruneBaseline !== undefined && { baseline: options.pruneBaseline }),
    ...(options.maxFileSizeGiven && { maxFileSize: options.maxFileSize }),
    ...(options.maxArchiveDepth !== undefined && { maxArchiveDepth: options.maxArchiveDepth }),
    ...(options.verify && { verify: await verifyRequest(options, io.env) }),
  };
  const repo = path.resolve(io.cwd, options.paths[0] ?? '.');
  if (options.stdin) return { ...common, text: await (io.stdin ?? (async () => ''))(), path: options.stdinFilename };
  if (options.history) {
    return {
      ...common,
      history: {
        repo,
        ...(options.range !== undefined && { range: options.range }),
        ...(!options.messages && { messages: false }),
        ...(options.archives && { archives: true }),
      },
      ...(onProgress && { onProgress }),
    };
  }
  if (options.staged) return { ...common, staged: { repo } };
  return {
    ...common,
    files: options.paths,
    respectGitignore: options.respectGitignore,
    ...(options.followSymlinks && { followSymlinks: true }),
    ...(options.build !== undefined && { build: options.build }),
  };
}

/** Resolves the endpoints here, so a refused URL names the flag or variable it came from. */
async function verifyRequest(options: CliOptions, env: NodeJS.ProcessEnv): Promise<VerifyRequest> {
  const verify = await import('../verify/index.js');
  const fromFlag = options.verifyUrl !== undefined;
  let target;
  try {
    target = verify.resolveVerifyTarget(fromFlag ? options.verifyUrl : env[verify.VERIFY_URL_ENV]);
  } catch (err) {
    if (!(err instanceof verify.VerifyUrlError)) throw err;
    if (fromFlag) throw new UsageError(`--verify-url: ${err.message}`);
    throw new EnvironmentError(`${verify.VERIFY_URL_ENV}: ${err.message}`);
  }
  return {
    target,
    ...(options.verifyTimeout !== undefined && { timeoutMs: options.verifyTimeout }),
    ...(options.verifyBudget !== undefined && { budgetMs: options.verifyBudget }),
  };
}
