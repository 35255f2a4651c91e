import type { Balance, Candle, CoinSupplies, Fill, Instrument, Order, OrderBook, PriceAlert, Ticker, VenueId, ConnectionState } from '../domain/index.js';
import type { LedgerState, MarketState, Notice, Position, State, StrategyState } from './state.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Dict<V> = Record<string, V>;

/**
 * Copy-on-write working copy of the state for one batch of events. Each container is copied
 * at most once per batch, so folding 1,000 ticks costs one copy of the tickers map, not 1,000,
 * while the state handed in is never mutated (the fold stays pure from the outside).
 */
export class Draft {
  private readonly base: State;
  lastSeq: number;
  lastTs: number;
  ledgerSeq: number;
  private market?: Mutable<MarketState>;
  private ledger?: Mutable<LedgerState>;
  private readonly copied = new Set<string>();

  constructor(base: State) {
    this.base = base;
    this.lastSeq = base.lastSeq;
    this.lastTs = base.lastTs;
    this.ledgerSeq = base.ledgerSeq;
  }

  private m(): Mutable<MarketState> {
    return (this.market ??= { ...this.base.market });
  }

  private l(): Mutable<LedgerState> {
    return (this.ledger ??= { ...this.base.ledger });
  }

  /** Returns a writable shallow copy of `container[name]`, copying it on first touch. */
  private own<T extends object>(holder: Record<string, unknown>, name: string, tag: string): T {
    if (!this.copied.has(tag)) {
      this.copied.add(tag);
      const current = holder[name] as T;
      holder[name] = Array.isArray(current) ? [...current] : { ...current };
    }
    return holder[name] as T;
  }

  get readMarket(): MarketState {
    return this.market ?? this.base.market;
  }

  get readLedger(): LedgerState {
    return this.ledger ?? this.base.ledger;
  }

  instruments(): Dict<Instrument> {
    return this.own(this.m() as unknown as Dict<unknown>, 'instruments', 'm.instruments');
  }
  tickers(): Dict<Ticker> {
    return this.own(this.m() as unknown as Dict<unknown>, 'tickers', 'm.tickers');
  }
  books(): Dict<OrderBook> {
    return this.own(this.m() as unknown as Dict<unknown>, 'books', 'm.books');
  }
  setSupplies(supplies: CoinSupplies): void {
    this.m().supplies = supplies;
  }
  connections(): Dict<{ state: ConnectionState; detail?: string }> {
    return this.own(this.m() as unknown as Dict<unknown>, 'connections', 'm.connections');
  }
  /** A writable candle series for one key (the map and the array are both owned). */
  candleSeries(key: string): Candle[] {
    const map = this.own<Dict<readonly Candle[]>>(this.m() as unknown as Dict<unknown>, 'candles', 'm.candles');
    if (!map[key]) map[key] = [];
    return this.own<Candle[]>(map as Dict<unknown>, key, `m.candles.${key}`);
  }

  orders(): Dict<Order> {
    return this.own(this.l() as unknown as Dict<unknown>, 'orders', 'l.orders');
  }
  closedOrderIds(): string[] {
    return this.own(this.l() as unknown as Dict<unknown>, 'closedOrderIds', 'l.closedOrderIds');
  }
  fills(): Fill[] {
    return this.own(this.l() as unknown as Dict<unknown>, 'fills', 'l.fills');
  }
  positions(): Dict<Position> {
    return this.own(this.l() as unknown as Dict<unknown>, 'positions', 'l.positions');
  }
  strategies(): Dict<StrategyState> {
    return this.own(this.l() as unknown as Dict<unknown>, 'strategies', 'l.strategies');
  }
  alerts(): Dict<PriceAlert> {
    return this.own(this.l() as unknown as Dict<unknown>, 'alerts', 'l.alerts');
  }
  triggeredAlerts(): LedgerState['triggeredAlerts'][number][] {
    return this.own(this.l() as unknown as Dict<unknown>, 'triggeredAlerts', 'l.triggeredAlerts');
  }
  notices(): Notice[] {
    return this.own(this.l() as unknown as Dict<unknown>, 'notices', 'l.notices');
  }
  balances(venue: VenueId): Dict<Balance> {
    const map = this.own<Dict<Dict<Balance>>>(this.l() as unknown as Dict<unknown>, 'balances', 'l.balances');
    if (!map[venue]) map[venue] = {};
    return this.own<Dict<Balance>>(map as Dict<unknown>, venue, `l.balances.${venue}`);
  }
  replaceBalances(venue: VenueId, next: Dict<Balance>): void {
    const map = this.own<Dict<Dict<Balance>>>(this.l() as unknown as Dict<unknown>, 'balances', 'l.balances');
    map[venue] = next;
    this.copied.add(`l.balances.${venue}`);
  }
  bumpCounter(name: 'orderCount' | 'fillCount' | 'commandCount' | 'alertCount', by = 1): void {
    this.l()[name] += by;
  }

  finish(): State {
    if (!this.market && !this.ledger && this.lastSeq === this.base.lastSeq && this.lastTs === this.base.lastTs) return this.base;
    return {
      lastSeq: this.lastSeq,
      lastTs: this.lastTs,
      ledgerSeq: this.ledgerSeq,
      market: this.market ?? this.base.market,
      ledger: this.ledger ?? this.base.ledger,
    };
  }
}
