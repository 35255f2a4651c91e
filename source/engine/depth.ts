import type { Level } from '../domain/index.js';

/** One row of a depth ladder: a level and the quantity from the best price down to it. */
export interface DepthRow {
  readonly price: number;
  readonly qty: number;
  /** Quantity of this level and every better one on its side. */
  readonly cumulative: number;
}

/** The best `n` levels of one side with their cumulative quantity, best first. */
export function depthLadder(levels: readonly Level[], n: number): DepthRow[] {
  const rows: DepthRow[] = [];
  let cumulative = 0;
  for (let i = 0; i < Math.min(n, levels.length); i++) {
    const [price, qty] = levels[i];
    cumulative += qty;
    rows.push({ price, qty, cumulative });
  }
  return rows;
}

/**
 * Columns of a depth bar out of `width`: both sides share one scale (the deeper side's
 * cumulative total), so bars compare across the spread; any depth at all shows one column.
 */
export function depthBar(cumulative: number, scale: number, width: number): number {
  if (!(scale > 0) || !(cumulative > 0) || width <= 0) return 0;
  return Math.max(1, Math.min(width, Math.round((cumulative / scale) * width)));
}
