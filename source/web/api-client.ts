import { BEARER_PROTOCOL_PREFIX, EVENTS_PROTOCOL } from '../app/api/browser-token.js';
import type { ApiRefusal, Envelope, FlattenResult, Snapshot } from './types.js';

const PREFIX = '/api/v1';

/** An answer that was not 2xx: the API's `{code, field, message}`, or what the page could tell. */
export class ApiFailure extends Error {
  constructor(readonly refusal: ApiRefusal) {
    super(refusal.message);
  }
}

async function call<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${PREFIX}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiFailure({ status: 0, code: 'net.down', message: 'the daemon does not answer (is it running, is the tunnel up?)' });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiFailure({ status: res.status, code: 'net.bad-answer', message: `the daemon answered ${res.status} with something other than JSON` });
  }
  if (!res.ok) {
    const r = (json ?? {}) as Partial<ApiRefusal>;
    throw new ApiFailure({ status: res.status, code: r.code ?? `http.${res.status}`, field: r.field, message: r.message ?? `the daemon answered ${res.status}` });
  }
  return json as T;
}

/** Every read the page shows, in parallel: one consistent moment of the daemon. */
export async function readSnapshot(token: string, equitySince?: number): Promise<Snapshot> {
  const [status, balances, positions, orders, trades, strategies, pnlDay, pnlWeek, alerts, equity] = await Promise.all([
    call<Snapshot['status']>(token, 'GET', '/status'),
    call<Snapshot['balances']>(token, 'GET', '/balances'),
    call<Snapshot['positions']>(token, 'GET', '/positions'),
    call<Snapshot['orders']>(token, 'GET', '/orders'),
    call<Snapshot['trades']>(token, 'GET', '/trades?limit=50'),
    call<Snapshot['strategies']>(token, 'GET', '/strategies'),
    call<Snapshot['pnlDay']>(token, 'GET', '/pnl?period=day'),
    call<Snapshot['pnlWeek']>(token, 'GET', '/pnl?period=week'),
    call<Snapshot['alerts']>(token, 'GET', '/alerts'),
    // The samples after the last one read (the last 24 hours at first).
    call<Snapshot['equity']>(token, 'GET', equitySince === undefined ? '/equity' : `/equity?since=${equitySince}`),
  ]);
  return { status, balances, positions, orders, trades, strategies, pnlDay, pnlWeek, alerts, equity, at: Date.now() };
}

/** Only the status: tried first at login, so a wrong token is one 401 and one message. */
export function readStatus(token: string): Promise<Snapshot['status']> {
  return call(token, 'GET', '/status');
}

/** The commands the page offers with api.webCommands on: the API's own routes and refusals. */
export const commands = {
  stopStrategy: (token: string, id: string) => call<unknown>(token, 'DELETE', `/strategies/${encodeURIComponent(id)}`),
  cancelOrder: (token: string, id: string) => call<unknown>(token, 'DELETE', `/orders/${encodeURIComponent(id)}`),
  flatten: (token: string) => call<FlattenResult>(token, 'POST', '/flatten', { reason: 'kill switch from the status page' }),
  resume: (token: string) => call<unknown>(token, 'POST', '/resume', {}),
};

export type StreamMessage = { readonly type: 'hello'; readonly lastSeq: number } | { readonly type: 'events'; readonly batch: readonly Envelope[] };

/** The ledger's events as they happen; the token travels as a subprotocol (browser-token.ts). */
export function openEvents(token: string): WebSocket {
  const url = new URL(`${PREFIX}/events`, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return new WebSocket(url, [EVENTS_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${token}`]);
}
