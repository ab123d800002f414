// Where verification requests go, and the rule that keeps a key off plain-text networks.
import { isIP } from 'node:net';
import { SHAPE_RULES, type VerifyApi, type VerifyEndpoint } from '../core/patterns.js';

/** The endpoint the rule records name for `api`: whoami for `pc_live_`/`pc_test_`, the REST API for `pk_`. */
function endpointOf(api: VerifyApi): VerifyEndpoint {
  return SHAPE_RULES.find((r) => r.verify?.api === api)!.verify!;
}
const CLOUD = endpointOf('cloud');
const REST = endpointOf('rest');

export const VERIFY_URL_ENV = 'PINECALL_SCAN_VERIFY_URL';

export interface VerifyTarget {
  /** Full URL of the whoami endpoint (pc_live_ / pc_test_ keys). */
  whoami: URL;
  /** Full URL of the agents listing (legacy pk_ keys). */
  agents: URL;
}

/** A bad `--verify-url`: the CLI prints the message on one line and exits 2. */
export class VerifyUrlError extends Error {
  override name = 'VerifyUrlError';
}

/**
 * 127.0.0.0/8, ::1 and `localhost`: the only hosts a key may reach over plain http. Not `localhost.`:
 * a fully qualified name skips /etc/hosts, so DNS would choose where the key goes.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  const family = isIP(host);
  if (family === 4) return host.split('.')[0] === '127';
  // IPv4-mapped loopback, as written (::ffff:127.x.y.z) and as URL parsing normalises it (::ffff:7fxx:yyzz).
  if (family === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(host);
  return false;
}

function endpoint(base: URL, path: string): URL {
  const url = new URL(base.href);
  // A self-hosted gateway may live under a path prefix; keep it.
  url.pathname = url.pathname.replace(/\/+$/, '') + path;
  return url;
}

/**
 * Resolves the endpoints. `override` is `--verify-url`, else the environment variable; without
 * either, requests go to Pinecall's own hosts over HTTPS.
 */
export function resolveVerifyTarget(override?: string): VerifyTarget {
  const raw = override?.trim();
  if (!raw) {
    return { whoami: endpoint(new URL(CLOUD.base), CLOUD.path), agents: endpoint(new URL(REST.base), REST.path) };
  }
  let base: URL;
  try {
    base = new URL(raw);
  } catch {
    throw new VerifyUrlError('not a valid absolute URL (expected https://host[/path])');
  }
  if (base.username || base.password) {
    throw new VerifyUrlError('must not carry credentials (user:password@)');
  }
  if (base.search || base.hash) {
    throw new VerifyUrlError('must not carry a query string or fragment');
  }
  if (base.protocol === 'http:') {
    if (!isLoopbackHost(base.hostname)) {
      throw new VerifyUrlError(
        `http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost), not ${base.hostname}; use https://`,
      );
    }
  } else if (base.protocol !== 'https:') {
    throw new VerifyUrlError(`protocol ${base.protocol} is not supported (use https://)`);
  }
  return { whoami: endpoint(base, CLOUD.path), agents: endpoint(base, REST.path) };
}
