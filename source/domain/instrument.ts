import type { PerpetualSpec } from './futures.js';
import { decimalsOf, isMultipleOf } from './numbers.js';
import type { MarketSymbol } from './symbols.js';
import { refusal, type Refusal } from './refusal.js';

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
  /** The venue's fee rates, when it publishes its own (a simulated venue of several); else the model's. */
  readonly makerFee?: number;
  readonly takerFee?: number;
}

export function priceDecimals(i: Instrument): number {
  return decimalsOf(i.tickSize);
}

export function qtyDecimals(i: Instrument): number {
  return decimalsOf(i.lotSize);
}

/**
 * Exchange-style filter check shared by our pre-trade risk check and by the simulated
 * exchange, so both reject with the same words and codes. Returns the refusal, or undefined when fine.
 */
export function checkFilters(i: Instrument, qty: number, price: number | undefined, refPrice: number): Refusal | undefined {
  if (!(qty > 0) || !Number.isFinite(qty)) return refusal('qty.invalid', `quantity must be a positive number (got ${qty})`, 'qty');
  if (price !== undefined && (!(price > 0) || !Number.isFinite(price))) return refusal('price.invalid', `price must be a positive number (got ${price})`, 'price');
  if (qty < i.minQty) return refusal('qty.min', `quantity ${qty} is below the minimum ${i.minQty} ${i.base} for ${i.symbol}`, 'qty');
  if (!isMultipleOf(qty, i.lotSize)) return refusal('qty.lot-size', `quantity ${qty} is not a multiple of the lot size ${i.lotSize} for ${i.symbol}`, 'qty');
  if (price !== undefined && !isMultipleOf(price, i.tickSize)) {
    return refusal('price.tick-size', `price ${price} is not a multiple of the tick size ${i.tickSize} for ${i.symbol}`, 'price');
  }
  const notional = qty * (price ?? refPrice);
  if (notional < i.minNotional) {
    return refusal('qty.min-notional', `order notional ${notional.toFixed(2)} ${i.quote} is below the minimum notional ${i.minNotional} ${i.quote} for ${i.symbol}`);
  }
  return undefined;
}
