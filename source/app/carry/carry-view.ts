import type { CarryInstance } from '../../domain/index.js';
import { carryOpen } from '../../domain/index.js';
import { carryFigures, netCarryApr, type CarryFigures } from '../../engine/carry/carry-math.js';
import { FUNDING_INTERVAL_MS } from '../../engine/funding.js';
import { selectMark, selectTicker, type State } from '../../store/index.js';
import { carryFees } from './carry-plan.js';

/** One carry as a trader reads it: what it holds, the rate now, and its figures (open legs at the prices now). */
export interface CarryView {
  readonly instance: CarryInstance;
  readonly spot: number;
  readonly perp: number;
  /** Net APR (%) at the rate the perpetual's mark carries now; absent without a mark. */
  readonly netApr?: number;
  readonly figures: CarryFigures;
}

export function carryView(state: State, c: CarryInstance): CarryView {
  const open = carryOpen(c.trades);
  const mark = selectMark(state, c.venue, c.perp);
  const spotPrice = selectTicker(state, c.venue, c.symbol)?.last ?? mark?.indexPrice ?? 0;
  const figures = carryFigures(c.trades, c.funding, spotPrice, mark?.markPrice ?? spotPrice);
  const netApr = mark ? netCarryApr(mark.fundingRate, FUNDING_INTERVAL_MS / 3_600_000, carryFees(state, c), c.holdDays) : undefined;
  return { instance: c, spot: open.spot, perp: open.perp, ...(netApr === undefined ? {} : { netApr }), figures };
}
