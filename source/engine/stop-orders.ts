import type { OrderRequest, Refusal } from '../domain/index.js';
import { refusal } from '../domain/index.js';
import { selectTicker, type State } from '../store/index.js';
import { referencePrice } from './reference-price.js';
import { trailProblem, withTrail } from './trailing-stop.js';

/**
 * A stop order's direction, fixed at placement from where the market is: a stop price over
 * the last trade triggers as the price rises to it, one under as it falls. An order that
 * already names its direction (or is no stop) is returned as it is.
 */
export function withStopTrigger(state: State, req: OrderRequest): OrderRequest {
  const placed = req.trailing !== undefined && req.stopPrice !== undefined;
  if (placed || (req.trailing === undefined && (req.stopPrice === undefined || req.stopTrigger !== undefined))) return req;
  const last = selectTicker(state, req.venue, req.symbol)?.last ?? referencePrice(state, req);
  if (last === undefined) return req;
  // A trailing stop's trigger as placed follows from the market (engine/trailing-stop.ts).
  if (req.trailing !== undefined) return withTrail(req, last);
  return { ...req, stopTrigger: req.stopPrice! > last ? 'above' : 'below' };
}

/**
 * What is wrong with a stop order's own terms (undefined for a plain order or a good stop).
 * The rest (filters, balance, limits) is the ordinary check at the price it would trade at.
 */
export function stopProblem(req: OrderRequest): Refusal | undefined {
  const trail = trailProblem(req);
  if (trail) return trail;
  if (req.closePosition) {
    if (req.stopPrice === undefined || req.trailing !== undefined || req.type !== 'market') return refusal('order.terms', 'a close-position order is a stop-market: give --stop P, no limit price and no trailing', 'stopPrice');
    if (!req.reduceOnly) return refusal('order.terms', 'a close-position stop only reduces the position: it is reduce-only', 'reduceOnly');
  }
  if (req.stopPrice === undefined) return req.trailing === undefined ? undefined : refusal('market.no-price', `no price for ${req.symbol} yet to trail from; try again in a moment`);
  if (!(Number.isFinite(req.stopPrice) && req.stopPrice > 0)) return refusal('stop.invalid', `bad stop price ${req.stopPrice}: use a positive number`, 'stopPrice');
  if (req.quoteQty !== undefined) return refusal('stop.invalid', 'a stop order takes a base quantity, not a quote amount');
  if (req.tif === 'IOC' || req.tif === 'FOK') return refusal('stop.invalid', `a stop order rests until triggered: ${req.tif === 'IOC' ? '--ioc' : '--tif FOK'} does not apply`);
  return undefined;
}
