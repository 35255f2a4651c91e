import { percent } from './format.js';
import { nearestLiquidation, type LiquidationPoint } from '../engine/liquidation-near.js';

/**
 * The note beside the title: the cross margin ratio, and the position nearest its liquidation
 * when one is near (the rule the notification and the app's status bar warn by): an isolated
 * position never shows in the cross ratio, which reads 0% with nothing cross.
 */
export function positionsNote(marginRatio: number, perpetuals: readonly LiquidationPoint[]): string {
  const near = nearestLiquidation(perpetuals);
  const where = near ? ` · ${near.position.symbol}${near.position.side === 'BOTH' ? '' : ` ${near.position.side}`} ${percent(near.distance, 1)} from liquidation` : '';
  return `margin ratio ${percent(marginRatio, 2)}${where}`;
}
