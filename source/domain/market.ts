import type { VenueId } from './instrument.js';
import type { MarketSymbol } from './symbols.js';

export interface Ticker {
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  readonly bid: number;
  readonly ask: number;
  readonly last: number;
  /** Price 24h ago, so the change is derivable and never stored twice. */
  readonly open24h: number;
  readonly high24h: number;
  readonly low24h: number;
  /** Base-asset volume over 24h. */
  readonly volume24h: number;
  readonly ts: number;
}

/** A price level: [price, quantity]. */
export type Level = readonly [number, number];

export interface OrderBook {
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  /** Best first. */
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  readonly ts: number;
}

export interface PublicTrade {
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  readonly price: number;
  readonly qty: number;
  readonly side: 'buy' | 'sell';
  readonly ts: number;
}

export function change24h(t: Ticker): number {
  return t.open24h > 0 ? (t.last - t.open24h) / t.open24h : 0;
}

export function marketKey(venue: VenueId, symbol: MarketSymbol): string {
  return `${venue}:${symbol}`;
}
