import type { Bracket, FuturesPosition, MarkPrice, PositionMode, PositionSide, SymbolMarginSettings, VenueId } from '../domain/index.js';
import { DEFAULT_SYMBOL_SETTINGS, isArmedStop, isOpenStatus, isPerpetualSymbol, marketKey, positionKey } from '../domain/index.js';
import type { FuturesPositionState } from './futures-state.js';
import type { State } from './state.js';

export function selectPositionMode(s: State, venue: VenueId): PositionMode {
  return s.ledger.futures.positionModes[venue] ?? 'one-way';
}

export function selectSymbolSettings(s: State, venue: VenueId, symbol: string): SymbolMarginSettings {
  return s.ledger.futures.symbols[marketKey(venue, symbol)] ?? DEFAULT_SYMBOL_SETTINGS;
}

/** Open futures positions of a venue (all venues without one), by symbol then side. */
export function selectFuturesPositions(s: State, venue?: VenueId): FuturesPositionState[] {
  return Object.values(s.ledger.futures.positions)
    .filter((p) => p.qty !== 0 && (venue === undefined || p.venue === venue))
    .sort((a, b) => a.symbol.localeCompare(b.symbol) || a.side.localeCompare(b.side));
}

/** The position on one side, flat (qty 0, at the symbol's settings) when there is none. */
export function selectFuturesPosition(s: State, venue: VenueId, symbol: string, side: PositionSide): FuturesPosition {
  const p = s.ledger.futures.positions[positionKey(venue, symbol, side)];
  if (p && p.qty !== 0) return p;
  const { leverage, marginMode } = selectSymbolSettings(s, venue, symbol);
  return { venue, symbol, side, qty: 0, entryPrice: 0, leverage, marginMode, isolatedMargin: 0 };
}

export function selectMark(s: State, venue: VenueId, symbol: string): MarkPrice | undefined {
  return s.market.marks?.[marketKey(venue, symbol)];
}

export function selectFuturesWallet(s: State, venue: VenueId, asset: string): number {
  return s.ledger.futures.wallets[venue]?.[asset] ?? 0;
}

/** The inputs of engine/futures-account.ts for one venue and margin asset, read from the state. */
export function selectAccountView(s: State, venue: VenueId, asset = 'USDT'): {
  wallet: number;
  positions: FuturesPosition[];
  mark(symbol: string): number | undefined;
  brackets(symbol: string): readonly Bracket[];
} {
  return {
    wallet: selectFuturesWallet(s, venue, asset),
    positions: selectFuturesPositions(s, venue),
    mark: (symbol) => selectMark(s, venue, symbol)?.markPrice ?? s.market.tickers[marketKey(venue, symbol)]?.last,
    brackets: (symbol) => s.market.instruments[marketKey(venue, symbol)]?.perpetual?.brackets ?? [],
  };
}

/**
 * Initial margin held by open perpetual limit orders that may open exposure (not reduce-only,
 * not a stop still waiting for its trigger: Binance holds none for a conditional order),
 * at their price and the symbol's leverage: the exchange sets it aside from what is available.
 */
export function selectOpenOrderMargin(s: State, venue: VenueId): number {
  let sum = 0;
  for (const o of Object.values(s.ledger.orders)) {
    if (o.venue !== venue || !isOpenStatus(o.status) || !isPerpetualSymbol(o.symbol) || o.reduceOnly || o.price === undefined || isArmedStop(o)) continue;
    sum += (Math.max(0, o.qty - o.filledQty) * o.price) / selectSymbolSettings(s, venue, o.symbol).leverage;
  }
  return sum;
}
