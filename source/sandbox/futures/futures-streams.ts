import type { WebSocket } from 'ws';
import type { DomainEvent, Level } from '../../domain/index.js';
import { barEnd, barStart, INTERVALS } from '../market-data.js';
import { diff } from '../public-streams.js';
import type { Faults } from '../sandbox-server.js';
import type { FuturesExchange } from './futures-exchange.js';
import { bookLevels, futuresTickerEvent, futuresWireSymbol, markPriceEvent, priceOf, qtyOf } from './futures-format.js';
import type { ListenKeys } from './listen-keys.js';

interface Client {
  readonly ws: WebSocket;
  readonly streams: Set<string>;
  combined: boolean;
  sent: number;
  unanswered: number;
}

const MAX_STREAMS = 1024;
const PING_MS = 3 * 60_000;
const KLINE = `kline_(?:${Object.keys(INTERVALS).filter((i) => i !== '1s').join('|')})`;
const STREAM = new RegExp(
  `^(?:!ticker@arr|!miniTicker@arr|!bookTicker|!markPrice@arr(?:@1s)?|[a-z0-9]+@(?:aggTrade|ticker|miniTicker|bookTicker|markPrice(?:@1s)?|${KLINE}|depth(?:5|10|20)?(?:@100ms|@250ms|@500ms)?))$`,
);

/**
 * Binance USD-M websockets under `/fstream` (Binance: fstream.binance.com): market streams
 * on `/fstream/ws/<stream>`, `/fstream/stream?streams=` and the routed `/fstream/market/ws` and
 * `/fstream/public/ws` that ccxt uses (a trailing connection number is ccxt's, not a stream),
 * with live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS; and the user-data stream of a listen
 * key on `/fstream/ws/<listenKey>` or `/fstream/private/ws?listenKey=`.
 */
export class FuturesStreams {
  private readonly clients = new Set<Client>();
  private readonly books = new Map<string, { bids: readonly Level[]; asks: readonly Level[] }>();
  private readonly userSockets = new Map<string, Set<WebSocket>>();
  private pinger: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly futures: FuturesExchange, private readonly listenKeys: ListenKeys, private readonly faults: Faults, private readonly pingMs = PING_MS) {
    this.unsubscribe = futures.onPublicTrade((symbol, t) => {
      const i = futures.market.instrument(symbol);
      const s = futuresWireSymbol(symbol);
      this.push(`${s.toLowerCase()}@aggTrade`, { e: 'aggTrade', E: t.time, s, a: t.id, p: priceOf(i, t.price), q: qtyOf(i, t.qty), f: t.id, l: t.id, T: t.time, m: t.buyerMaker });
    });
  }

  /** Stops the keep-alive pings (until the next connection). */
  stop(): void {
    clearInterval(this.pinger);
    this.pinger = undefined;
  }

  /** For good: the pings stop and the exchange's trade listener is removed. */
  close(): void {
    this.stop();
    this.unsubscribe();
  }

  /** A new connection at `url` (under /fstream). */
  attach(ws: WebSocket, url: string): void {
    const u = new URL(url, 'ws://sandbox');
    const path = u.pathname.replace(/^\/fstream/, '').replace(/\/+$/, '');
    const tail = path.split('/').filter(Boolean);
    const listenKey = path.startsWith('/private') ? (u.searchParams.get('listenKey') ?? tail[2]) : tail[0] === 'ws' && tail.length === 2 && this.listenKeys.owner(tail[1]) ? tail[1] : undefined;
    if (path.startsWith('/private') || listenKey !== undefined) return this.attachUser(ws, listenKey ?? '');
    const combined = path.startsWith('/stream');
    let named = combined ? (u.searchParams.get('streams') ?? '').split('/') : tail.slice(tail[0] === 'ws' ? 1 : 2);
    // ccxt appends its connection number to the routed URLs: `/market/ws/0`.
    named = named.filter((s) => s !== '' && !/^\d+$/.test(s));
    const client: Client = { ws, streams: new Set(), combined, sent: 0, unanswered: 0 };
    for (const s of named) {
      if (!STREAM.test(s) || client.streams.size >= MAX_STREAMS) {
        ws.close(1008, `Invalid stream name: ${s.slice(0, 60)}`);
        return;
      }
      client.streams.add(s);
    }
    this.clients.add(client);
    this.startPinger();
    const gone = () => {
      this.clients.delete(client);
      if (this.clients.size === 0) this.stop();
    };
    ws.on('pong', () => (client.unanswered = 0));
    ws.on('close', gone);
    ws.on('error', gone);
    ws.on('message', (raw) => this.control(client, raw.toString()));
  }

  private attachUser(ws: WebSocket, listenKey: string): void {
    const apiKey = this.listenKeys.owner(listenKey);
    if (apiKey === undefined) {
      ws.close(1008, 'This listenKey does not exist.');
      return;
    }
    let set = this.userSockets.get(listenKey);
    if (!set) {
      set = new Set();
      this.userSockets.set(listenKey, set);
    }
    set.add(ws);
    const stop = this.futures.subscribeUser(apiKey, (e) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(e)));
    ws.on('close', () => {
      stop();
      set.delete(ws);
    });
  }

  /** Ends a listen key's sockets: with `listenKeyExpired` first when it expired, quietly when deleted. */
  endListenKey(listenKey: string, expired: boolean, now: number): void {
    for (const ws of this.userSockets.get(listenKey) ?? []) {
      if (expired && ws.readyState === ws.OPEN) ws.send(JSON.stringify({ e: 'listenKeyExpired', E: now, listenKey }));
      ws.close(1000, expired ? 'listenKeyExpired' : 'listenKey deleted');
    }
    this.userSockets.delete(listenKey);
  }

  private control(client: Client, text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return this.send(client, { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' }, undefined, true);
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return this.send(client, { code: 3, msg: 'Invalid JSON: expected an object' }, undefined, true);
    const { method, params, id } = msg as { method?: unknown; params?: unknown; id?: unknown };
    const reply = (payload: Record<string, unknown>) => this.send(client, { ...payload, id }, undefined, true);
    if (method === 'LIST_SUBSCRIPTIONS') return reply({ result: [...client.streams] });
    if (method !== 'SUBSCRIBE' && method !== 'UNSUBSCRIBE') return reply({ code: 2, msg: 'Invalid request: method is SUBSCRIBE, UNSUBSCRIBE or LIST_SUBSCRIPTIONS' });
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

  /** Pushes one step of the perpetuals' market events; then ends listen keys that expired. */
  publish(events: readonly DomainEvent[], now: number): void {
    const m = this.futures.market;
    const marks: unknown[] = [];
    const tickers: unknown[] = [];
    // With nobody listening, only the book state the next diff starts from is kept: formatting
    // events no one reads would cost more than moving the market.
    const quiet = this.clients.size === 0;
    for (const e of events) {
      if (quiet) {
        if (e.type === 'market/book') this.books.set(e.data.symbol, { bids: e.data.bids, asks: e.data.asks });
        continue;
      }
      const symbol = 'symbol' in e.data ? (e.data as { symbol: string }).symbol : undefined;
      if (symbol === undefined) continue;
      const i = m.instrument(symbol);
      const s = futuresWireSymbol(symbol);
      const lower = s.toLowerCase();
      if (e.type === 'market/mark') {
        const ev = markPriceEvent(e.data);
        marks.push(ev);
        // Binance's update speeds: 3 s, or 1 s for the @1s streams (the market steps faster).
        if (this.due(`${lower}@markPrice`, now, 3000)) this.push(`${lower}@markPrice`, ev);
        if (this.due(`${lower}@markPrice@1s`, now, 1000)) this.push(`${lower}@markPrice@1s`, ev);
      } else if (e.type === 'market/ticker') {
        const ev = futuresTickerEvent(i, e.data, m.data.lastTrade(symbol), m.data.tradeCount(symbol));
        tickers.push(ev);
        this.push(`${lower}@ticker`, ev);
        this.push(`${lower}@miniTicker`, { e: '24hrMiniTicker', E: ev.E, s, c: ev.c, o: ev.o, h: ev.h, l: ev.l, v: ev.v, q: ev.q });
      } else if (e.type === 'market/book') {
        const prev = this.books.get(symbol);
        this.books.set(symbol, { bids: e.data.bids, asks: e.data.asks });
        const id = m.updateId(symbol);
        const head = { e: 'depthUpdate', E: now, T: e.data.ts, s, U: id, u: id, pu: id - 1 };
        if (prev) {
          const d = () => ({ ...head, b: bookLevels(i, diff(prev.bids, e.data.bids)), a: bookLevels(i, diff(prev.asks, e.data.asks)) });
          for (const suffix of ['', '@100ms', '@250ms', '@500ms']) this.push(`${lower}@depth${suffix}`, d);
        }
        for (const n of [5, 10, 20]) {
          const partial = () => ({ ...head, b: bookLevels(i, e.data.bids.slice(0, n)), a: bookLevels(i, e.data.asks.slice(0, n)) });
          for (const suffix of ['', '@100ms', '@250ms', '@500ms']) this.push(`${lower}@depth${n}${suffix}`, partial);
        }
        const bt = { e: 'bookTicker', u: id, E: now, T: e.data.ts, s, b: priceOf(i, e.data.bids[0]?.[0] ?? 0), B: qtyOf(i, e.data.bids[0]?.[1] ?? 0), a: priceOf(i, e.data.asks[0]?.[0] ?? 0), A: qtyOf(i, e.data.asks[0]?.[1] ?? 0) };
        this.push(`${lower}@bookTicker`, bt);
        this.push('!bookTicker', bt);
      } else if (e.type === 'market/candle') {
        for (const interval of Object.keys(INTERVALS).filter((x) => x !== '1s')) {
          const stream = `${lower}@kline_${interval}`;
          if (!this.listened(stream)) continue;
          const start = barStart(e.data.candle.t, interval);
          const row = m.data.klines(symbol, interval, 1, start, start)[0] as (string | number)[] | undefined;
          if (!row) continue;
          const closed = e.data.closed && barEnd(start, interval) === e.data.candle.t + 59_999;
          const [f, L] = m.data.tradeIdRange(symbol, Number(row[0]), Number(row[6]));
          this.push(stream, { e: 'kline', E: now, s, k: { t: row[0], T: row[6], s, i: interval, f, L, o: row[1], c: row[4], h: row[2], l: row[3], v: row[5], n: row[8], x: closed, q: row[7], V: row[9], Q: row[10], B: '0' } });
        }
      }
    }
    if (marks.length) {
      if (this.due('!markPrice@arr', now, 3000)) this.push('!markPrice@arr', marks);
      if (this.due('!markPrice@arr@1s', now, 1000)) this.push('!markPrice@arr@1s', marks);
    }
    if (tickers.length) this.push('!ticker@arr', tickers);
    for (const k of this.listenKeys.expire(now)) this.endListenKey(k, true, now);
  }

  /** When each throttled stream last pushed. */
  private readonly lastPush = new Map<string, number>();

  /** Whether a stream pushed at most every `everyMs` is due at `now` (and marks it pushed). */
  private due(stream: string, now: number, everyMs: number): boolean {
    const last = this.lastPush.get(stream);
    if (last !== undefined && now - last < everyMs) return false;
    this.lastPush.set(stream, now);
    return true;
  }

  private startPinger(): void {
    if (this.pinger) return;
    this.pinger = setInterval(() => {
      for (const c of this.clients) {
        if (c.unanswered >= 3) {
          c.ws.terminate();
          continue;
        }
        c.unanswered++;
        if (c.ws.readyState === c.ws.OPEN) c.ws.ping();
      }
    }, this.pingMs);
    this.pinger.unref();
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

  private send(c: Client, payload: unknown, stream: string | undefined, reply = false): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    c.ws.send(JSON.stringify(!reply && c.combined && stream ? { stream, data: payload } : payload));
    c.sent++;
    if (this.faults.dropAfterMessages !== undefined && c.sent >= this.faults.dropAfterMessages) {
      this.faults.dropAfterMessages = undefined;
      c.ws.terminate();
    }
  }
}
