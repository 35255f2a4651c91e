import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { levels, exchangeInfoSymbol, ticker24hr, wireSymbol } from './binance-format.js';
import { SandboxExchange } from './sandbox-exchange.js';
import { BinanceError, verifySigned, verifyWsSigned } from './signing.js';
import { PublicStreams } from './public-streams.js';

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
}

export interface Sandbox {
  readonly url: string;
  readonly wsUrl: string;
  readonly apiKey: string;
  readonly secret: string;
  readonly exchange: SandboxExchange;
  readonly faults: Faults;
  close(): Promise<void>;
}

/**
 * A local server that speaks the Binance spot REST and websocket API subset ccxt uses,
 * with Binance's request signing and error codes, backed by the simulated market and
 * matching engine. It lets the real ccxt code path run end to end with no internet.
 */
export async function startSandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  const clock = o.clock ?? Date.now;
  const apiKey = o.apiKey ?? randomBytes(24).toString('hex');
  const secret = o.secret ?? randomBytes(32).toString('hex');
  const keys = new Map([[apiKey, secret]]);
  const exchange = new SandboxExchange(o.seed ?? 1, clock);
  const faults: Faults = {};
  const streams = new PublicStreams(exchange, faults);

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const answer = (status: number, payload: unknown): void => {
        const send = () => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(payload));
        };
        if (faults.delayMs) setTimeout(send, faults.delayMs);
        else send();
      };
      try {
        const result = route(req, body);
        if (result === SWALLOW) return;
        answer(200, result);
      } catch (err) {
        if (err instanceof BinanceError) answer(err.status, { code: err.code, msg: err.message });
        else answer(500, { code: -1000, msg: `An unknown error occurred while processing the request. (${(err as Error).message})` });
      }
    });
  });

  const SWALLOW = Symbol('swallow');
  const route = (req: http.IncomingMessage, body: string): unknown => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const q = url.searchParams;
    const rawQuery = (req.url ?? '').split('?')[1] ?? '';
    const path = url.pathname;
    const signed = () => {
      const key = req.headers['x-mbx-apikey'];
      if (typeof key !== 'string' || key === '') throw new BinanceError(401, -2014, 'API-key format invalid.');
      const params = verifySigned(rawQuery, body, keys.get(key), clock());
      return { key, params };
    };
    const get = req.method === 'GET';
    if (path === '/sandbox/faults' && req.method === 'POST') {
      Object.assign(faults, JSON.parse(body || '{}') as Faults);
      return faults;
    }
    if (get && path === '/api/v3/ping') return {};
    if (get && path === '/api/v3/time') return { serverTime: clock() };
    if (get && path === '/api/v3/exchangeInfo') return { timezone: 'UTC', serverTime: clock(), rateLimits: [], exchangeFilters: [], symbols: exchange.market.instruments().map(exchangeInfoSymbol) };
    if (get && path === '/api/v3/ticker/24hr') {
      const state = exchange.market;
      const all = state.instruments().map((i) => ticker24hr(streams.ticker(i.symbol)));
      if (q.get('symbol')) return ticker24hr(streams.ticker(exchange.symbolOf(q.get('symbol'))));
      if (q.get('symbols')) {
        const wanted = JSON.parse(q.get('symbols')!) as string[];
        return wanted.map((w) => ticker24hr(streams.ticker(exchange.symbolOf(w))));
      }
      return all;
    }
    if (get && path === '/api/v3/depth') {
      const symbol = exchange.symbolOf(q.get('symbol'));
      const limit = Number(q.get('limit') ?? 100);
      const book = exchange.market.book(symbol)!;
      return { lastUpdateId: streams.updateId(symbol), bids: levels(book.bids.slice(0, limit)), asks: levels(book.asks.slice(0, limit)) };
    }
    if (get && path === '/api/v3/klines') return streams.klines(exchange.symbolOf(q.get('symbol')), Number(q.get('limit') ?? 500));
    if (get && path === '/api/v3/account') {
      const { key } = signed();
      return { makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0, canTrade: true, canWithdraw: false, canDeposit: false, brokered: false, requireSelfTradePrevention: false, updateTime: clock(), accountType: 'SPOT', balances: exchange.balances(key), permissions: ['SPOT'] };
    }
    if (path === '/api/v3/order') {
      const { key, params } = signed();
      if (req.method === 'POST') {
        const order = exchange.placeOrder(key, params);
        if (faults.swallowOrders && faults.swallowOrders > 0) {
          faults.swallowOrders--;
          return SWALLOW;
        }
        return order;
      }
      if (req.method === 'DELETE') return exchange.cancelOrder(key, params);
      if (get) return exchange.findOrder(key, params);
    }
    if (get && path === '/api/v3/openOrders') {
      const { key, params } = signed();
      return exchange.openOrders(key, params.get('symbol'));
    }
    if (get && path === '/api/v3/myTrades') {
      const { key, params } = signed();
      return exchange.myTrades(key, params.get('symbol'));
    }
    throw new BinanceError(404, -1000, `the sandbox does not serve ${req.method} ${path}`);
  };

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const path = (req.url ?? '').split('?')[0];
      if (path.startsWith('/ws-api')) userDataSocket(ws);
      else streams.attach(ws);
    });
  });

  const userDataSocket = (ws: WebSocket): void => {
    const unsubs: (() => void)[] = [];
    ws.on('message', (raw) => {
      let msg: { id?: string | number; method?: string; params?: Record<string, string | number> };
      try {
        msg = JSON.parse(raw.toString()) as typeof msg;
      } catch {
        return;
      }
      const params = msg.params ?? {};
      if (msg.method === 'userDataStream.subscribe.signature' || msg.method === 'userDataStream.subscribe') {
        const key = String(params.apiKey ?? '');
        if (!verifyWsSigned(params, keys.get(key))) {
          ws.send(JSON.stringify({ id: msg.id, status: 401, error: { code: -1022, msg: 'Signature for this request is not valid.' } }));
          return;
        }
        ws.send(JSON.stringify({ id: msg.id, status: 200, result: { subscriptionId: 0 } }));
        unsubs.push(exchange.subscribeUser(key, (event) => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ subscriptionId: 0, event }))));
      } else if (msg.method === 'ping') ws.send(JSON.stringify({ id: msg.id, status: 200, result: {} }));
      else ws.send(JSON.stringify({ id: msg.id, status: 400, error: { code: -1100, msg: `unknown method ${msg.method}` } }));
    });
    ws.on('close', () => unsubs.forEach((u) => u()));
  };

  const timer = setInterval(() => streams.publish(exchange.step(clock())), o.tickMs ?? 200);
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
    faults,
    async close() {
      clearInterval(timer);
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export { wireSymbol };
