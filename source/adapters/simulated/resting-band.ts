import type { Order } from '../../domain/index.js';
import { isOpenStatus, isPerpetualSymbol } from '../../domain/index.js';
import type { PriceBand } from './sim-history.js';

/**
 * For each coin, the prices its drawn history must not reach (`bridgeGap`): the nearest price of
 * a resting order below its price and above it, a limit's or a stop's. A perpetual's orders count
 * for its coin at the coin's price (divided by `perpFactor`, its mark over the index), since its
 * candles are the coin's moved by the basis. `spotOf` names a perpetual's coin; `priceOf` is a
 * coin's price now.
 */
export function restingBands(orders: readonly Order[], venue: string, priceOf: (spot: string) => number | undefined, spotOf: (perp: string) => string, perpFactor: (perp: string) => number): (spot: string) => PriceBand {
  const bands = new Map<string, { below?: number; above?: number }>();
  for (const o of orders) {
    if (o.venue !== venue || !isOpenStatus(o.status)) continue;
    const perp = isPerpetualSymbol(o.symbol);
    const spot = perp ? spotOf(o.symbol) : o.symbol;
    const now = priceOf(spot);
    if (now === undefined) continue;
    const k = perp ? perpFactor(o.symbol) : 1;
    const band = bands.get(spot) ?? {};
    for (const p of [o.price, o.stopPrice]) {
      if (p === undefined || !(p > 0)) continue;
      const at = p / k;
      if (at <= now) band.below = Math.max(band.below ?? 0, at);
      if (at >= now) band.above = Math.min(band.above ?? Infinity, at);
    }
    bands.set(spot, band);
  }
  return (spot) => bands.get(spot) ?? {};
}
