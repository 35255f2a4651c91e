import type { PerpetualSpec } from './futures.js';
import { decimalsOf, isMultipleOf } from './numbers.js';
import type { MarketSymbol } from './symbols.js';

/** Where an instrument trades: `sim`, `binance`, `binance-testnet`, any ccxt id. */
export type VenueId = string;

export type InstrumentKind = 'spot' | 'perpetual';

/** A tradable market on one venue, with the exchange's filters. */
export interface Instrument {
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  readonly base: string;
  readonly quote: string;
  readonly kind: InstrumentKind;
  /** Price must be a multiple of this. */
  readonly tickSize: number;
  /** Quantity must be a multiple of this. */
  readonly lotSize: number;
  readonly minQty: number;
  /** price x quantity must be at least this, in quote units. */
  readonly minNotional: number;
  /** Set on perpetual futures (`kind: 'perpetual'`): margin asset and leverage tiers. */
  readonly perpetual?: PerpetualSpec;
}

export function priceDecimals(i: Instrument): number {
  return decimalsOf(i.tickSize);
}

export function qtyDecimals(i: Instrument): number {
  return decimalsOf(i.lotSize);
}

/**
 * Exchange-style filter check shared by our pre-trade risk check and by the simulated
 * exchange, so both reject with the same words. Returns a reason, or undefined when fine.
 */
export function checkFilters(i: Instrument, qty: number, price: number | undefined, refPrice: number): string | undefined {
  if (!(qty > 0) || !Number.isFinite(qty)) return `quantity must be a positive number (got ${qty})`;
  if (price !== undefined && (!(price > 0) || !Number.isFinite(price))) return `price must be a positive number (got ${price})`;
  if (qty < i.minQty) return `quantity ${qty} is below the minimum ${i.minQty} ${i.base} for ${i.symbol}`;
  if (!isMultipleOf(qty, i.lotSize)) return `quantity ${qty} is not a multiple of the lot size ${i.lotSize} for ${i.symbol}`;
  if (price !== undefined && !isMultipleOf(price, i.tickSize)) {
    return `price ${price} is not a multiple of the tick size ${i.tickSize} for ${i.symbol}`;
  }
  const notional = qty * (price ?? refPrice);
  if (notional < i.minNotional) {
    return `order notional ${notional.toFixed(2)} ${i.quote} is below the minimum notional ${i.minNotional} ${i.quote} for ${i.symbol}`;
  }
  return undefined;
}
