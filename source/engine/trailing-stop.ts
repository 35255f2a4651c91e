import type { OrderRequest, Refusal, Side, StopTrigger, TrailingTerms } from '../domain/index.js';
import { parsePositiveDecimal, refusal } from '../domain/index.js';

/**
 * The trailing stop's one rule, used by the simulated exchange, paper trading and the
 * sandbox (Binance's spot trailingDelta and USD-M TRAILING_STOP_MARKET behave this way):
 * a sell trails under the highest price since it started and fires when the price falls to
 * its trigger; a buy trails over the lowest and fires when the price rises to its trigger.
 * With an activation price it starts at the first price at or past it, that price being the
 * first best (Binance's "the first trade that meets this condition sets the highest price").
 */

/** Where one trailing stop stands. Plain data: the venue keeps one per order. */
export interface TrailState {
  /** Highest (a sell) or lowest (a buy) price since it started; undefined until activated. */
  readonly best?: number;
  /** Where it fires now; before activation, where it would fire were the activation price reached. */
  readonly trigger: number;
}

/** What one price did to a trailing stop. */
export interface TrailStep {
  readonly state: TrailState;
  /** A new best moved the trigger (in the trader's favour: up for a sell, down for a buy). */
  readonly moved: boolean;
  readonly fired: boolean;
}

/** The trigger `terms.distance` behind `best`: under it for a sell, over it for a buy. */
export function trailTrigger(side: Side, terms: Pick<TrailingTerms, 'distance' | 'unit'>, best: number): number {
  const gap = terms.unit === 'percent' ? (best * terms.distance) / 100 : terms.distance;
  return side === 'sell' ? best - gap : best + gap;
}

/**
 * A trailing stop placed while the market is at `last`: trailing at once from `last`, or
 * waiting for its activation price (whose trigger it shows meanwhile).
 */
export function trailStart(side: Side, terms: TrailingTerms, last: number): TrailState {
  if (terms.activation !== undefined) return { trigger: trailTrigger(side, terms, terms.activation) };
  return { best: last, trigger: trailTrigger(side, terms, last) };
}

/** The state a venue resumes from an order as placed: its activation, or its trigger as placed (`stopPrice`). */
export function trailResume(side: Side, terms: TrailingTerms, placedTrigger: number): TrailState {
  if (terms.activation !== undefined) return { trigger: placedTrigger };
  const best = terms.unit === 'percent'
    ? placedTrigger / (side === 'sell' ? 1 - terms.distance / 100 : 1 + terms.distance / 100)
    : side === 'sell' ? placedTrigger + terms.distance : placedTrigger - terms.distance;
  return { best, trigger: placedTrigger };
}

/**
 * One price's effect. The trigger only ever moves in the trader's favour; a price at or past
 * it fires the stop. Before activation nothing moves or fires until a price reaches the
 * activation price (`activateWhen` says from which side: it was placed above or below it).
 */
export function trailStep(side: Side, terms: TrailingTerms, state: TrailState, price: number): TrailStep {
  let best = state.best;
  let moved = false;
  if (best === undefined) {
    const at = terms.activation!;
    const reached = terms.activateWhen === 'below' ? price <= at : price >= at;
    if (!reached) return { state, moved: false, fired: false };
    best = at;
  }
  if (side === 'sell' ? price > best : price < best) {
    best = price;
    moved = true;
  }
  const trigger = best === state.best ? state.trigger : trailTrigger(side, terms, best);
  const fired = side === 'sell' ? price <= trigger : price >= trigger;
  return { state: { best, trigger }, moved: moved || state.best === undefined, fired };
}

/** The direction a trailing stop fires in: a sell as the price falls to its trigger, a buy as it rises. */
export function trailDirection(side: Side): StopTrigger {
  return side === 'sell' ? 'below' : 'above';
}

/**
 * A trailing request made ready to place while the market is at `last`: the activation's side
 * fixed from the market, the trigger as placed in `stopPrice` (what the checks price it at and
 * the funds it holds), fired in the side's direction. A request already placed is returned as it is.
 */
export function withTrail(req: OrderRequest, last: number): OrderRequest {
  const t = req.trailing;
  if (!t || req.stopPrice !== undefined) return req;
  const trailing: TrailingTerms = t.activation === undefined || t.activateWhen !== undefined ? t : { ...t, activateWhen: t.activation > last ? 'above' : 'below' };
  return { ...req, trailing, stopPrice: trailStart(req.side, trailing, last).trigger, stopTrigger: trailDirection(req.side) };
}

/** What is wrong with a trailing stop's own terms (undefined for a good one or no trailing stop). */
export function trailProblem(req: OrderRequest): Refusal | undefined {
  const t = req.trailing;
  if (!t) return undefined;
  if (!(Number.isFinite(t.distance) && t.distance > 0)) return refusal('stop.invalid', `bad trailing distance ${t.distance}: use a positive percent (2%) or price distance (150)`, 'trailing');
  if (t.unit === 'percent' && t.distance >= 100) return refusal('stop.invalid', `a trailing distance of ${t.distance}% is too far: use less than 100%`, 'trailing');
  if (t.activation !== undefined && !(Number.isFinite(t.activation) && t.activation > 0)) return refusal('stop.invalid', `bad activation price ${t.activation}: use a positive number`, 'activation');
  if (req.type !== 'market') return refusal('order.terms', 'a trailing stop is a stop-market order: it takes no limit price', 'price');
  if (req.quoteQty !== undefined) return refusal('stop.invalid', 'a trailing stop takes a base quantity, not a quote amount');
  if (req.ocoWith !== undefined) return refusal('order.terms', 'a trailing stop cannot be an OCO leg here');
  if (req.stopPrice !== undefined && req.stopTrigger !== undefined && req.stopTrigger !== trailDirection(req.side)) {
    return refusal('stop.invalid', `a trailing ${req.side} fires as the price ${req.side === 'sell' ? 'falls' : 'rises'}`, 'stopPrice');
  }
  if (req.stopPrice !== undefined && !(req.stopPrice > 0)) return refusal('stop.invalid', `a trailing distance of ${t.distance} puts the trigger at or under zero (${req.stopPrice}): use a smaller distance`, 'trailing');
  return undefined;
}

/**
 * `2%` (a percent of the best price) or `150` (a price distance), as the shell, the ticket and
 * the API take a trailing distance: the terms, or why not as one line.
 */
export function parseTrailing(text: string, activation?: number): { readonly ok: true; readonly terms: TrailingTerms } | { readonly ok: false; readonly error: string } {
  const percent = text.endsWith('%');
  const distance = parsePositiveDecimal(percent ? text.slice(0, -1) : text);
  if (distance === undefined) return { ok: false, error: `bad trailing distance "${text}": use a percent like 2% or a price distance like 150` };
  if (percent && distance >= 100) return { ok: false, error: `bad trailing distance "${text}": a percent under 100, like 2%` };
  return { ok: true, terms: { distance, unit: percent ? 'percent' : 'price', ...(activation === undefined ? {} : { activation }) } };
}
