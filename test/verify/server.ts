// A real HTTP server on 127.0.0.1 that plays Pinecall's gateway: each key gets a scripted answer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Scenario =
  | 'ok'
  | 'unauthorized'
  | 'expired'
  | 'forbidden'
  | 'rate-then-ok'
  | 'rate-forever'
  | 'rate-long-retry'
  | 'hang'
  | 'server-error'
  | 'echo-key'
  | 'gate';

export interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  headers: IncomingMessage['headers'];
}

export interface FakePinecall {
  url: string;
  port: number;
  /** Every request, in arrival order. */
  received: Received[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** Scenario per full key; unknown keys get 401. */
  play(key: string, scenario: Scenario): void;
  /** A scripted answer for one key: this status and this body (an object is sent as JSON). */
  answer(key: string, status: number, body: unknown): void;
  close(): Promise<void>;
}

export const OK_BODY = {
  org: { id: 'org_demo', name: 'acme' },
  env: 'production',
  scopes: ['calls:read', 'agents:write'],
};

export const EXPIRED_AT = '2024-05-01T00:00:00Z';

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakePinecall(): Promise<FakePinecall> {
  const scenarios = new Map<string, Scenario>();
  const answers = new Map<string, { status: number; body: unknown }>();
  const seen = new Map<string, number>();
  const received: Received[] = [];
  let inFlight = 0;
  // 'gate' requests are held until no new one has arrived for a lull, so every request the client has
  // in flight at once is counted together; a fifth one releases them at once (the cap is already broken).
  const gated: ServerResponse[] = [];
  let gateTimer: NodeJS.Timeout | undefined;
  const openGate = (): void => {
    clearTimeout(gateTimer);
    for (const res of gated.splice(0)) json(res, 200, OK_BODY);
  };

  const state = { maxInFlight: 0 };
  const server: Server = createServer((req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const authorization = req.headers.authorization;
    received.push({ method: req.method ?? '', path: req.url ?? '', authorization, headers: req.headers });
    const key = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    const scripted = answers.get(key);
    if (scripted && typeof scripted.body === 'string') {
      res.writeHead(scripted.status, { 'content-type': 'text/plain' });
      return res.end(scripted.body);
    }
    if (scripted) return json(res, scripted.status, scripted.body);
    switch (scenarios.get(key)) {
      case 'ok':
        return json(res, 200, OK_BODY);
      case 'expired':
        return json(res, 401, { detail: `key expired at ${EXPIRED_AT}` });
      case 'forbidden':
        return json(res, 403, { detail: 'insufficient permissions' });
      case 'rate-then-ok':
        return count === 1 ? json(res, 429, { detail: 'rate limit exceeded' }, { 'retry-after': '0' }) : json(res, 200, OK_BODY);
      case 'rate-forever':
        return json(res, 429, { detail: 'rate limit exceeded' });
      case 'rate-long-retry':
        return count === 1 ? json(res, 429, { detail: 'slow down' }, { 'retry-after': '3600' }) : json(res, 200, OK_BODY);
      case 'hang':
        return; // never answers; the client's timeout must end it
      case 'server-error':
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('internal error');
      case 'echo-key':
        // A misbehaving gateway that echoes the key back: the scanner must not print it.
        return json(res, 200, { org: key, env: 'production', scopes: [key] });
      case 'gate':
        gated.push(res);
        clearTimeout(gateTimer);
        if (gated.length > 4) openGate();
        else gateTimer = setTimeout(openGate, 400);
        return;
      default:
        res.writeHead(401, { 'content-type': 'text/plain' });
        return res.end('Unauthorized');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    get maxInFlight() {
      return state.maxInFlight;
    },
    play: (key, scenario) => void scenarios.set(key, scenario),
    answer: (key, status, body) => void answers.set(key, { status, body }),
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(gateTimer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bind, note the port, close. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
