/**
 * When a perpetual position is near its liquidation: the one rule for the notification's
 * warning and the app's status bar, so what the phone is told and what the terminal shows agree.
 */

/** A position whose mark is this close to its liquidation price (fraction of the mark) is near it. */
export const LIQUIDATION_NEAR = 0.05;

export interface LiquidationPoint {
  readonly symbol: string;
  readonly side: string;
  readonly qty: number;
  readonly markPrice: number;
  readonly liquidationPrice?: number;
}

/** How far the mark is from the liquidation price, as a fraction of the mark; undefined: no position, no price. */
export function liquidationDistance(p: LiquidationPoint): number | undefined {
  if (p.qty === 0 || p.liquidationPrice === undefined || !(p.markPrice > 0)) return undefined;
  return Math.abs(p.markPrice - p.liquidationPrice) / p.markPrice;
}

/**
 * The position nearest its liquidation among those within LIQUIDATION_NEAR, or undefined. An
 * isolated position is liquidated on its own margin, which the cross margin ratio never shows
 * (0% with nothing cross), so a trader reading only the ratio would think all was safe.
 */
export function nearestLiquidation<P extends LiquidationPoint>(positions: readonly P[]): { readonly position: P; readonly distance: number } | undefined {
  let best: { position: P; distance: number } | undefined;
  for (const p of positions) {
    const d = liquidationDistance(p);
    if (d !== undefined && d <= LIQUIDATION_NEAR && (best === undefined || d < best.distance)) best = { position: p, distance: d };
  }
  return best;
}
