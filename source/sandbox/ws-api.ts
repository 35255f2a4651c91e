import type { WebSocket } from 'ws';
import type { RouteContext } from './rest-routes.js';
import { BinanceError, checkTiming, verifyWsSignedKey, type ApiKey } from './signing.js';
import { CancelReplaceError } from './wire-orders.js';
import { isSigned, wsRequest, WS_REQUEST_METHODS } from './ws-api-requests.js';

export interface WsApiContext extends RouteContext {
  /** API key -> its verifier (HMAC secret or Ed25519 public key). */
  readonly keys: ReadonlyMap<string, ApiKey>;
  readonly clock: () => number;
}

type Params = Record<string, unknown>;

/**
 * Binance's WebSocket API user-data part: `userDataStream.subscribe.signature` (signed, with
 * timestamp and recvWindow checked), `session.logon` / `session.status` / `session.logout` and
 * `userDataStream.subscribe` for Ed25519 keys (an HMAC key is refused, as on Binance),
 * `userDataStream.unsubscribe` (one id or all), `session.subscriptions`, `ping` and `time`. Events
 * arrive as `{subscriptionId, event}`; one account has at most one subscription per connection (-2035).
 */
export function userDataSocket(ws: WebSocket, ctx: WsApiContext): void {
  const connectedSince = ctx.clock();
  const subs = new Map<number, { key: string; stop: () => void; byLogon: boolean }>();
  let nextId = 0;
  let session: { apiKey: string; since: number } | undefined;
  const status = () => ({ apiKey: session?.apiKey ?? null, authorizedSince: session?.since ?? null, connectedSince, returnRateLimits: true, serverTime: ctx.clock(), userDataStream: subs.size > 0 });
  /** A signed request's key, checked: present, known, in time, signature valid. */
  const verified = (params: Params): { name: string; key: ApiKey } => {
    const name = params.apiKey;
    if (typeof name !== 'string' || name === '') throw new BinanceError(400, -1102, "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed.");
    if (params.signature === undefined || params.signature === '') throw new BinanceError(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
    const key = ctx.keys.get(name);
    if (key === undefined) throw new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
    checkTiming(params.timestamp === undefined ? undefined : String(params.timestamp), params.recvWindow === undefined ? undefined : String(params.recvWindow), ctx.clock());
    if (!verifyWsSignedKey(params, key)) throw new BinanceError(400, -1022, 'Signature for this request is not valid.');
    return { name, key };
  };
  const start = (key: string, byLogon: boolean): number => {
    if ([...subs.values()].some((s) => s.key === key)) throw new BinanceError(400, -2035, 'User Data Stream subscription already active.');
    const subscriptionId = nextId++;
    const stop = ctx.exchange.subscribeUser(key, (event) => send({ subscriptionId, event }));
    subs.set(subscriptionId, { key, stop, byLogon });
    return subscriptionId;
  };
  const send = (payload: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(payload));
  const ok = (id: unknown, result: unknown) => send({ id, status: 200, result, rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 2 }] });
  const fail = (id: unknown, status: number, code: number, msg: string, data?: unknown) => send({ id, status, error: { code, msg, ...(data !== undefined ? { data } : {}) } });
  /** A trading method's account: the signed request's key, or the logged-on session's (Ed25519) when unsigned. */
  const account = (params: Params): string => {
    if (params.signature === undefined && session !== undefined) {
      checkTiming(params.timestamp === undefined ? undefined : String(params.timestamp), params.recvWindow === undefined ? undefined : String(params.recvWindow), ctx.clock());
      return session.apiKey;
    }
    return verified(params).name;
  };

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
          return ok(id, status());
        case 'session.logon': {
          const { name, key } = verified(params);
          // Binance: "Only Ed25519 keys are supported for this feature."
          if (key.kind !== 'ed25519') throw new BinanceError(400, -4056, 'HMAC_SHA256 API key is not supported. session.logon needs an Ed25519 key (start the sandbox with --ed25519-public-key); with this HMAC key use userDataStream.subscribe.signature.');
          session = { apiKey: name, since: ctx.clock() };
          return ok(id, status());
        }
        case 'session.logout':
          session = undefined;
          // Only the subscription made through the session ends; signature subscriptions stay.
          for (const [sid, sub] of subs) {
            if (!sub.byLogon) continue;
            sub.stop();
            subs.delete(sid);
          }
          return ok(id, status());
        case 'session.subscriptions':
          return ok(id, [...subs.keys()].map((subscriptionId) => ({ subscriptionId })));
        case 'userDataStream.subscribe':
          if (!session) throw new BinanceError(401, -1002, 'You are not authorized to execute this request. (userDataStream.subscribe needs session.logon with an Ed25519 key first; or use userDataStream.subscribe.signature)');
          return ok(id, { subscriptionId: start(session.apiKey, true) });
        case 'userDataStream.subscribe.signature':
          return ok(id, { subscriptionId: start(verified(params).name, false) });
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
        default: {
          const result = wsRequest(ctx, method, params, isSigned(method) ? account(params) : undefined);
          if (result !== undefined) return ok(id, result);
          return fail(id, 400, -1020, `This operation is not supported. (the sandbox's WebSocket API serves ping, time, session.*, userDataStream.* and ${WS_REQUEST_METHODS.join(', ')}; '${method.slice(0, 60)}' is not one of them)`);
        }
      }
    } catch (e) {
      if (e instanceof CancelReplaceError) return fail(id, e.status, e.code, e.message, e.data);
      if (e instanceof BinanceError) return fail(id, e.status, e.code, e.message);
      return fail(id, 500, -1000, 'An unknown error occurred while processing the request.');
    }
  });
  ws.on('close', () => {
    for (const s of subs.values()) s.stop();
    subs.clear();
  });
}
