// The verification target of a command that takes no --verify-url (the Action, the fleet): the
// environment's PINECALL_SCAN_VERIFY_URL, else Pinecall's hosts. A bad URL is an environment error.
import { EnvironmentError } from '../errors.js';
import type { VerifyRequest } from '../scan/request.js';

export async function verifyRequestFromEnv(env: NodeJS.ProcessEnv): Promise<VerifyRequest> {
  const verify = await import('../verify/index.js');
  try {
    return { target: verify.resolveVerifyTarget(env[verify.VERIFY_URL_ENV]) };
  } catch (err) {
    if (err instanceof verify.VerifyUrlError) throw new EnvironmentError(`${verify.VERIFY_URL_ENV}: ${err.message}`);
    throw err;
  }
}
