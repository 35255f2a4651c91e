import { createPublicKey, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { wireSymbol } from './binance-format.js';
import { FuturesExchange } from './futures/futures-exchange.js';
import { futuresRoute, type FuturesRouteContext } from './futures/futures-routes.js';
import { FuturesStreams } from './futures/futures-streams.js';
import { ListenKeys } from './futures/listen-keys.js';
import { Countdowns } from './futures/countdowns.js';
import { AlgoOrders } from './futures/algo-orders.js';
import { PublicStreams } from './public-streams.js';
import { RateLimiter, weightOf } from './rate-limits.js';
import { accountRoute, placeOrderRoute, publicRoute, type RouteContext } from './rest-routes.js';
import { CancelReplaceError, SandboxExchange } from './sandbox-exchange.js';
import { BinanceError, checkDuplicates, verifySignedKey, type ApiKey } from './signing.js';
import { walletRoute } from './wallet-routes.js';
import { userDataSocket } from './ws-api.js';

/** Failures a test can ask for, to see the client survive them. */
export interface Faults {
  /** Close every websocket after this many more messages sent on it. */
  dropAfterMessages?: number;
  /** Delay every REST answer by this many ms. */
  delayMs?: number;
  /** Accept the next N orders but never answer their request (the client times out). */
  swallowOrders?: number;
  /** Send this many malformed frames on each public stream before the next real one. */
  garbageFrames?: number;
}

export interface SandboxOptions {
  readonly port?: number;
  readonly host?: string;
  readonly seed?: number;
  readonly apiKey?: string;
  readonly secret?: string;
  /** Market update period in ms. */
  readonly tickMs?: number;
  readonly clock?: () => number;
  /** Refuse requests over Binance's 6000 weight per minute with 429 (-1003). Off by default. */
  readonly enforceRateLimits?: boolean;
  /** Ping period of the market streams (Binance: 20 s); a connection that answers none of three pings is dropped. */
  readonly pingMs?: number;
  /** `binance`: a buy's commission in the base asset, as Binance charges it; default `quote` (see SandboxExchangeOptions). */
  readonly commission?: 'quote' | 'binance';
  /** See SandboxExchangeOptions.priceOffset (a fraction: 0.005 quotes 0.5% above the seed's path). */
  readonly priceOffset?: number;
  /** Ed25519 API keys (public key PEM), each its own account: they may also `session.logon`. */
  readonly ed25519Keys?: readonly { readonly apiKey: string; readonly publicKeyPem: string }[];
}

export interface Sandbox {
  readonly url: string;
  readonly wsUrl: string;
  readonly apiKey: string;
  readonly secret: string;
  readonly exchange: SandboxExchange;
  /** The USD-M futures side (`/fapi/*`, websockets under `/fstream`), over the same simulated market. */
  readonly futures: FuturesExchange;
  readonly faults: Faults;
  close(): Promise<void>;
}

/**
 * The longest request body the sandbox reads: Binance's signed parameters (and a batch of
 * orders) are a few kilobytes. A longer one is answered 413 Payload Too Large (HTTP's status
 * for it; Binance's docs: 4XX for a malformed request) with Binance's error shape, and the
 * connection is closed without reading the rest, so no request can grow the sandbox's memory.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a request's body, up to MAX_BODY_BYTES, as UTF-8 (a character split across chunks decoded whole). */
function readBody(req: http.IncomingMessage, res: http.ServerResponse, then: (body: string) => void): void {
  const tooLarge = (): void => {
    req.removeAllListeners('data');
    req.removeAllListeners('end');
    res.writeHead(413, { 'content-type': 'application/json;charset=UTF-8', connection: 'close' });
    res.end(JSON.stringify({ code: -1000, msg: `Request body too large: at most ${MAX_BODY_BYTES} bytes (send the parameters in the query string or body, as Binance's API takes them).` }), () => req.socket.destroy());
  };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return tooLarge();
  const parts: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_BODY_BYTES) return tooLarge();
    parts.push(c);
  });
  req.on('end', () => then(Buffer.concat(parts).toString('utf8')));
}

const FAULT_KEYS = ['dropAfterMessages', 'delayMs', 'swallowOrders', 'garbageFrames'] as const;

/**
 * A local server that speaks Binance's spot REST API, market streams and WebSocket API user data
 * stream as Binance's public docs describe them (see docs/sandbox.md for what differs), with
 * Binance's request signing and error codes, backed by the simulated market and matching engine.
 * It lets ccxt and other Binance clients run end to end with no internet.
 */
export async function startSandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  const clock = o.clock ?? Date.now;
  const apiKey = o.apiKey ?? randomBytes(24).toString('hex');
  const secret = o.secret ?? randomBytes(32).toString('hex');
  const keys = new Map<string, ApiKey>([[apiKey, { kind: 'hmac', secret }]]);
  for (const k of o.ed25519Keys ?? []) {
    const publicKey = createPublicKey(k.publicKeyPem);
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`the public key for ${k.apiKey} is ${publicKey.asymmetricKeyType ?? 'not an asymmetric key'}, not Ed25519`);
    keys.set(k.apiKey, { kind: 'ed25519', publicKey });
  }
  const seed = o.seed ?? 1;
  const exchange = new SandboxExchange(seed, clock, undefined, { commission: o.commission, priceOffset: o.priceOffset });
  const faults: Faults = {};
  const streams = new PublicStreams(exchange, faults, seed, o.pingMs);
  const limiter = new RateLimiter(clock, o.enforceRateLimits ?? false);
  const ctx: RouteContext = { exchange, streams, clock, limiter };
  const futures = new FuturesExchange(exchange.market, seed, clock);
  const listenKeys = new ListenKeys(clock);
  const futuresStreams = new FuturesStreams(futures, listenKeys, faults, o.pingMs);
  const countdowns = new Countdowns();
  const algos = new AlgoOrders(futures);
  const fctx: FuturesRouteContext = { futures, listenKeys, clock, closeListenKey: (k) => futuresStreams.endListenKey(k, false, clock()), countdowns, algos };

  const server = http.createServer((req, res) => {
    readBody(req, res, (body) => {
      const headers: Record<string, string> = {};
      const answer = (status: number, payload: unknown): void => {
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
          res.end(JSON.stringify(payload));
        };
        if (faults.delayMs) setTimeout(send, faults.delayMs);
        else send();
      };
      try {
        const result = route(req, body, headers);
        if (result === SWALLOW) return;
        answer(200, result);
      } catch (err) {
        if (err instanceof CancelReplaceError) answer(err.status, { code: err.code, msg: err.message, data: err.data });
        else if (err instanceof BinanceError) {
          Object.assign(headers, (err as BinanceError & { headers?: Record<string, string> }).headers ?? {});
          answer(err.status, { code: err.code, msg: err.message });
        } else answer(500, { code: -1000, msg: `An unknown error occurred while processing the request. (${(err as Error).message})` });
      }
    });
  });
  // Slow or endless headers are the http module's to bound; bodies are bounded by readBody.
  server.headersTimeout = 20_000;

  const SWALLOW = Symbol('swallow');
  const route = (req: http.IncomingMessage, body: string, headers: Record<string, string>): unknown => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const q = url.searchParams;
    const rawQuery = (req.url ?? '').split('?')[1] ?? '';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const apiKeyHeader = req.headers['x-mbx-apikey'];
    const signed = () => {
      if (typeof apiKeyHeader !== 'string' || apiKeyHeader === '') throw new BinanceError(401, -2014, 'API-key format invalid.');
      return { key: apiKeyHeader, params: verifySignedKey(rawQuery, body, keys.get(apiKeyHeader), clock()) };
    };
    // The sandbox's own controls change every client's experience: only a holder of a sandbox key may use them.
    const control = (): Record<string, unknown> => {
      if (typeof apiKeyHeader !== 'string' || !keys.has(apiKeyHeader)) throw new BinanceError(401, -2015, `Invalid API-key, IP, or permissions for action. (POST ${path} needs the sandbox API key in X-MBX-APIKEY)`);
      let asked: unknown;
      try {
        asked = JSON.parse(body || '{}');
      } catch {
        throw new BinanceError(400, -1135, 'Invalid JSON Request');
      }
      if (typeof asked !== 'object' || asked === null) throw new BinanceError(400, -1135, 'Invalid JSON Request');
      return asked as Record<string, unknown>;
    };
    if (path === '/sandbox/price' && method === 'POST') {
      // A price control for tests and demonstrations: the coin's path jumps there; the perpetual follows at the next step.
      const { symbol, price } = control();
      const n = typeof price === 'number' ? price : Number(price);
      if (!(Number.isFinite(n) && n > 0)) throw new BinanceError(400, -1130, "Data sent for parameter 'price' is not valid: a positive number.");
      const unified = exchange.symbolOf(typeof symbol === 'string' ? symbol : null);
      exchange.market.moveTo(unified, n);
      return { symbol: wireSymbol(unified), price: exchange.market.prices()[unified] };
    }
    if (path === '/sandbox/faults' && method === 'POST') {
      const asked = control();
      for (const [k, v] of Object.entries(asked)) {
        if (!(FAULT_KEYS as readonly string[]).includes(k)) throw new BinanceError(400, -1103, `unknown fault '${k}': use ${FAULT_KEYS.join(', ')}`);
        if (v !== null && (typeof v !== 'number' || !(v >= 0))) throw new BinanceError(400, -1130, `Data sent for parameter '${k}' is not valid: a number >= 0, or null to clear it.`);
        faults[k as (typeof FAULT_KEYS)[number]] = v === null ? undefined : v;
      }
      return faults;
    }
    Object.assign(headers, limiter.request(weightOf(method, path, q)));
    checkDuplicates(q);
    const knownKey = (): string => {
      if (typeof apiKeyHeader !== 'string' || apiKeyHeader === '') throw new BinanceError(401, -2014, 'API-key format invalid.');
      if (!keys.has(apiKeyHeader)) throw new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
      return apiKeyHeader;
    };
    if (path.startsWith('/sapi/') || path.startsWith('/dapi/')) {
      const out = walletRoute(exchange, method, path, { signed, apiKey: knownKey }, clock());
      if (out !== undefined) return out;
    }
    if (path.startsWith('/fapi/')) {
      const out = futuresRoute(fctx, method, path, q, { signed, apiKey: knownKey });
      if (out === undefined) throw new BinanceError(404, -1000, `the sandbox does not serve ${method} ${path}; see docs/sandbox.md for what it serves`);
      if (path === '/fapi/v1/order' && method === 'POST') Object.assign(headers, limiter.order());
      return out;
    }
    const pub = publicRoute(ctx, method, path, q);
    if (pub !== undefined) return pub;
    if (path === '/api/v3/order' && method === 'POST') {
      const { key, params } = signed();
      const { body: answerBody } = placeOrderRoute(ctx, key, params);
      Object.assign(headers, limiter.order());
      if (faults.swallowOrders && faults.swallowOrders > 0) {
        faults.swallowOrders--;
        return SWALLOW;
      }
      return answerBody;
    }
    if (SIGNED_PATHS.has(path)) {
      const { key, params } = signed();
      const out = accountRoute(ctx, key, method, path, params);
      if (out !== undefined) return out;
    }
    throw new BinanceError(404, -1000, `the sandbox does not serve ${method} ${path}; see docs/sandbox.md for what it serves`);
  };

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const path = (req.url ?? '').split('?')[0];
      if (path.startsWith('/ws-api')) userDataSocket(ws, { ...ctx, keys });
      else if (path.startsWith('/fstream')) futuresStreams.attach(ws, req.url ?? '/fstream/ws');
      else if (path.startsWith('/ws-fapi')) ws.close(1008, 'the sandbox does not serve the futures WebSocket API; use REST /fapi/v1/order');
      else streams.attach(ws, req.url ?? '/ws');
    });
  });

  const timer = setInterval(() => {
    streams.publish(exchange.step(clock()));
    // The perpetuals follow the spot market, so they step after it.
    const now = clock();
    futuresStreams.publish(futures.step(now), now);
    for (const due of countdowns.due(now)) futures.cancelAll(due.key, due.symbol);
    algos.step(now);
  }, o.tickMs ?? 200);
  timer.unref();
  // A port in use (or not allowed) rejects here, so the caller can say so, instead of an
  // unhandled 'error' event.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err: unknown) => {
    clearInterval(timer);
    streams.close();
    futuresStreams.close();
    wss.close();
    throw err;
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host ?? '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}`,
    apiKey,
    secret,
    exchange,
    futures,
    faults,
    async close() {
      clearInterval(timer);
      streams.close();
      futuresStreams.close();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const SIGNED_PATHS = new Set(['/api/v3/account', '/api/v3/order', '/api/v3/order/test', '/api/v3/openOrders', '/api/v3/allOrders', '/api/v3/myTrades', '/api/v3/order/cancelReplace', '/api/v3/orderList/oco', '/api/v3/orderList/oto', '/api/v3/orderList/otoco', '/api/v3/order/oco', '/api/v3/orderList', '/api/v3/openOrderList', '/api/v3/account/commission', '/api/v3/myPreventedMatches', '/api/v3/rateLimit/order', '/api/v3/allOrderList']);

export { wireSymbol };
