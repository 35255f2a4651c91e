import type { OrderRequest, Refusal } from '../domain/index.js';
import { refusal } from '../domain/index.js';
import { selectTicker, type State } from '../store/index.js';
import { referencePrice } from './reference-price.js';

/**
 * A stop order's direction, fixed at placement from where the market is: a stop price over
 * the last trade triggers as the price rises to it, one under as it falls. An order that
 * already names its direction (or is no stop) is returned as it is.
 */
export function withStopTrigger(state: State, req: OrderRequest): OrderRequest {
  if (req.stopPrice === undefined || req.stopTrigger !== undefined) return req;
  const last = selectTicker(state, req.venue, req.symbol)?.last ?? referencePrice(state, req);
  if (last === undefined) return req;
  return { ...req, stopTrigger: req.stopPrice > last ? 'above' : 'below' };
}

/**
 * What is wrong with a stop order's own terms (undefined for a plain order or a good stop).
 * The rest (filters, balance, limits) is the ordinary check at the price it would trade at.
 */
export function stopProblem(req: OrderRequest, perpetual: boolean): Refusal | undefined {
  if (req.stopPrice === undefined) return undefined;
  if (!(Number.isFinite(req.stopPrice) && req.stopPrice > 0)) return refusal('stop.invalid', `bad stop price ${req.stopPrice}: use a positive number`, 'stopPrice');
  if (perpetual) return refusal('venue.unsupported', 'stop orders are for spot markets here; perpetual futures stops are not supported yet');
  if (req.quoteQty !== undefined) return refusal('stop.invalid', 'a stop order takes a base quantity, not a quote amount');
  if (req.tif === 'IOC') return refusal('stop.invalid', 'a stop order rests until triggered: --ioc does not apply');
  return undefined;
}
