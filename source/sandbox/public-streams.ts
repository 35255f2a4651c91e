import type { WebSocket } from 'ws';
import type { DomainEvent, Level, Ticker } from '../domain/index.js';
import { fixed, levels, tickerEvent, wireSymbol } from './binance-format.js';
import { barEnd, barStart, INTERVALS, MarketData } from './market-data.js';
import type { SandboxExchange } from './sandbox-exchange.js';
import type { Faults } from './sandbox-server.js';

interface Client {
  readonly ws: WebSocket;
  readonly streams: Set<string>;
  /** `/stream` connections wrap every event as `{stream, data}`; `/ws` ones send it raw. */
  combined: boolean;
  sent: number;
  /** Pings sent since the last pong. */
  unanswered: number;
}

/** A single connection listens to at most this many streams, as on Binance. */
const MAX_STREAMS = 1024;
/** Binance pings every 20 s and drops a connection that has not answered within a minute (three pings). */
const PING_MS = 20_000;

const STREAM = /^(?:!ticker@arr|!miniTicker@arr|[a-z0-9]+@(?:trade|aggTrade|ticker|miniTicker|bookTicker|avgPrice|depth(?:5|10|20)?(?:@100ms|@1000ms)?|kline_(?:1s|1m|3m|5m|15m|30m|1h|2h|4h|6h|8h|12h|1d|3d|1w|1M)))$/;

/**
 * Binance's public market streams, fed by the simulated market's steps: raw (`/ws/<stream>`) and
 * combined (`/stream?streams=a/b`, events wrapped as `{stream, data}`) connections, live
 * SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY / GET_PROPERTY, and the streams
 * `@trade`, `@aggTrade`, `@kline_<interval>`, `@ticker`, `@miniTicker`, `!ticker@arr`,
 * `!miniTicker@arr`, `@bookTicker`, `@avgPrice`, `@depth<5|10|20>[@100ms]` and `@depth[@100ms]`
 * whose update ids chain onto the REST snapshot's `lastUpdateId`.
 */
export class PublicStreams {
  readonly data: MarketData;
  private readonly clients = new Set<Client>();
  private readonly tickers = new Map<string, Ticker>();
  private readonly ids = new Map<string, number>();
  private readonly books = new Map<string, { bids: readonly Level[]; asks: readonly Level[] }>();
  /** Runs only while someone is connected, so in-process users without sockets hold no timer. */
  private pinger: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly exchange: SandboxExchange, private readonly faults: Faults, seed = 1, private readonly pingMs = PING_MS) {
    this.data = new MarketData(seed);
    this.publish(exchange.market.backfill(120), false);
    this.publish(exchange.market.snapshotEvents(), false);
    // One book and one trade sequence: the traders' orders and fills are public data too.
    this.unsubscribe = [
      exchange.onOwnBookChange((symbol) => this.publishBook(symbol, exchange.now(), true, false)),
      exchange.onOwnTrade((t) => this.publicTrade(t.symbol, t.id, t.price, t.qty, t.time, t.buyerMaker, true)),
    ];
  }

  /** Stops the keep-alive pings (until the next connection). */
  stop(): void {
    clearInterval(this.pinger);
    this.pinger = undefined;
  }

  /** For good: the pings stop and the exchange's listeners are removed, so the exchange (which may outlive the view) holds nothing of it. */
  close(): void {
    this.stop();
    for (const off of this.unsubscribe.splice(0)) off();
  }

  ticker(symbol: string): Ticker {
    return this.tickers.get(symbol)!;
  }

  /** The newest 1m klines of the market's own path, for in-process callers (REST uses `data.klines`). */
  klines(symbol: string, limit: number): unknown[] {
    return this.data.recentMinuteKlines(symbol, limit);
  }

  updateId(symbol: string): number {
    return this.ids.get(symbol) ?? 1000;
  }

  /**
   * A new connection. `path` is the URL: `/ws`, `/ws/<stream>[/<stream>...]`, or
   * `/stream?streams=<a>/<b>`; streams named there are subscribed at once.
   */
  attach(ws: WebSocket, url = '/ws'): void {
    const u = new URL(url, 'ws://sandbox');
    const combined = u.pathname.startsWith('/stream');
    const named = combined ? (u.searchParams.get('streams') ?? '').split('/') : u.pathname.replace(/^\/ws\/?/, '').split('/');
    const client: Client = { ws, streams: new Set(), combined, sent: 0, unanswered: 0 };
    // ccxt pro connects to `/ws/<n>` (n: its connection number, which Binance accepts) and then
    // subscribes with SUBSCRIBE: a bare number names no stream.
    for (const s of named.filter((n) => n !== '' && !/^\d{1,6}$/.test(n))) {
      if (!STREAM.test(s) || client.streams.size >= MAX_STREAMS) {
        // Binance refuses the handshake for a bad stream name; after it, a close says why.
        ws.close(1008, `Invalid stream name: ${s.slice(0, 60)}`);
        return;
      }
      client.streams.add(s);
    }
    this.clients.add(client);
    if (!this.pinger) {
      this.pinger = setInterval(() => this.ping(), this.pingMs);
      this.pinger.unref();
    }
    const gone = () => {
      this.clients.delete(client);
      if (this.clients.size === 0) this.stop();
    };
    ws.on('pong', () => (client.unanswered = 0));
    ws.on('close', gone);
    ws.on('error', gone);
    ws.on('message', (raw) => this.control(client, raw.toString()));
  }

  private control(client: Client, text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.send(client, { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' }, undefined, true);
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      this.send(client, { code: 3, msg: 'Invalid JSON: expected an object' }, undefined, true);
      return;
    }
    const { method, params, id } = msg as { method?: unknown; params?: unknown; id?: unknown };
    const reply = (payload: Record<string, unknown>) => this.send(client, { ...payload, id }, undefined, true);
    const validId = id === null || (typeof id === 'number' && Number.isInteger(id)) || (typeof id === 'string' && /^[A-Za-z0-9]{1,36}$/.test(id));
    if (!validId) return reply({ code: 2, msg: 'Invalid request: request ID must be an unsigned integer' });
    if (method === undefined) return reply({ code: 2, msg: 'Invalid request: missing field `method`' });
    if (method === 'LIST_SUBSCRIPTIONS') return reply({ result: [...client.streams] });
    if (method === 'SET_PROPERTY' || method === 'GET_PROPERTY') {
      const p = Array.isArray(params) ? params : [];
      if (p[0] !== 'combined') return reply({ code: 0, msg: 'Unknown property' });
      if (method === 'GET_PROPERTY') return reply({ result: client.combined });
      if (typeof p[1] !== 'boolean') return reply({ code: 1, msg: 'Invalid value type: expected Boolean' });
      client.combined = p[1];
      return reply({ result: null });
    }
    if (method !== 'SUBSCRIBE' && method !== 'UNSUBSCRIBE') {
      return reply({ code: 2, msg: `Invalid request: unknown variant \`${String(method).slice(0, 40)}\`, expected one of \`SUBSCRIBE\`, \`UNSUBSCRIBE\`, \`LIST_SUBSCRIPTIONS\`, \`SET_PROPERTY\`, \`GET_PROPERTY\`` });
    }
    if (!Array.isArray(params) || params.some((s) => typeof s !== 'string')) return reply({ code: 2, msg: 'Invalid request: params must be a list of stream names' });
    const names = params as string[];
    if (method === 'SUBSCRIBE') {
      const bad = names.find((s) => !STREAM.test(s));
      if (bad !== undefined) return reply({ code: 2, msg: `Invalid request: invalid stream name ${bad.slice(0, 60)}` });
      if (new Set([...client.streams, ...names]).size > MAX_STREAMS) return reply({ code: 2, msg: `Invalid request: a connection listens to at most ${MAX_STREAMS} streams` });
      for (const s of names) client.streams.add(s);
    } else for (const s of names) client.streams.delete(s);
    reply({ result: null });
  }

  /** Folds market events into the stream state and pushes them to subscribers. */
  publish(events: readonly DomainEvent[], push = true): void {
    const full: unknown[] = [];
    const mini: unknown[] = [];
    for (const e of events) {
      if (e.type === 'market/ticker') {
        this.tickers.set(e.data.symbol, e.data);
        if (!push) continue;
        const ws = wireSymbol(e.data.symbol).toLowerCase();
        const payload = tickerEvent(e.data, this.book(e.data.symbol), this.data.lastTrade(e.data.symbol), this.data.tradeCount(e.data.symbol));
        const m = { e: '24hrMiniTicker', E: payload.E, s: payload.s, c: payload.c, o: payload.o, h: payload.h, l: payload.l, v: payload.v, q: payload.q };
        full.push(payload);
        mini.push(m);
        this.push(`${ws}@ticker`, payload);
        this.push(`${ws}@miniTicker`, m);
        this.push(`${ws}@avgPrice`, () => {
          const a = this.data.avgPrice(e.data.symbol);
          return { e: 'avgPrice', E: e.data.ts, s: payload.s, i: '5m', w: a.price, T: a.closeTime };
        });
      } else if (e.type === 'market/book') {
        this.publishBook(e.data.symbol, e.data.ts, push, true);
      } else if (e.type === 'market/candle') {
        this.data.candle(e.data.symbol, e.data.candle);
        if (push) this.pushKlines(e.data.symbol, e.data.candle.t, this.tickers.get(e.data.symbol)?.ts ?? e.data.candle.t, e.data.closed, e.data.candle.t);
      } else if (e.type === 'market/trade') {
        this.publicTrade(e.data.symbol, this.exchange.tradeIdOf(e), e.data.price, e.data.qty, e.data.ts, e.data.side === 'sell', push);
      }
    }
    if (push && full.length) this.push('!ticker@arr', full);
    if (push && mini.length) this.push('!miniTicker@arr', mini);
  }

  /** The public book as last published (the market's levels and the traders' resting orders), for REST. */
  book(symbol: string): { readonly bids: readonly Level[]; readonly asks: readonly Level[] } {
    return this.books.get(symbol) ?? this.exchange.publicBook(symbol);
  }

  /**
   * Publishes the symbol's public book: a new update id and the levels that changed. A market
   * step always takes an update id; a change of the traders' own orders only when a level moved.
   */
  private publishBook(s: string, ts: number, push: boolean, step: boolean): void {
    const prev = this.books.get(s);
    const next = this.exchange.publicBook(s);
    const bids = prev ? diff(prev.bids, next.bids) : [];
    const asks = prev ? diff(prev.asks, next.asks) : [];
    if (!step && bids.length === 0 && asks.length === 0) return;
    const id = (this.ids.get(s) ?? 1000) + 1;
    this.ids.set(s, id);
    this.books.set(s, next);
    if (!push || !prev) return;
    const ws = wireSymbol(s);
    const lower = ws.toLowerCase();
    const diffEvent = { e: 'depthUpdate', E: ts, s: ws, U: id, u: id, b: levels(bids), a: levels(asks) };
    for (const suffix of ['', '@100ms', '@1000ms']) this.push(`${lower}@depth${suffix}`, diffEvent);
    for (const n of [5, 10, 20]) {
      const partial = () => ({ lastUpdateId: id, bids: levels(next.bids.slice(0, n)), asks: levels(next.asks.slice(0, n)) });
      for (const suffix of ['', '@100ms', '@1000ms']) this.push(`${lower}@depth${n}${suffix}`, partial);
    }
    this.push(`${lower}@bookTicker`, { u: id, s: ws, b: fixed(next.bids[0]?.[0] ?? 0), B: fixed(next.bids[0]?.[1] ?? 0), a: fixed(next.asks[0]?.[0] ?? 0), A: fixed(next.asks[0]?.[1] ?? 0) });
  }

  /** One trade on the public tape: the market's, or a trader's fill. */
  private publicTrade(symbol: string, id: number, price: number, qty: number, time: number, buyerMaker: boolean, push: boolean): void {
    const t = this.data.trade(symbol, price, qty, time, buyerMaker, id);
    if (!push) return;
    const ws = wireSymbol(symbol);
    const lower = ws.toLowerCase();
    this.push(`${lower}@trade`, { e: 'trade', E: t.time, s: ws, t: t.id, p: fixed(t.price), q: fixed(t.qty), T: t.time, m: t.buyerMaker, M: true });
    this.push(`${lower}@aggTrade`, { e: 'aggTrade', E: t.time, s: ws, a: t.id, p: fixed(t.price), q: fixed(t.qty), f: t.id, l: t.id, T: t.time, m: t.buyerMaker, M: true });
    this.pushKlines(symbol, t.time, t.time, false, undefined, '1s');
  }

  /** Kline events for the intervals someone listens to, built from the same bars REST serves. */
  private pushKlines(symbol: string, barTime: number, now: number, minuteClosed: boolean, minuteStart: number | undefined, only?: string): void {
    const ws = wireSymbol(symbol);
    const lower = ws.toLowerCase();
    for (const interval of only ? [only] : Object.keys(INTERVALS).filter((i) => i !== '1s')) {
      const stream = `${lower}@kline_${interval}`;
      if (!this.listened(stream)) continue;
      const start = barStart(barTime, interval);
      const row = this.data.klines(symbol, interval, 1, start, start)[0] as (string | number)[] | undefined;
      if (!row) continue;
      // A bar closes with its last minute.
      const closed = minuteClosed && minuteStart !== undefined && barEnd(start, interval) === minuteStart + 59_999;
      const [f, L] = this.data.tradeIdRange(symbol, Number(row[0]), Number(row[6]));
      this.push(stream, { e: 'kline', E: now, s: ws, k: { t: row[0], T: row[6], s: ws, i: interval, f, L, o: row[1], c: row[4], h: row[2], l: row[3], v: row[5], n: row[8], x: closed, q: row[7], V: row[9], Q: row[10], B: '0' } });
    }
  }

  private listened(stream: string): boolean {
    for (const c of this.clients) if (c.streams.has(stream)) return true;
    return false;
  }

  private push(stream: string, payload: unknown): void {
    let built: unknown;
    for (const c of this.clients) {
      if (!c.streams.has(stream)) continue;
      if (built === undefined) built = typeof payload === 'function' ? (payload as () => unknown)() : payload;
      this.send(c, built, stream);
    }
  }

  private ping(): void {
    for (const c of this.clients) {
      // Binance drops a connection with no pong within a minute: three 20 s pings.
      if (c.unanswered >= 3) {
        c.ws.terminate();
        continue;
      }
      c.unanswered++;
      if (c.ws.readyState === c.ws.OPEN) c.ws.ping();
    }
  }

  private send(c: Client, payload: unknown, stream: string | undefined, reply = false): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (this.faults.garbageFrames && this.faults.garbageFrames > 0) {
      for (let i = 0; i < this.faults.garbageFrames; i++) c.ws.send(i % 2 ? '\u0000\u00ff not json' : '{"e":"depthUpd');
      this.faults.garbageFrames = 0;
    }
    c.ws.send(JSON.stringify(!reply && c.combined && stream ? { stream, data: payload } : payload));
    c.sent++;
    if (this.faults.dropAfterMessages !== undefined && c.sent >= this.faults.dropAfterMessages) {
      this.faults.dropAfterMessages = undefined;
      c.ws.terminate();
    }
  }
}

/** Levels that changed: new quantities, and removed prices with quantity 0 (spot and futures depth streams). */
export function diff(prev: readonly Level[], next: readonly Level[]): Level[] {
  const now = new Map(next.map(([p, q]) => [p, q]));
  const out: Level[] = [];
  for (const [p] of prev) if (!now.has(p)) out.push([p, 0]);
  const old = new Map(prev.map(([p, q]) => [p, q]));
  for (const [p, q] of next) if (old.get(p) !== q) out.push([p, q]);
  return out;
}
