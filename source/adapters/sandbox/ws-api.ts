import type { WebSocket } from 'ws';
import type { SandboxExchange } from './sandbox-exchange.js';
import { BinanceError, checkTiming, verifyWsSigned } from './signing.js';

export interface WsApiContext {
  readonly exchange: SandboxExchange;
  /** API key -> HMAC secret. */
  readonly keys: ReadonlyMap<string, string>;
  readonly clock: () => number;
}

type Params = Record<string, unknown>;

/**
 * Binance's WebSocket API user-data part: `userDataStream.subscribe.signature` (HMAC-signed, with
 * timestamp and recvWindow checked), `userDataStream.unsubscribe` (one id or all),
 * `session.subscriptions`, `session.status`, `ping` and `time`. Events arrive as
 * `{subscriptionId, event}`; one account has at most one subscription per connection (-2035).
 * `session.logon` and `userDataStream.subscribe` need an Ed25519 key on Binance; the sandbox
 * serves HMAC keys only and says so.
 */
export function userDataSocket(ws: WebSocket, ctx: WsApiContext): void {
  const connectedSince = ctx.clock();
  const subs = new Map<number, { key: string; stop: () => void }>();
  let nextId = 0;
  const send = (payload: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(payload));
  const ok = (id: unknown, result: unknown) => send({ id, status: 200, result, rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 2 }] });
  const fail = (id: unknown, status: number, code: number, msg: string) => send({ id, status, error: { code, msg } });

  ws.on('message', (raw) => {
    let msg: unknown;
    try {
      msg = JSON.parse(raw.toString());
    } catch {
      fail(null, 400, -1135, 'Invalid JSON Request');
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return fail(null, 400, -1135, 'Invalid JSON Request');
    const { id, method: rawMethod, params: rawParams } = msg as { id?: unknown; method?: unknown; params?: unknown };
    if (id === undefined) return fail(null, 400, -1102, "Mandatory parameter 'id' was not sent, was empty/null, or malformed.");
    if (typeof rawMethod !== 'string') return fail(id, 400, -1102, "Mandatory parameter 'method' was not sent, was empty/null, or malformed.");
    if (rawParams !== undefined && (typeof rawParams !== 'object' || rawParams === null || Array.isArray(rawParams))) return fail(id, 400, -1130, "Data sent for parameter 'params' is not valid.");
    const params = (rawParams ?? {}) as Params;
    // Method names may carry an explicit version: `v3/userDataStream.subscribe.signature`.
    const method = rawMethod.replace(/^v3\//, '');
    try {
      switch (method) {
        case 'ping':
          return ok(id, {});
        case 'time':
          return ok(id, { serverTime: ctx.clock() });
        case 'session.status':
          return ok(id, { apiKey: null, authorizedSince: null, connectedSince, returnRateLimits: true, serverTime: ctx.clock(), userDataStream: subs.size > 0 });
        case 'session.logon':
        case 'userDataStream.subscribe':
          // Binance: "Only Ed25519 keys are supported for this feature"; sandbox keys are HMAC.
          return fail(id, 400, -4056, 'HMAC_SHA256 API key is not supported. The sandbox has HMAC keys only (Ed25519 session logon is not supported): use userDataStream.subscribe.signature with apiKey, timestamp and an HMAC signature.');
        case 'session.logout':
          return ok(id, { apiKey: null, authorizedSince: null, connectedSince, returnRateLimits: true, serverTime: ctx.clock(), userDataStream: subs.size > 0 });
        case 'session.subscriptions':
          return ok(id, [...subs.keys()].map((subscriptionId) => ({ subscriptionId })));
        case 'userDataStream.subscribe.signature': {
          const key = params.apiKey;
          if (typeof key !== 'string' || key === '') throw new BinanceError(400, -1102, "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed.");
          if (params.signature === undefined || params.signature === '') throw new BinanceError(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
          const secret = ctx.keys.get(key);
          if (secret === undefined) throw new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
          checkTiming(params.timestamp === undefined ? undefined : String(params.timestamp), params.recvWindow === undefined ? undefined : String(params.recvWindow), ctx.clock());
          if (!verifyWsSigned(params, secret)) throw new BinanceError(400, -1022, 'Signature for this request is not valid.');
          if ([...subs.values()].some((s) => s.key === key)) throw new BinanceError(400, -2035, 'User Data Stream subscription already active.');
          const subscriptionId = nextId++;
          const stop = ctx.exchange.subscribeUser(key, (event) => send({ subscriptionId, event }));
          subs.set(subscriptionId, { key, stop });
          return ok(id, { subscriptionId });
        }
        case 'userDataStream.unsubscribe': {
          const which = params.subscriptionId;
          if (which === undefined) {
            for (const s of subs.values()) s.stop();
            subs.clear();
            return ok(id, {});
          }
          const n = typeof which === 'number' ? which : typeof which === 'string' && /^\d+$/.test(which) ? Number(which) : NaN;
          if (!Number.isInteger(n)) throw new BinanceError(400, -1130, "Data sent for parameter 'subscriptionId' is not valid.");
          const s = subs.get(n);
          if (!s) throw new BinanceError(400, -2036, 'User Data Stream subscription not active.');
          s.stop();
          subs.delete(n);
          return ok(id, {});
        }
        default:
          return fail(id, 400, -1020, `This operation is not supported. (the sandbox's WebSocket API serves ping, time, session.status, session.subscriptions, userDataStream.subscribe.signature and userDataStream.unsubscribe; '${method.slice(0, 60)}' is not one of them)`);
      }
    } catch (e) {
      if (e instanceof BinanceError) return fail(id, e.status, e.code, e.message);
      return fail(id, 500, -1000, 'An unknown error occurred while processing the request.');
    }
  });
  ws.on('close', () => {
    for (const s of subs.values()) s.stop();
    subs.clear();
  });
}
