import type { MarketSymbol, Order, Timeframe, VenueId } from '../../domain/index.js';
import type { EventSink, FuturesPort, VenuePort } from '../../engine/ports.js';
import type { LedgerState } from '../../store/index.js';

/**
 * Several venues behind the one venue port a session has: each started on the same sink (one
 * store, one log; every event already names its venue), an order sent to the venue it names.
 * The first venue is the session's own (`venue`, candle history, futures); the others trade
 * beside it. Why a composite rather than a session per venue: every check, the ledger and the
 * kill switch stay one, so an arbitrage's two legs are two orders of one record.
 */
export class MultiVenue implements VenuePort {
  readonly venue: VenueId;
  readonly label: string;
  readonly stopOrders: boolean;
  readonly futures?: FuturesPort;
  private readonly byId: ReadonlyMap<VenueId, VenuePort>;

  constructor(readonly members: readonly VenuePort[]) {
    if (members.length === 0) throw new Error('a multi-venue session needs at least one venue');
    this.venue = members[0].venue;
    this.label = members.map((m) => m.label).join(' + ');
    this.stopOrders = members.every((m) => m.stopOrders === true);
    this.futures = members[0].futures;
    this.byId = new Map(members.map((m) => [m.venue, m]));
  }

  /** The venue ids, the session's own first. */
  get ids(): VenueId[] {
    return this.members.map((m) => m.venue);
  }

  async start(sink: EventSink, ledger: LedgerState): Promise<void> {
    const started: VenuePort[] = [];
    try {
      for (const m of this.members) {
        await m.start(sink, ledger);
        started.push(m);
      }
    } catch (err) {
      await Promise.all(started.map((m) => m.stop().catch(() => undefined)));
      throw err;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => m.stop()));
  }

  submit(order: Order): Promise<void> {
    return this.of(order).submit(order);
  }

  cancel(order: Order): Promise<void> {
    return this.of(order).cancel(order);
  }

  async watchMarket(symbol: MarketSymbol): Promise<void> {
    await Promise.all(this.members.map((m) => m.watchMarket?.(symbol)));
  }

  candleHistory(symbol: MarketSymbol, timeframe: Timeframe, limit: number, until: { readonly t: number; readonly price: number }): Promise<void> {
    return this.members[0].candleHistory?.(symbol, timeframe, limit, until) ?? Promise.resolve();
  }

  /** The venue an order names; an unknown one is a programming error (the session checks the venue first). */
  private of(order: Order): VenuePort {
    const v = this.byId.get(order.venue);
    if (!v) throw new Error(`order ${order.id} names venue ${order.venue}, which this session does not have`);
    return v;
  }
}
