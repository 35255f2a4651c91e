import type { Balance, DomainEvent, Fill, Instrument, Order, VenueId } from '../../domain/index.js';
import { isOpenStatus, UserError } from '../../domain/index.js';
import type { Clock, EventSink, VenuePort } from '../../engine/ports.js';
import type { LedgerState } from '../../store/index.js';
import type { CcxtExchange, CcxtMarket, CcxtOrder } from './ccxt-client.js';

export interface CcxtVenueOptions {
  readonly exchange: CcxtExchange;
  readonly venue: VenueId;
  readonly label: string;
  readonly clock: Clock;
  /** Whether keys were given: private streams, balances and trading. */
  readonly trading: boolean;
  /** Markets to stream (default: the first 12 USDT spot markets). */
  readonly symbols?: readonly string[];
  /** Injected so tests do not wait for real backoff. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onWarning?: (message: string) => void;
}

const MAIN = ['BTC', 'ETH', 'BNB', 'XRP', 'SOL', 'LTC', 'TRX', 'DOGE', 'ADA'];
const BACKOFF_MIN = 500;
const BACKOFF_MAX = 30_000;

/**
 * A real exchange through ccxt behind the venue port: REST for snapshots and orders,
 * websockets (ccxt pro) for tickers, books and the user's orders and balances, each stream
 * reconnecting with exponential backoff and jitter and resyncing from REST after a gap.
 * Every answer becomes store events; ccxt's types stop here.
 */
export class CcxtVenue implements VenuePort {
  readonly venue: VenueId;
  readonly label: string;
  private sink?: EventSink;
  private running = false;
  private markets: Record<string, CcxtMarket> = {};
  private watched: string[] = [];
  private readonly byClientId = new Map<string, Order>();
  /** Fill quantity and cost already reported per client order id: updates come twice. */
  private readonly reported = new Map<string, { qty: number; cost: number; ended: boolean }>();
  private readonly loops: Promise<void>[] = [];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: CcxtVenueOptions) {
    this.venue = o.venue;
    this.label = o.label;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms).unref()));
  }

  async start(sink: EventSink, ledger: LedgerState): Promise<void> {
    this.sink = sink;
    this.running = true;
    this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'connecting' } }]);
    try {
      await this.bootstrap(ledger);
    } catch (err) {
      this.running = false;
      await this.o.exchange.close?.().catch(() => undefined);
      throw new UserError(`${this.venue}: ${errorText(err)}${/Authentication|API-key|Signature/i.test(errorText(err)) ? ` (check the API key and secret for ${this.venue.split('-')[0]})` : ''}`);
    }
    this.loop('tickers', async () => this.onTickers(await this.o.exchange.watchTickers!(this.watched)), () => this.resyncMarket());
    for (const s of this.watched.slice(0, 3)) this.loop(`book ${s}`, async () => this.onBook(s, await this.o.exchange.watchOrderBook!(s, 20)), () => this.resyncBook(s));
    for (const s of this.watched.slice(0, 3)) this.loop(`candles ${s}`, async () => this.onCandles(s, await this.o.exchange.watchOHLCV!(s, '1m'), false), () => this.resyncCandles(s));
    if (this.o.trading) {
      this.loop('orders', async () => this.onOrders(await this.o.exchange.watchOrders!()), () => this.reconcile());
      this.loop('balance', async () => this.onBalance(await this.o.exchange.watchBalance!()), () => this.resyncBalance());
    }
  }

  private async bootstrap(ledger: LedgerState): Promise<void> {
    this.markets = await this.o.exchange.loadMarkets();
    const instruments = Object.values(this.markets).filter((m) => m.spot && m.active !== false).map((m) => this.instrument(m));
    // The main coins first: only the first few get books and candles streamed.
    const rank = (s: string) => { const i = MAIN.indexOf(s.split('/')[0]); return i === -1 ? MAIN.length : i; };
    const usdt = instruments.filter((i) => i.quote === 'USDT').map((i) => i.symbol).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    this.watched = [...(this.o.symbols ?? usdt.slice(0, 12))];
    this.emit([{ type: 'market/instruments', data: { venue: this.venue, instruments } }]);
    await this.resyncMarket();
    for (const o of Object.values(ledger.orders)) if (o.venue === this.venue) this.byClientId.set(o.clientOrderId, o);
    if (this.o.trading) await this.reconcile(ledger);
    this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'connected' } }]);
  }

  async stop(): Promise<void> {
    this.running = false;
    // ccxt does not always settle pending watches on close: wait a little, not forever.
    const settle = Promise.allSettled([this.o.exchange.close?.(), ...this.loops]);
    await Promise.race([settle, new Promise((r) => setTimeout(r, 1_500).unref())]);
    this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'disconnected' } }]);
    this.sink = undefined;
  }

  async submit(order: Order): Promise<void> {
    this.byClientId.set(order.clientOrderId, order);
    const params: Record<string, unknown> = { newClientOrderId: order.clientOrderId };
    if (order.type === 'limit') params.timeInForce = order.tif ?? 'GTC';
    if (order.quoteQty !== undefined) params.quoteOrderQty = order.quoteQty;
    let result: CcxtOrder;
    try {
      result = await this.o.exchange.createOrder(order.symbol, order.type, order.side, order.qty, order.price, params);
    } catch (err) {
      if (!isNetworkError(err)) return this.emit([{ type: 'order/rejected', data: { id: order.id, reason: errorText(err), ts: this.o.clock() } }]);
      // In doubt: the order may exist. Ask by our client id before anything else, never resend.
      const found = await this.findByClientId(order).catch(() => undefined);
      if (!found) return this.emit([{ type: 'order/rejected', data: { id: order.id, reason: `not placed: ${errorText(err)} and the exchange does not know client id ${order.clientOrderId}`, ts: this.o.clock() } }]);
      result = found;
    }
    this.onOrders([result]);
    await this.resyncBalance().catch(() => undefined);
  }

  async cancel(order: Order): Promise<void> {
    try {
      const r = await this.o.exchange.cancelOrder(order.exchangeOrderId ?? '', order.symbol);
      this.onOrders([r]);
    } catch (err) {
      const found = await this.findByClientId(order).catch(() => undefined);
      if (found) this.onOrders([found]);
      else throw new Error(errorText(err));
    }
    await this.resyncBalance().catch(() => undefined);
  }

  private instrument(m: CcxtMarket): Instrument {
    return { venue: this.venue, symbol: m.symbol, base: m.base, quote: m.quote, kind: 'spot', tickSize: m.precision.price ?? 1e-8, lotSize: m.precision.amount ?? 1e-8, minQty: m.limits.amount?.min ?? m.precision.amount ?? 1e-8, minNotional: m.limits.cost?.min ?? 0 };
  }

  /** Runs one stream forever: on failure, mark it, back off with jitter, resync from REST. */
  private loop(name: string, step: () => Promise<void>, resync: () => Promise<void>): void {
    const run = async (): Promise<void> => {
      let delay = BACKOFF_MIN;
      let broken = false;
      while (this.running) {
        try {
          await step();
          if (broken) {
            broken = false;
            delay = BACKOFF_MIN;
            this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'connected' } }]);
          }
        } catch (err) {
          if (!this.running) return;
          broken = true;
          this.o.onWarning?.(`${this.venue} ${name} stream: ${errorText(err)}; reconnecting in ${Math.round(delay)} ms`);
          this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'reconnecting', detail: `${name}: ${errorText(err)}` } }]);
          await this.sleep(delay * (0.5 + Math.random()));
          delay = Math.min(BACKOFF_MAX, delay * 2);
          await resync().catch(() => undefined);
        }
      }
    };
    this.loops.push(run());
  }

  private async resyncMarket(): Promise<void> {
    this.onTickers(await this.o.exchange.fetchTickers(this.watched));
    for (const s of this.watched.slice(0, 3)) {
      await this.resyncBook(s);
      await this.resyncCandles(s);
    }
  }

  private async resyncCandles(symbol: string): Promise<void> {
    this.onCandles(symbol, await this.o.exchange.fetchOHLCV(symbol, '1m', undefined, 240), true);
  }

  /** 1m candles; all but the newest are closed (a snapshot), the newest may still change. */
  private onCandles(symbol: string, rows: readonly (readonly number[])[], snapshot: boolean): void {
    const events: DomainEvent[] = rows.map((r, i) => ({
      type: 'market/candle',
      data: { venue: this.venue, symbol, timeframe: '1m', candle: { t: r[0], o: r[1], h: r[2], l: r[3], c: r[4], v: r[5] }, closed: r[0] + 60_000 <= this.o.clock() && (snapshot || i < rows.length - 1) },
    }));
    this.emit(events);
  }

  private async resyncBook(symbol: string): Promise<void> {
    this.onBook(symbol, await this.o.exchange.fetchOrderBook(symbol, 20));
  }

  private async resyncBalance(): Promise<void> {
    this.onBalance(await this.o.exchange.fetchBalance());
  }

  /** Open orders and balances against the exchange; differences become correcting events. */
  private async reconcile(ledger?: LedgerState): Promise<void> {
    await this.resyncBalance();
    const orders = ledger ? Object.values(ledger.orders) : [...this.byClientId.values()];
    for (const o of orders) {
      if (o.venue !== this.venue || !isOpenStatus(o.status)) continue;
      const found = await this.findByClientId(o).catch(() => undefined);
      if (found) this.onOrders([found]);
      else if (o.status === 'submitted') this.emit([{ type: 'order/rejected', data: { id: o.id, reason: 'the exchange has no order with this client id: it was never placed', ts: this.o.clock() } }]);
    }
  }

  private findByClientId(order: Order): Promise<CcxtOrder> {
    return this.o.exchange.fetchOrder('', order.symbol, { origClientOrderId: order.clientOrderId });
  }

  private onTickers(tickers: Record<string, { symbol: string; bid?: number; ask?: number; last?: number; open?: number; high?: number; low?: number; baseVolume?: number; timestamp?: number }>): void {
    const events: DomainEvent[] = [];
    for (const t of Object.values(tickers)) {
      if (t.last === undefined) continue;
      events.push({ type: 'market/ticker', data: { venue: this.venue, symbol: t.symbol, bid: t.bid ?? t.last, ask: t.ask ?? t.last, last: t.last, open24h: t.open ?? t.last, high24h: t.high ?? t.last, low24h: t.low ?? t.last, volume24h: t.baseVolume ?? 0, ts: t.timestamp ?? this.o.clock() } });
    }
    this.emit(events);
  }

  private onBook(symbol: string, b: { bids: [number, number][]; asks: [number, number][]; timestamp?: number }): void {
    this.emit([{ type: 'market/book', data: { venue: this.venue, symbol, snapshot: true, bids: b.bids.slice(0, 20).map(([p, q]) => [p, q] as const), asks: b.asks.slice(0, 20).map(([p, q]) => [p, q] as const), ts: b.timestamp ?? this.o.clock() } }]);
  }

  private onBalance(b: { free: Record<string, number>; used: Record<string, number> }): void {
    const balances: Record<string, Balance> = {};
    for (const [asset, free] of Object.entries(b.free ?? {})) if (typeof free === 'number') balances[asset] = { free, locked: b.used?.[asset] ?? 0 };
    this.emit([{ type: 'account/balances', data: { venue: this.venue, balances, full: true } }]);
  }

  /** Order snapshots (REST answers or stream updates) to lifecycle events, each fill once. */
  private onOrders(list: readonly CcxtOrder[]): void {
    const events: DomainEvent[] = [];
    const now = this.o.clock();
    for (const x of list) {
      const ours = x.clientOrderId ? this.byClientId.get(x.clientOrderId) : undefined;
      if (!ours) continue;
      const seen = this.reported.get(ours.clientOrderId);
      if (!seen) {
        events.push({ type: 'order/accepted', data: { id: ours.id, exchangeOrderId: x.id, ts: x.timestamp ?? now } });
        this.reported.set(ours.clientOrderId, { qty: 0, cost: 0, ended: false });
      }
      const done = this.reported.get(ours.clientOrderId)!;
      const filled = x.filled ?? 0;
      if (filled > done.qty + 1e-12) {
        const cost = filled * (x.average ?? x.price ?? 0);
        const qty = filled - done.qty;
        const price = (cost - done.cost) / qty;
        const complete = x.status === 'closed';
        const fill: Fill = { tradeId: `${x.id}-${filled}`, orderId: ours.id, venue: this.venue, symbol: ours.symbol, side: ours.side, qty, price, fee: x.fee?.cost ? x.fee.cost * (qty / filled) : 0, feeAsset: x.fee?.currency ?? ours.symbol.split('/')[1], liquidity: ours.type === 'limit' ? 'maker' : 'taker', ts: x.timestamp ?? now };
        events.push(complete ? { type: 'order/filled', data: { fill } } : { type: 'order/partiallyFilled', data: { fill } });
        this.reported.set(ours.clientOrderId, { qty: filled, cost, ended: complete });
      }
      const state = this.reported.get(ours.clientOrderId)!;
      if (state.ended) continue;
      if (x.status === 'canceled' || x.status === 'expired' || x.status === 'rejected') {
        state.ended = true;
        if (x.status === 'rejected') events.push({ type: 'order/rejected', data: { id: ours.id, reason: 'rejected by the exchange', ts: now } });
        else events.push({ type: 'order/cancelled', data: { id: ours.id, reason: x.status === 'expired' ? 'expired at the exchange' : 'cancelled', ts: now } });
      }
    }
    this.emit(events);
  }

  private emit(events: readonly DomainEvent[]): void {
    if (events.length && this.sink) this.sink(events);
  }
}

function isNetworkError(err: unknown): boolean {
  const name = (err as Error)?.constructor?.name ?? '';
  return /NetworkError|RequestTimeout|ExchangeNotAvailable|DDoSProtection/.test(name) || /timed? ?out|ECONNRESET|ECONNREFUSED|socket hang up/i.test((err as Error)?.message ?? '');
}

function errorText(err: unknown): string {
  const e = err as Error;
  const msg = (e?.message ?? String(err)).replace(/^binance\s*/, '');
  const m = /"msg":"([^"]+)"/.exec(msg);
  return `${e?.constructor?.name ?? 'Error'}: ${m ? m[1] : msg.slice(0, 160)}`;
}
