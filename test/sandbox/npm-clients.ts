import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import http from 'node:http';
import path from 'node:path';

/**
 * Independent Binance client libraries from npm, for the sandbox's tests. They are dev
 * dependencies; a test runs when its library can be loaded, from the project or from
 * ATAPI_BINANCE_CLIENTS (a folder with node_modules, e.g. made with
 * `npm i --prefix /tmp/bnc @binance/connector binance`), and is skipped saying so otherwise.
 */
const from = createRequire(path.join(process.env.ATAPI_BINANCE_CLIENTS ?? process.cwd(), 'noop.js'));
export function load<T>(name: string): T | undefined {
  try {
    return from(name) as T;
  } catch {
    return undefined;
  }
}

export interface ConnectorResponse<T> {
  data: T;
}
type Fn<T = unknown> = (...args: unknown[]) => Promise<ConnectorResponse<T>>;
export interface ConnectorSpot {
  [method: string]: Fn;
}
export interface ConnectorModule {
  Spot: new (key: string, secret: string, o: { baseURL: string; wsURL?: string }) => ConnectorSpot;
  WebsocketStream: new (o: { wsURL: string; combinedStreams?: boolean; callbacks: { message: (m: string) => void; open?: () => void } }) => { diffBookDepth(s: string, speed: string): void; kline(s: string, i: string): void; trade(s: string): void; bookTicker(s: string): void; disconnect(): void };
  WebsocketAPI: new (key: string, secret: string, o: { wsURL: string; callbacks: { open?: (client: ConnectorWsApi) => void; message: (m: string) => void } }) => ConnectorWsApi;
}
export interface ConnectorWsApi {
  [method: string]: (...args: unknown[]) => void;
}
export interface SiebMain {
  [method: string]: (p?: Record<string, unknown>) => Promise<unknown>;
}
export interface SiebModule {
  MainClient: new (o: Record<string, unknown>) => SiebMain;
  CoinMClient: new (o: Record<string, unknown>) => SiebMain;
  WebsocketAPIClient: new (o: Record<string, unknown>) => SiebMain & { subscribeUserDataStream(key: string): Promise<unknown>; getWSClient(): { on(e: string, f: (m: unknown) => void): void; closeAll(force?: boolean): void } };
}

export const connector = load<ConnectorModule>('@binance/connector');
export const sieb = load<SiebModule>('binance');
export const missing = (name: string) => `${name} is not installed: set ATAPI_BINANCE_CLIENTS to a folder where it is (npm i --prefix DIR ${name})`;

export const silence = () => {
  // The libraries log connection chatter to the console; keep test output readable.
  const saved = { log: console.log, info: console.info, warn: console.warn };
  console.log = console.info = console.warn = () => undefined;
  return () => Object.assign(console, saved);
};

export async function until(what: string, check: () => boolean, limitMs = 15_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface CcxtLike {
  urls: { api: Record<string, unknown> };
  httpAgent?: unknown;
}

/**
 * ccxt pro's `binance` pointed at a sandbox with nothing but its `urls`, as docs/sandbox.md
 * tells a user to do: every host of ccxt's own URL table replaced, paths kept. ccxt tells spot
 * streams from USD-M ones by `/stream` in the URL (Binance's host is stream.binance.com), so the
 * spot streams go to Binance's combined path `/stream` (ccxt appends `/<n>`), unless `spotWs` says otherwise.
 */
export async function ccxtBinance(base: { url: string; wsUrl: string }, o: { apiKey?: string; secret?: string; spotWs?: string; options?: Record<string, unknown> } = {}): Promise<CcxtLike & Record<string, (...a: unknown[]) => Promise<unknown>>> {
  const ccxt = (await import('ccxt')).default as unknown as { pro: Record<string, new (o: Record<string, unknown>) => CcxtLike & Record<string, (...a: unknown[]) => Promise<unknown>>> };
  const rewrite = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/^https?:\/\/[^/]+/, base.url).replace(/^wss?:\/\/[^/]+/, base.wsUrl);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x)]));
    return v;
  };
  const api = rewrite(new ccxt.pro.binance({}).urls.api) as Record<string, Record<string, string>>;
  api.ws.spot = `${base.wsUrl}${o.spotWs ?? '/stream'}`;
  const ex = new ccxt.pro.binance({ apiKey: o.apiKey, secret: o.secret, urls: { api }, ...(o.options ? { options: o.options } : {}) });
  // Plain ws:// needs an explicit agent in ccxt.
  ex.httpAgent = new http.Agent();
  return ex;
}

export type DepthSnapshot = { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
export type DepthEvent = { U: number; u: number; b: [string, string][]; a: [string, string][] };

/**
 * Binance's documented local order book: from a REST snapshot, drop the events it already has,
 * check that each next event chains on (no gap), apply the rest up to a later snapshot's update
 * id; the book kept must then equal that later snapshot exactly.
 */
export function assertLocalBookMatches(snap: DepthSnapshot, events: readonly DepthEvent[], later: DepthSnapshot): void {
  const replay = { bids: new Map(snap.bids), asks: new Map(snap.asks) };
  let id = snap.lastUpdateId;
  for (const e of events) {
    if (e.u <= id) continue;
    if (e.u > later.lastUpdateId) break;
    assert.ok(e.U <= id + 1, `no gap: U ${e.U} after ${id}`);
    for (const [p, q] of e.b) Number(q) === 0 ? replay.bids.delete(p) : replay.bids.set(p, q);
    for (const [p, q] of e.a) Number(q) === 0 ? replay.asks.delete(p) : replay.asks.set(p, q);
    id = e.u;
  }
  assert.equal(id, later.lastUpdateId);
  const sorted = (m: Map<string, string>, desc: boolean) => [...m.entries()].sort((x, y) => (desc ? Number(y[0]) - Number(x[0]) : Number(x[0]) - Number(y[0])));
  assert.deepEqual(sorted(replay.bids, true), later.bids);
  assert.deepEqual(sorted(replay.asks, false), later.asks);
}
