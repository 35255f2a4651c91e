import type { VenueId } from './instrument.js';
import type { MarketSymbol } from './symbols.js';

/**
 * USD-M perpetual futures: the words and the tables. The math on them lives in
 * engine/futures-margin.ts and engine/liquidation.ts; this file imports nothing but types.
 */

/** One-way: one net position per symbol (Binance's BOTH). Hedge: LONG and SHORT apart. */
export type PositionMode = 'one-way' | 'hedge';
export type MarginMode = 'isolated' | 'cross';
/** Binance's names, kept so the wire form needs no mapping: BOTH is the one-way position. */
export type PositionSide = 'BOTH' | 'LONG' | 'SHORT';

export const POSITION_MODES: readonly PositionMode[] = ['one-way', 'hedge'];
export const MARGIN_MODES: readonly MarginMode[] = ['isolated', 'cross'];

/** What a perpetual adds to an instrument: it settles (and is margined) in one asset. */
export interface PerpetualSpec {
  readonly contractType: 'perpetual';
  /** The margin (settle) asset, `USDT` for USD-M. */
  readonly marginAsset: string;
  /** The leverage and maintenance-margin tiers by position notional. */
  readonly brackets: readonly Bracket[];
}

/** Mark price, index and funding of one perpetual: market data, re-fetchable, never logged. */
export interface MarkPrice {
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  readonly markPrice: number;
  readonly indexPrice: number;
  /** The rate the next funding payment will use (per 8 h, 0.0001 = 0.01%). */
  readonly fundingRate: number;
  readonly nextFundingTime: number;
  /** Open contracts, in base units. */
  readonly openInterest: number;
  readonly ts: number;
}

/**
 * One leverage and margin tier, as Binance's `GET /fapi/v1/leverageBracket` returns it:
 * positions whose notional is in (floor, cap] need `mmr` of it as maintenance margin, less
 * `cum` (the maintenance amount, which keeps the requirement continuous across tiers), and may
 * use at most `maxLeverage`.
 */
export interface Bracket {
  readonly bracket: number;
  readonly floor: number;
  readonly cap: number;
  readonly maxLeverage: number;
  /** Maintenance margin rate. */
  readonly mmr: number;
  /** Maintenance amount: cum(n) = cum(n-1) + floor(n) x (mmr(n) - mmr(n-1)). */
  readonly cum: number;
}

const tiers = (rows: readonly (readonly [number, number, number, number, number])[]): Bracket[] =>
  rows.map(([floor, cap, maxLeverage, mmr, cum], i) => ({ bracket: i + 1, floor, cap, maxLeverage, mmr, cum }));

/**
 * BTCUSDT, as Binance's `GET /fapi/v1/leverageBracket` answered it (a stored response in
 * github.com/boolean404/heikin-ashi-trading-bot, json/fapiPrivate_get_leverage_bracket.py).
 * Binance changes its tiers from time to time; the simulated exchange uses these.
 */
export const BTCUSDT_BRACKETS: readonly Bracket[] = tiers([
  [0, 50_000, 125, 0.004, 0],
  [50_000, 250_000, 100, 0.005, 50],
  [250_000, 3_000_000, 50, 0.01, 1_300],
  [3_000_000, 20_000_000, 20, 0.025, 46_300],
  [20_000_000, 40_000_000, 10, 0.05, 546_300],
  [40_000_000, 100_000_000, 5, 0.1, 2_546_300],
  [100_000_000, 120_000_000, 4, 0.125, 5_046_300],
  [120_000_000, 200_000_000, 3, 0.15, 8_046_300],
  [200_000_000, 300_000_000, 2, 0.25, 28_046_300],
  [300_000_000, 500_000_000, 1, 0.5, 103_046_300],
]);

/**
 * ETHUSDT, from the table of Binance's FAQ "How to Calculate Liquidation Price of USDⓈ-M
 * Futures Contracts" (2020), whose worked example uses tier 6: 4,918,775.081 x 10% - 135,365.
 */
export const ETHUSDT_BRACKETS: readonly Bracket[] = tiers([
  [0, 10_000, 100, 0.005, 0],
  [10_000, 100_000, 75, 0.0065, 15],
  [100_000, 500_000, 50, 0.01, 365],
  [500_000, 1_000_000, 25, 0.02, 5_365],
  [1_000_000, 2_000_000, 10, 0.05, 35_365],
  [2_000_000, 5_000_000, 5, 0.1, 135_365],
  [5_000_000, 10_000_000, 4, 0.125, 260_365],
  [10_000_000, 20_000_000, 3, 0.15, 510_365],
  [20_000_000, 40_000_000, 2, 0.25, 2_510_365],
  [40_000_000, 150_000_000, 1, 0.5, 12_510_365],
]);

/**
 * Other simulated coins: a smaller altcoin table of the same shape (Binance gives most alts
 * 75x or less with 1% to start); the maintenance amounts follow the cum rule above.
 */
export const ALT_BRACKETS: readonly Bracket[] = tiers([
  [0, 5_000, 75, 0.01, 0],
  [5_000, 50_000, 50, 0.015, 25],
  [50_000, 250_000, 25, 0.02, 275],
  [250_000, 1_000_000, 10, 0.05, 7_775],
  [1_000_000, 5_000_000, 5, 0.1, 57_775],
  [5_000_000, 10_000_000, 4, 0.125, 182_775],
  [10_000_000, 50_000_000, 2, 0.25, 1_432_775],
  [50_000_000, 100_000_000, 1, 0.5, 13_932_775],
]);

/** The simulated exchange's tiers for a base asset. */
export function simBrackets(base: string): readonly Bracket[] {
  return base === 'BTC' ? BTCUSDT_BRACKETS : base === 'ETH' ? ETHUSDT_BRACKETS : ALT_BRACKETS;
}

/**
 * The tier a notional falls in: floor < notional <= cap (the first tier from 0). A notional
 * past the last cap stays in the last tier: the exchange refuses to open it, but a position
 * that grew there by price still has a requirement.
 */
export function bracketFor(brackets: readonly Bracket[], notional: number): Bracket {
  const n = Math.abs(notional);
  for (const b of brackets) if (n <= b.cap) return b;
  return brackets[brackets.length - 1];
}

/** `BTC/USDT:USDT`: ccxt's unified symbol of the USDT-margined BTC perpetual. */
export function perpetualSymbol(base: string, quote: string, settle = quote): MarketSymbol {
  return `${base}/${quote}:${settle}`;
}

export function isPerpetualSymbol(symbol: MarketSymbol): boolean {
  return symbol.includes(':');
}

/** The ledger's key of one position: `venue:symbol:side`. */
export function positionKey(venue: VenueId, symbol: MarketSymbol, side: PositionSide): string {
  return `${venue}:${symbol}:${side}`;
}

/**
 * A futures position as the exchange reports it (Binance's position risk): plain data.
 * `qty` is signed like Binance's positionAmt: positive long, negative short (a SHORT
 * position in hedge mode is negative too).
 */
export interface FuturesPosition {
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  readonly side: PositionSide;
  readonly qty: number;
  readonly entryPrice: number;
  readonly leverage: number;
  readonly marginMode: MarginMode;
  /** Margin set aside for an isolated position (its own wallet); 0 in cross. */
  readonly isolatedMargin: number;
}

/** Leverage and margin mode chosen for one symbol (Binance keeps them per symbol). */
export interface SymbolMarginSettings {
  readonly leverage: number;
  readonly marginMode: MarginMode;
}

/** New symbols start at 1x cross, as on Binance with atapi's cautious leverage default. */
export const DEFAULT_SYMBOL_SETTINGS: SymbolMarginSettings = { leverage: 1, marginMode: 'cross' };

/** Which position an order acts on: BOTH in one-way mode; in hedge mode, the side it names. */
export function orderPositionSide(mode: PositionMode, requested: PositionSide | undefined): PositionSide | undefined {
  if (mode === 'one-way') return requested === undefined || requested === 'BOTH' ? 'BOTH' : undefined;
  return requested === 'LONG' || requested === 'SHORT' ? requested : undefined;
}
