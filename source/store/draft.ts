import type { Alert, ArbInstance, ArbTx, CarryInstance, Balance, BracketOrder, Candle, CoinSupplies, Fill, Instrument, Order, OrderBook, PublicTrade, Ticker, TrailPoint, VenueId, ConnectionState } from '../domain/index.js';
import type { StrategyAccount } from './strategy-account.js';
import type { EquityPeak, LedgerState, MarketState, Notice, Position, RuntimeState, State, StrategyHold, StrategyRuntime, StrategyState, WrittenOff } from './state.js';

import { MAX_TRADE_IDS, marketKey } from '../domain/index.js';
import { ReplayOrders } from './replay-orders.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Dict<V> = Record<string, V>;

/**
 * Copy-on-write working copy of the state for one batch of events. Each container is copied
 * at most once per batch, so folding 1,000 ticks costs one copy of the tickers map, not 1,000,
 * while the state handed in is never mutated (the fold stays pure from the outside).
 */
export class Draft {
  private readonly base: State;
  // Numbers from the start (the constructor sets them): a field declared bare is made
  // `undefined` first (ES2022 class fields), so V8 kept it as any value and boxed every time
  // stored in it, a new heap number and a write barrier per event of a replay.
  lastSeq = 0;
  lastTs = 0;
  ledgerSeq = 0;
  private market?: Mutable<MarketState>;
  private ledger?: Mutable<LedgerState>;
  private runtime?: Mutable<RuntimeState>;
  private readonly copied = new Set<string>();
  /**
   * Set when the events folded into this draft belong to it alone (a replay of the log):
   * then an order or position that did not come from `base` is changed in place instead of
   * copied, since nothing outside the draft can see it before `finish`.
   */
  private readonly inPlace: boolean;
  // The hot ledger containers, once owned: saves a lookup of `copied` per event.
  private ordersW?: Dict<Order>;
  /** A replay's orders (replay-orders.ts), once an order event came. */
  private replayW?: ReplayOrders;
  private positionsW?: Dict<Position>;
  private fillsW?: Fill[];
  private closedW?: string[];
  /** Each venue's balances once owned (by `balances` or `replaceBalances`). */
  private balancesW?: Map<VenueId, Dict<Balance>>;
  /** The last market `marketKey` made a key for, and its key. */
  private keyVenue = '';
  private keySymbol = '';
  private key = '';

  constructor(base: State, inPlace = false) {
    this.base = base;
    this.inPlace = inPlace;
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

  get readRuntime(): RuntimeState {
    return this.runtime ?? this.base.runtime;
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
  /** The newest candle of each series (see `MarketState.candleTips`), owned for the batch. */
  candleTips(): Dict<Candle> {
    const m = this.m() as unknown as Dict<unknown>;
    m.candleTips ??= {};
    return this.own(m, 'candleTips', 'm.candleTips');
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

  /** A writable public-trade series for one key (the map and the array are both owned). */
  tradeSeries(key: string): PublicTrade[] {
    const map = this.own<Dict<readonly PublicTrade[]>>(this.m() as unknown as Dict<unknown>, 'trades', 'm.trades');
    if (!map[key]) map[key] = [];
    return this.own<PublicTrade[]>(map as Dict<unknown>, key, `m.trades.${key}`);
  }

  /** The orders as they stand (not for a replay's draft: see `order`). */
  private orders(): Dict<Order> {
    return (this.ordersW ??= this.own(this.l() as unknown as Dict<unknown>, 'orders', 'l.orders'));
  }

  /** A replay's orders (`inPlace` only): the state's orders object is made once, in `finish`. */
  private replayOrders(): ReplayOrders {
    if (!this.replayW) {
      this.replayW = new ReplayOrders(this.base.ledger.orders);
      this.l();
    }
    return this.replayW;
  }

  /** The order under `id` now. */
  order(id: string): Order | undefined {
    return this.inPlace ? this.replayOrders().get(id) : this.readLedger.orders[id];
  }

  /** Stores `o` under its id. */
  setOrder(o: Order): void {
    if (this.inPlace) this.replayOrders().set(o);
    else this.orders()[o.id] = o;
  }

  deleteOrder(id: string): void {
    if (this.inPlace) this.replayOrders().delete(id);
    else delete this.orders()[id];
  }

  /**
   * A writable order for `o` (the current one under its id), stored in the orders: `o`
   * itself when the draft may change it in place, else a fresh copy. Its `tradeIds` array is
   * shared with `o` only when the order itself is `o`.
   */
  writableOrder(o: Order): Mutable<Order> {
    if (this.inPlace && !this.replayOrders().isBase(o)) return o as Mutable<Order>;
    const copy: Mutable<Order> = { ...o };
    // In place, the copy's trade ids will be appended to: they must not be the base's array.
    if (this.inPlace && o.tradeIds) copy.tradeIds = [...o.tradeIds];
    this.setOrder(copy);
    return copy;
  }
  /** Records a trade id on an order from `writableOrder`, keeping the newest MAX_TRADE_IDS. */
  addTradeId(w: Mutable<Order>, tradeId: string): void {
    const ids = w.tradeIds as string[] | undefined;
    if (this.inPlace && ids) {
      ids.push(tradeId);
      if (ids.length > MAX_TRADE_IDS) ids.splice(0, ids.length - MAX_TRADE_IDS);
      return;
    }
    // Most orders fill once: their first trade id makes a one-element list, nothing copied.
    const next = ids ? [...ids, tradeId] : [tradeId];
    w.tradeIds = next.length > MAX_TRADE_IDS ? next.slice(-MAX_TRADE_IDS) : next;
  }
  closedOrderIds(): string[] {
    return (this.closedW ??= this.own(this.l() as unknown as Dict<unknown>, 'closedOrderIds', 'l.closedOrderIds'));
  }
  fills(): Fill[] {
    return (this.fillsW ??= this.own(this.l() as unknown as Dict<unknown>, 'fills', 'l.fills'));
  }
  positions(): Dict<Position> {
    return (this.positionsW ??= this.own(this.l() as unknown as Dict<unknown>, 'positions', 'l.positions'));
  }
  /**
   * `marketKey(venue, symbol)`, the last one kept: a batch or a replay folds fills of a few
   * markets, and a new key string per fill was looked up in V8's table of unique strings.
   */
  marketKey(venue: VenueId, symbol: string): string {
    if (venue !== this.keyVenue || symbol !== this.keySymbol) {
      this.keyVenue = venue;
      this.keySymbol = symbol;
      this.key = marketKey(venue, symbol);
    }
    return this.key;
  }
  /** A writable position under `key` (see `writableOrder`), flat when there is none yet. */
  writablePosition(key: string, venue: VenueId, symbol: string): Mutable<Position> {
    const positions = this.positions();
    const p = positions[key];
    if (p && this.inPlace && this.base.ledger.positions[key] !== p) return p as Mutable<Position>;
    const copy: Mutable<Position> = p ? { ...p } : { venue, symbol, qty: 0, avgPrice: 0, realizedPnl: 0 };
    positions[key] = copy;
    return copy;
  }
  /** Instance accounts (a map a pre-account snapshot lacks: copying `undefined` gives `{}`). */
  strategyAccounts(): Dict<StrategyAccount> {
    return this.own(this.l() as unknown as Dict<unknown>, 'strategyAccounts', 'l.strategyAccounts');
  }
  /** Standing holds of instances (a map an older snapshot lacks, as `strategyAccounts`). */
  /** Brackets waiting for their entry (absent in an older snapshot, as `strategyAccounts`). */
  brackets(): Dict<BracketOrder> {
    const l = this.l() as unknown as Dict<unknown>;
    l.brackets ??= {};
    return this.own(l, 'brackets', 'l.brackets');
  }
  /** Arbitrage instances and transactions (absent in an older snapshot, as `brackets`). */
  arbInstances(): Dict<ArbInstance> {
    const l = this.l() as unknown as Dict<unknown>;
    l.arbInstances ??= {};
    return this.own(l, 'arbInstances', 'l.arbInstances');
  }
  arbTxs(): Dict<ArbTx> {
    const l = this.l() as unknown as Dict<unknown>;
    l.arbTxs ??= {};
    return this.own(l, 'arbTxs', 'l.arbTxs');
  }
  /** Funding carries (absent in an older snapshot, as `brackets`). */
  carryInstances(): Dict<CarryInstance> {
    const l = this.l() as unknown as Dict<unknown>;
    l.carryInstances ??= {};
    return this.own(l, 'carryInstances', 'l.carryInstances');
  }
  strategyHolds(): Dict<StrategyHold> {
    return this.own(this.l() as unknown as Dict<unknown>, 'strategyHolds', 'l.strategyHolds');
  }
  /** Instance trade lists (absent in a pre-trades snapshot, as `strategyAccounts`). */
  strategyTrades(): Dict<readonly Fill[]> {
    return this.own(this.l() as unknown as Dict<unknown>, 'strategyTrades', 'l.strategyTrades');
  }
  /** Instance write-offs (absent in an older snapshot, as `brackets`). */
  strategyWriteOffs(): Dict<readonly WrittenOff[]> {
    const l = this.l() as unknown as Dict<unknown>;
    l.strategyWriteOffs ??= {};
    return this.own(l, 'strategyWriteOffs', 'l.strategyWriteOffs');
  }
  /** Ids of signals acted on (absent in an older snapshot, as `strategyAccounts`). */
  signalIds(): { id: string; ts: number }[] {
    const l = this.l();
    if (!this.copied.has('l.signalIds')) {
      this.copied.add('l.signalIds');
      l.signalIds = [...(l.signalIds ?? [])];
    }
    return l.signalIds as { id: string; ts: number }[];
  }
  /** The process's runtime of strategy instances (never in the ledger). */
  strategyRuntimes(): Dict<StrategyRuntime> {
    this.runtime ??= { ...this.base.runtime };
    return this.own(this.runtime as unknown as Dict<unknown>, 'strategies', 'r.strategies');
  }
  /** Trailing stops' moving triggers (never in the ledger). */
  trails(): Dict<TrailPoint> {
    this.runtime ??= { ...this.base.runtime };
    (this.runtime as { trails?: Dict<TrailPoint> }).trails ??= {};
    return this.own(this.runtime as unknown as Dict<unknown>, 'trails', 'r.trails');
  }
  strategies(): Dict<StrategyState> {
    return this.own(this.l() as unknown as Dict<unknown>, 'strategies', 'l.strategies');
  }
  watchlists(): Dict<readonly string[]> {
    return this.own(this.l() as unknown as Dict<unknown>, 'watchlists', 'l.watchlists');
  }
  alerts(): Dict<Alert> {
    return this.own(this.l() as unknown as Dict<unknown>, 'alerts', 'l.alerts');
  }
  triggeredAlerts(): LedgerState['triggeredAlerts'][number][] {
    return this.own(this.l() as unknown as Dict<unknown>, 'triggeredAlerts', 'l.triggeredAlerts');
  }
  notices(): Notice[] {
    return this.own(this.l() as unknown as Dict<unknown>, 'notices', 'l.notices');
  }
  balances(venue: VenueId): Dict<Balance> {
    const owned = this.balancesW?.get(venue);
    if (owned) return owned;
    const map = this.own<Dict<Dict<Balance>>>(this.l() as unknown as Dict<unknown>, 'balances', 'l.balances');
    if (!map[venue]) map[venue] = {};
    const mine = this.own<Dict<Balance>>(map as Dict<unknown>, venue, `l.balances.${venue}`);
    (this.balancesW ??= new Map()).set(venue, mine);
    return mine;
  }
  replaceBalances(venue: VenueId, next: Dict<Balance>): void {
    const map = this.own<Dict<Dict<Balance>>>(this.l() as unknown as Dict<unknown>, 'balances', 'l.balances');
    map[venue] = next;
    this.copied.add(`l.balances.${venue}`);
    (this.balancesW ??= new Map()).set(venue, next);
  }
  /** Futures events fold into their own slice (store/futures-evolve.ts), replaced whole. */
  /** What the last `ledger repair` lost, until the trader acknowledges it (undefined: nothing to show). */
  setRepairWarning(next: LedgerState['repairWarning']): void {
    const l = this.l();
    if (next === undefined) delete l.repairWarning;
    else l.repairWarning = next;
  }

  /** The kill switch: set, or cleared (undefined). */
  setHalt(next: LedgerState['halt']): void {
    const l = this.l();
    if (next === undefined) delete l.halt;
    else l.halt = next;
  }

  /** The equity peak of one venue (protect/peak). */
  setEquityPeak(venue: VenueId, peak: EquityPeak): void {
    const l = this.l();
    l.equityPeaks = { ...l.equityPeaks, [venue]: peak };
  }

  /** A trader's resume of a protection's halt (undefined: none). */
  setProtectResumed(next: LedgerState['protectResumed']): void {
    this.l().protectResumed = next;
  }

  /** Forgets every equity peak: drawdown is measured again from the next one recorded. */
  clearEquityPeaks(): void {
    delete this.l().equityPeaks;
  }

  setFutures(next: LedgerState['futures']): void {
    if (next !== this.readLedger.futures) this.l().futures = next;
  }
  setMark(key: string, mark: NonNullable<MarketState['marks']>[string]): void {
    const m = this.m();
    if (!this.copied.has('m.marks')) {
      this.copied.add('m.marks');
      m.marks = { ...m.marks };
    }
    (m.marks as Dict<NonNullable<MarketState['marks']>[string]>)[key] = mark;
  }
  bumpCounter(name: 'orderCount' | 'fillCount' | 'commandCount' | 'alertCount', by = 1): void {
    // Each counter by its own name, not `l[name]`: the fold calls this for most events, and one
    // keyed store meeting four names was a generic (slow) store even where the name is fixed.
    const l = this.l();
    if (name === 'orderCount') l.orderCount += by;
    else if (name === 'fillCount') l.fillCount += by;
    else if (name === 'commandCount') l.commandCount += by;
    else l.alertCount += by;
  }

  finish(): State {
    if (this.replayW) this.l().orders = this.replayW.toRecord();
    if (!this.market && !this.ledger && !this.runtime && this.lastSeq === this.base.lastSeq && this.lastTs === this.base.lastTs) return this.base;
    return {
      lastSeq: this.lastSeq,
      lastTs: this.lastTs,
      ledgerSeq: this.ledgerSeq,
      market: this.market ?? this.base.market,
      ledger: this.ledger ?? this.base.ledger,
      runtime: this.runtime ?? this.base.runtime,
    };
  }
}
