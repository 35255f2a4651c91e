import type { Balance, Candle, Fill, HaltState, Instrument, Order, OrderBook, Ticker, Timeframe, TrailPoint, VenueId } from '../domain/index.js';
import { compareSymbols, isOpenStatus, marketKey, timeframeMs } from '../domain/index.js';
import type { MarketState, Position, State, StrategyHold, StrategyState } from './state.js';
import { EMPTY_STRATEGY_ACCOUNT, type StrategyAccount } from './strategy-account.js';

export function selectInstrument(s: State, venue: VenueId, symbol: string): Instrument | undefined {
  return s.market.instruments[marketKey(venue, symbol)];
}

export function selectInstruments(s: State, venue: VenueId): Instrument[] {
  return Object.values(s.market.instruments)
    .filter((i) => i.venue === venue)
    .sort((a, b) => compareSymbols(a.symbol, b.symbol));
}

export function selectTicker(s: State, venue: VenueId, symbol: string): Ticker | undefined {
  return s.market.tickers[marketKey(venue, symbol)];
}

export function selectTickers(s: State, venue: VenueId): Ticker[] {
  return Object.values(s.market.tickers)
    .filter((t) => t.venue === venue)
    .sort((a, b) => compareSymbols(a.symbol, b.symbol));
}

export function selectBook(s: State, venue: VenueId, symbol: string): OrderBook | undefined {
  return s.market.books[marketKey(venue, symbol)];
}

/**
 * A whole candle series (`venue:symbol:tf`), oldest first: the stored candles and the newest
 * one kept apart (`MarketState.candleTips`). A new array when there is a tip: for a reader that
 * needs the series once (a chart's render, a warm-up), not for every state change.
 */
export function selectSeries(m: MarketState, key: string): readonly Candle[] | undefined {
  return joinSeries(m.candles[key], m.candleTips?.[key]);
}

/** A series from its stored candles and its newest, kept apart (`MarketState.candleTips`). */
export function joinSeries(stored: readonly Candle[] | undefined, tip: Candle | undefined): readonly Candle[] | undefined {
  if (!tip) return stored;
  return stored?.length ? [...stored, tip] : [tip];
}

/** The newest candle of a series (`venue:symbol:tf`), without building the series. */
export function selectLastCandle(m: MarketState, key: string): Candle | undefined {
  return m.candleTips?.[key] ?? m.candles[key]?.at(-1);
}

/** Candles of `tf`, aggregated from the stored base series (1m) when needed. */
export function selectCandles(s: State, venue: VenueId, symbol: string, tf: Timeframe, base: Timeframe = '1m'): Candle[] {
  const minutes = selectSeries(s.market, `${venue}:${symbol}:${base}`);
  if (tf === base) return minutes ? [...minutes] : [];
  return [...chartCandles(selectSeries(s.market, `${venue}:${symbol}:${tf}`), minutes, timeframeMs(tf))];
}

/**
 * Candles of `tf` for a chart: the venue's own history of that timeframe for the time before
 * the 1m candles begin, then buckets built from the 1m candles (live, and exact to the minute).
 */
export function chartCandles(direct: readonly Candle[] | undefined, minutes: readonly Candle[] | undefined, tfMs: number): readonly Candle[] {
  // The 1m candles as given, not copied: the chart copies the series once already (joinSeries, at each tick).
  const built = minutes?.length ? (tfMs === 60_000 ? minutes : aggregateCandles(minutes, tfMs)) : [];
  if (!direct?.length) return built;
  const from = built.length ? built[0].t : Number.POSITIVE_INFINITY;
  const older: Candle[] = [];
  for (const c of direct) if (c.t < from) older.push(c);
  return older.length ? [...older, ...built] : built;
}

export function aggregateCandles(series: readonly Candle[], ms: number): Candle[] {
  const out: Candle[] = [];
  let cur: { t: number; o: number; h: number; l: number; c: number; v: number } | undefined;
  for (const c of series) {
    const bucket = Math.floor(c.t / ms) * ms;
    if (!cur || cur.t !== bucket) {
      if (cur) out.push(cur);
      cur = { t: bucket, o: c.o, h: c.h, l: c.l, c: c.c, v: c.v };
    } else {
      cur.h = Math.max(cur.h, c.h);
      cur.l = Math.min(cur.l, c.l);
      cur.c = c.c;
      cur.v += c.v;
    }
  }
  if (cur) out.push(cur);
  return out;
}

export function selectBalances(s: State, venue: VenueId): Readonly<Record<string, Balance>> {
  return s.ledger.balances[venue] ?? {};
}

export function selectBalance(s: State, venue: VenueId, asset: string): Balance {
  return s.ledger.balances[venue]?.[asset] ?? { free: 0, locked: 0 };
}

export function selectOrders(s: State, filter: { venue?: VenueId; open?: boolean } = {}): Order[] {
  return Object.values(s.ledger.orders)
    .filter((o) => (filter.venue === undefined || o.venue === filter.venue) && (filter.open === undefined || isOpenStatus(o.status) === filter.open))
    .sort((a, b) => Number(a.id) - Number(b.id));
}

/** An order as the fronts show it: a trailing stop with its moving trigger, once the venue reported one (`runtime/trail`). */
export type OrderView = Order & { readonly trail?: TrailPoint };

export function selectOrderViews(s: State, filter: { venue?: VenueId; open?: boolean } = {}): OrderView[] {
  const trails = s.runtime.trails;
  const list = selectOrders(s, filter);
  return trails === undefined ? list : list.map((o) => (trails[o.id] === undefined ? o : { ...o, trail: trails[o.id] }));
}

export function selectOrder(s: State, id: string): Order | undefined {
  return s.ledger.orders[id];
}

export function selectFills(s: State, venue?: VenueId): readonly Fill[] {
  return venue === undefined ? s.ledger.fills : s.ledger.fills.filter((f) => f.venue === venue);
}

export function selectPositions(s: State, venue?: VenueId): Position[] {
  return Object.values(s.ledger.positions).filter((p) => (venue === undefined || p.venue === venue) && p.qty !== 0);
}

/** A position marked to the last price: what the trader would make or lose closing it now. */
export interface MarkedPosition extends Position {
  readonly last: number;
  readonly unrealizedPnl: number;
}

/**
 * Positions of a venue marked to market: the open ones, and closed ones that realised a profit
 * or loss (so a round trip still shows its result). Unrealised PnL is at the last trade price,
 * or zero while there is none.
 */
export function selectMarkedPositions(s: State, venue: VenueId): MarkedPosition[] {
  return Object.values(s.ledger.positions)
    .filter((p) => p.venue === venue && (p.qty !== 0 || p.realizedPnl !== 0))
    .map((p) => {
      const last = selectTicker(s, p.venue, p.symbol)?.last ?? p.avgPrice;
      return { ...p, last, unrealizedPnl: p.qty === 0 ? 0 : (last - p.avgPrice) * p.qty };
    })
    .sort((a, b) => compareSymbols(a.symbol, b.symbol));
}

/** The kill switch while it is set (orders that open or add are refused), else undefined. */
export function selectHalt(s: State): HaltState | undefined {
  return s.ledger.halt;
}

export function selectStrategies(s: State): StrategyState[] {
  return Object.values(s.ledger.strategies);
}

/**
 * Every strategy instance id the ledger knows: listed, or pruned with its account or trades
 * kept (money facts stay after `strategies prune`, and so does the id: a new instance under it
 * would take them over).
 */
export function selectInstanceIds(s: State): Set<string> {
  const l = s.ledger;
  return new Set([...Object.keys(l.strategies), ...Object.keys(l.strategyAccounts ?? {}), ...Object.keys(l.strategyTrades ?? {})]);
}

/** How many strategy instances were pruned off the list: ids the ledger knows with no list entry. */
export function selectPrunedInstanceCount(s: State): number {
  return selectInstanceIds(s).size - Object.keys(s.ledger.strategies).length;
}

/** Ids of the arbitrage and carry instances recorded running (they trade through `arb txs`, not the strategy list). */
export function selectRunningArbInstances(s: State): string[] {
  const l = s.ledger;
  return [...Object.entries(l.arbInstances ?? {}), ...Object.entries(l.carryInstances ?? {})].filter(([, x]) => x.status === 'running').map(([id]) => id);
}

/**
 * The id the next alert set gets: one more than every alert ever set (ids are never reused,
 * removed or triggered ones included). `ahead` counts alerts of the same batch before it.
 */
export function selectNextAlertId(s: State, ahead = 0): string {
  return String(s.ledger.alertCount + ahead + 1);
}

/** Whether a signal with this id was acted on at or after `since` (epoch ms): the dedupe window. */
export function selectSignalSeen(s: State, id: string, since: number): boolean {
  return (s.ledger.signalIds ?? []).some((x) => x.id === id && x.ts >= since);
}

/** An instance's standing hold or refusal (cleared by its next signal), if any. */
export function selectStrategyHold(s: State, strategyId: string): StrategyHold | undefined {
  return s.ledger.strategyHolds?.[strategyId];
}

/** An instance's own account: flat and empty until one of its orders fills. */
export function selectStrategyAccount(s: State, strategyId: string): StrategyAccount {
  return s.ledger.strategyAccounts?.[strategyId] ?? EMPTY_STRATEGY_ACCOUNT;
}

/** Mark-to-market value of a venue's balances in its quote currency, from last prices. */
export function selectEquity(s: State, venue: VenueId, quote = 'USDT'): number {
  return selectSpotValue(s, venue, quote).total;
}

/**
 * A venue's spot balances valued in `quote` at last prices, and the assets held that no
 * `ASSET/quote` ticker values: named, so a caller that shows the total can say what it left out.
 */
export function selectSpotValue(s: State, venue: VenueId, quote = 'USDT'): { total: number; unvalued: string[] } {
  let total = 0;
  const unvalued: string[] = [];
  for (const [asset, b] of Object.entries(selectBalances(s, venue))) {
    const amount = b.free + b.locked;
    if (asset === quote) total += amount;
    else {
      const t = selectTicker(s, venue, `${asset}/${quote}`);
      if (t) total += amount * t.last;
      else if (amount !== 0) unvalued.push(asset);
    }
  }
  return { total, unvalued };
}
