import type { Balance, DomainEvent, Instrument, Order, OrderBook } from '../../domain/index.js';
import { isOpenStatus } from '../../domain/index.js';
import type { Clock, EventSink, VenuePort } from '../../engine/ports.js';
import type { LedgerState } from '../../store/index.js';
import { MatchingEngine } from './matching-engine.js';
import { feeModel } from '../../engine/fees.js';

export interface PaperOptions {
  readonly clock: Clock;
  readonly fee?: number;
  readonly startingBalances?: Readonly<Record<string, number>>;
}

/**
 * Paper trading on a real market: market data from the wrapped venue (public only, no keys),
 * orders filled by the simulated matching engine against that venue's live book. Nothing is
 * ever sent to the exchange.
 */
export class PaperVenue implements VenuePort {
  readonly venue: string;
  readonly label: string;
  readonly stopOrders = true;
  readonly trailingStops = 'any';
  private engine?: MatchingEngine;
  private sink?: EventSink;
  private readonly books = new Map<string, OrderBook>();
  private ledger?: LedgerState;

  constructor(private readonly inner: VenuePort, private readonly o: PaperOptions) {
    this.venue = inner.venue;
    this.label = `${inner.label} PAPER`;
  }

  async start(sink: EventSink, ledger: LedgerState): Promise<void> {
    this.sink = sink;
    this.ledger = ledger;
    await this.inner.start((events) => sink(this.intercept(events)), ledger);
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  watchMarket(symbol: string): Promise<void> {
    return this.inner.watchMarket?.(symbol) ?? Promise.resolve();
  }

  // Market data is the exchange's: its history too.
  candleHistory(...args: Parameters<NonNullable<VenuePort['candleHistory']>>): Promise<void> {
    return this.inner.candleHistory?.(...args) ?? Promise.resolve();
  }

  async submit(order: Order): Promise<void> {
    if (!this.engine || !this.sink) throw new Error('paper trading is not ready: no markets yet');
    this.sink(this.engine.submit(order, this.books.get(order.symbol)));
  }

  async cancel(order: Order, reason?: string): Promise<void> {
    if (!this.engine || !this.sink) throw new Error('paper trading is not ready: no markets yet');
    this.sink(this.engine.cancel(order.id, reason));
  }

  private intercept(events: readonly DomainEvent[]): DomainEvent[] {
    const out: DomainEvent[] = [];
    for (const e of events) {
      if (e.type === 'account/balances') continue; // the paper account is ours, not the exchange's
      out.push(e);
      if (e.type === 'market/instruments' && !this.engine) out.push(...this.open(e.data.instruments));
      if (e.type === 'market/book' && this.engine) {
        const book = { venue: e.data.venue, symbol: e.data.symbol, bids: e.data.bids, asks: e.data.asks, ts: e.data.ts };
        this.books.set(e.data.symbol, book);
        out.push(...this.engine.onBook(book));
      }
      if (e.type === 'market/trade' && this.engine) out.push(...this.engine.onTrade(e.data.symbol, e.data.price, this.books.get(e.data.symbol)));
    }
    return out;
  }

  private open(instruments: readonly Instrument[]): DomainEvent[] {
    const events: DomainEvent[] = [];
    let balances: Readonly<Record<string, Balance>> | undefined = this.ledger?.balances[this.venue];
    if (!balances) {
      balances = Object.fromEntries(Object.entries(this.o.startingBalances ?? { USDT: 10_000 }).map(([a, free]) => [a, { free, locked: 0 }]));
      events.push({ type: 'account/balances', data: { venue: this.venue, balances, full: true } });
    }
    const fees = feeModel('spot', this.o.fee);
    this.engine = new MatchingEngine({ venue: this.venue, instruments, makerFee: fees.maker, takerFee: fees.taker, balances, clock: this.o.clock, firstTradeSeq: this.ledger?.fillCount ?? 0 });
    for (const o of Object.values(this.ledger?.orders ?? {})) {
      if (o.venue !== this.venue || !isOpenStatus(o.status)) continue;
      if (o.status === 'submitted') events.push({ type: 'order/rejected', data: { id: o.id, reason: 'not sent: atapi stopped before the order was filled', ts: this.o.clock() } });
      else this.engine.restore(o);
    }
    return events;
  }
}
