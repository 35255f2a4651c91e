import type { CandleSeries, DomainEvent, Instrument, Order, VenueId } from '../../domain/index.js';
import type { EventSink, VenuePort } from '../../engine/ports.js';
import type { LedgerState } from '../../store/index.js';
import { MatchingEngine } from './matching-engine.js';
import { feeModel } from '../../engine/fees.js';

export interface ReplayOptions {
  readonly venue?: VenueId;
  readonly symbol: string;
  readonly series: CandleSeries;
  readonly cash?: number;
  readonly fee?: number;
  /**
   * Candles before this index are history, given at start (as a real venue gives its recent
   * candles): a restarted session warms its strategies up on them. Default 0.
   */
  readonly startAt?: number;
}

/**
 * Replays historical candles as a venue: orders placed after candle t closes wait and fill
 * at candle t+1's open, which is the backtester's execution model, so a paper run over the
 * same candles must make the same trades. Time is the replayed candle's time.
 */
export class CandleReplayVenue implements VenuePort {
  readonly venue: VenueId;
  readonly label = 'REPLAY';
  private sink?: EventSink;
  private engine?: MatchingEngine;
  private queue: Order[] = [];
  private i = 0;
  private readonly instrument: Instrument;
  now: number;

  constructor(private readonly opts: ReplayOptions) {
    this.venue = opts.venue ?? 'replay';
    const [base, quote] = opts.symbol.split('/');
    this.instrument = { venue: this.venue, symbol: opts.symbol, base, quote, kind: 'spot', tickSize: 1e-8, lotSize: 1e-8, minQty: 1e-8, minNotional: 0 };
    this.now = opts.series.length ? opts.series.t[0] : 0;
  }

  async start(sink: EventSink, ledger: LedgerState): Promise<void> {
    this.sink = sink;
    const fees = feeModel('spot', this.opts.fee);
    const balances = ledger.balances[this.venue] ?? { [this.instrument.quote]: { free: this.opts.cash ?? 10_000, locked: 0 } };
    this.engine = new MatchingEngine({ venue: this.venue, instruments: [this.instrument], makerFee: fees.maker, takerFee: fees.taker, balances, clock: () => this.now });
    const s = this.opts.series;
    const from = Math.min(this.opts.startAt ?? 0, s.length);
    const history: DomainEvent[] = [];
    for (let i = this.i; i < from; i++) {
      history.push({ type: 'market/candle', data: { venue: this.venue, symbol: this.instrument.symbol, timeframe: '1m', candle: { t: s.t[i], o: s.o[i], h: s.h[i], l: s.l[i], c: s.c[i], v: s.v[i] }, closed: true } });
    }
    if (from > this.i) {
      this.i = from;
      this.now = from < s.length ? s.t[from] : s.t[from - 1] + 60_000;
    }
    sink([
      { type: 'market/connection', data: { venue: this.venue, state: 'connected' } },
      { type: 'market/instruments', data: { venue: this.venue, instruments: [this.instrument] } },
      ...(ledger.balances[this.venue] ? [] : [{ type: 'account/balances' as const, data: { venue: this.venue, balances, full: true } }]),
      ...history,
    ]);
  }

  /** Plays the next candle: queued orders fill at its open, then it closes. False at the end. */
  next(): boolean {
    const s = this.opts.series;
    if (!this.sink || !this.engine || this.i >= s.length) return false;
    const i = this.i++;
    this.now = s.t[i];
    const { symbol } = this.instrument;
    const events: DomainEvent[] = [];
    const openBook = { venue: this.venue, symbol, bids: [[s.o[i], 1e12]] as [number, number][], asks: [[s.o[i], 1e12]] as [number, number][], ts: s.t[i] };
    events.push({ type: 'market/book', data: { ...openBook, snapshot: true } });
    for (const order of this.queue) events.push(...this.engine.submit(order, openBook));
    this.queue = [];
    // Resting limits fill in the candle's range at their price (fill-model.ts limitFillPrice, as the backtest).
    events.push(...this.engine.onRange(symbol, s.o[i], s.h[i], s.l[i]));
    this.now = s.t[i] + 59_999;
    const c = s.c[i];
    events.push(
      { type: 'market/ticker', data: { venue: this.venue, symbol, bid: c, ask: c, last: c, open24h: s.o[0], high24h: c, low24h: c, volume24h: 0, ts: this.now } },
      { type: 'market/book', data: { venue: this.venue, symbol, snapshot: true, bids: [[c, 1e12]], asks: [[c, 1e12]], ts: this.now } },
      { type: 'market/candle', data: { venue: this.venue, symbol, timeframe: '1m', candle: { t: s.t[i], o: s.o[i], h: s.h[i], l: s.l[i], c, v: s.v[i] }, closed: true } },
    );
    this.sink(events);
    return true;
  }

  async stop(): Promise<void> {
    this.sink = undefined;
  }

  async submit(order: Order): Promise<void> {
    this.queue.push(order);
  }

  async cancel(order: Order, reason = 'cancelled by user'): Promise<void> {
    const queued = this.queue.some((o) => o.id === order.id);
    this.queue = this.queue.filter((o) => o.id !== order.id);
    // An order already at the exchange (a resting limit) is cancelled there, its held funds released.
    if (!queued && this.engine) this.sink?.(this.engine.cancel(order.id, reason));
    else this.sink?.([{ type: 'order/cancelled', data: { id: order.id, reason, ts: this.now } }]);
  }
}
