import type { WebSocket } from 'ws';
import type { Candle, DomainEvent, Level, Ticker } from '../../domain/index.js';
import { levels, tickerEvent, wireSymbol } from './binance-format.js';
import type { SandboxExchange } from './sandbox-exchange.js';
import type { Faults } from './sandbox-server.js';

interface Client {
  readonly ws: WebSocket;
  readonly streams: Set<string>;
  sent: number;
}

/**
 * Binance's public streams (`SUBSCRIBE` with an ack; `@ticker`, `@miniTicker`, `!ticker@arr`,
 * `@depth` diffs whose update ids chain onto the REST snapshot, `@kline_1m`, `@trade`), fed by
 * the simulated market's steps.
 */
export class PublicStreams {
  private readonly clients = new Set<Client>();
  private readonly tickers = new Map<string, Ticker>();
  private readonly ids = new Map<string, number>();
  private readonly books = new Map<string, { bids: readonly Level[]; asks: readonly Level[] }>();
  private readonly candles = new Map<string, Candle[]>();

  constructor(private readonly exchange: SandboxExchange, private readonly faults: Faults) {
    this.publish(exchange.market.backfill(120), false);
    this.publish(exchange.market.snapshotEvents(), false);
  }

  ticker(symbol: string): Ticker {
    return this.tickers.get(symbol)!;
  }

  updateId(symbol: string): number {
    return this.ids.get(symbol) ?? 1000;
  }

  klines(symbol: string, limit: number): unknown[] {
    return (this.candles.get(symbol) ?? []).slice(-limit).map((k) => [k.t, String(k.o), String(k.h), String(k.l), String(k.c), String(k.v), k.t + 59_999, String(k.v * k.c), 1, '0', '0', '0']);
  }

  attach(ws: WebSocket): void {
    const client: Client = { ws, streams: new Set(), sent: 0 };
    this.clients.add(client);
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));
    ws.on('message', (raw) => {
      let msg: { method?: string; params?: string[]; id?: number };
      try {
        msg = JSON.parse(raw.toString()) as typeof msg;
      } catch {
        return;
      }
      if (msg.method === 'SUBSCRIBE') for (const s of msg.params ?? []) client.streams.add(s);
      if (msg.method === 'UNSUBSCRIBE') for (const s of msg.params ?? []) client.streams.delete(s);
      this.send(client, { result: null, id: msg.id });
    });
  }

  /** Folds market events into the stream state and pushes them to subscribers. */
  publish(events: readonly DomainEvent[], push = true): void {
    const arr: unknown[] = [];
    for (const e of events) {
      if (e.type === 'market/ticker') {
        this.tickers.set(e.data.symbol, e.data);
        const payload = tickerEvent(e.data);
        arr.push(payload);
        if (push) {
          this.push(`${wireSymbol(e.data.symbol).toLowerCase()}@ticker`, payload);
          this.push(`${wireSymbol(e.data.symbol).toLowerCase()}@miniTicker`, { e: '24hrMiniTicker', E: payload.E, s: payload.s, c: payload.c, o: payload.o, h: payload.h, l: payload.l, v: payload.v, q: payload.q });
        }
      } else if (e.type === 'market/book') {
        const s = e.data.symbol;
        const prev = this.books.get(s);
        const before = this.ids.get(s) ?? 1000;
        this.ids.set(s, before + 1);
        this.books.set(s, { bids: e.data.bids, asks: e.data.asks });
        if (push && prev) {
          const ws = wireSymbol(s);
          const payload = { e: 'depthUpdate', E: e.data.ts, s: ws, U: before + 1, u: before + 1, b: levels(diff(prev.bids, e.data.bids)), a: levels(diff(prev.asks, e.data.asks)) };
          this.push(`${ws.toLowerCase()}@depth@100ms`, payload);
          this.push(`${ws.toLowerCase()}@depth`, payload);
        }
      } else if (e.type === 'market/candle') {
        const list = this.candles.get(e.data.symbol) ?? [];
        const last = list[list.length - 1];
        if (last && last.t === e.data.candle.t) list[list.length - 1] = e.data.candle;
        else list.push(e.data.candle);
        if (list.length > 1000) list.shift();
        this.candles.set(e.data.symbol, list);
        const k = e.data.candle;
        const ws = wireSymbol(e.data.symbol);
        if (push) this.push(`${ws.toLowerCase()}@kline_1m`, { e: 'kline', E: k.t, s: ws, k: { t: k.t, T: k.t + 59_999, s: ws, i: '1m', f: 0, L: 0, o: String(k.o), c: String(k.c), h: String(k.h), l: String(k.l), v: String(k.v), n: 1, x: e.data.closed, q: String(k.v * k.c), V: '0', Q: '0', B: '0' } });
      } else if (e.type === 'market/trade' && push) {
        const ws = wireSymbol(e.data.symbol);
        this.push(`${ws.toLowerCase()}@trade`, { e: 'trade', E: e.data.ts, s: ws, t: e.data.ts, p: String(e.data.price), q: String(e.data.qty), T: e.data.ts, m: e.data.side === 'sell', M: true });
      }
    }
    if (push && arr.length) this.push('!ticker@arr', arr);
  }

  private push(stream: string, payload: unknown): void {
    for (const c of this.clients) if (c.streams.has(stream)) this.send(c, payload);
  }

  private send(c: Client, payload: unknown): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (this.faults.garbageFrames && this.faults.garbageFrames > 0) {
      for (let i = 0; i < this.faults.garbageFrames; i++) c.ws.send(i % 2 ? '\u0000\u00ff not json' : '{"e":"depthUpd');
      this.faults.garbageFrames = 0;
    }
    c.ws.send(JSON.stringify(payload));
    c.sent++;
    if (this.faults.dropAfterMessages !== undefined && c.sent >= this.faults.dropAfterMessages) {
      this.faults.dropAfterMessages = undefined;
      c.ws.terminate();
    }
  }
}

/** Levels that changed: new quantities, and removed prices with quantity 0. */
function diff(prev: readonly Level[], next: readonly Level[]): Level[] {
  const now = new Map(next.map(([p, q]) => [p, q]));
  const out: Level[] = [];
  for (const [p] of prev) if (!now.has(p)) out.push([p, 0]);
  const old = new Map(prev.map(([p, q]) => [p, q]));
  for (const [p, q] of next) if (old.get(p) !== q) out.push([p, q]);
  return out;
}
