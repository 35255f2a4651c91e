import type { Level } from '../../domain/index.js';
import { clean } from '../../domain/index.js';

/** What taking `qty` from one side of a book costs: level by level, never the top alone. */
export interface BookWalk {
  /** The quantity the levels hold up to `qty` (less than asked when the book is thin). */
  readonly qty: number;
  /** Quote paid (asks) or received (bids) for `qty`, before fees. */
  readonly notional: number;
  /** notional / qty. */
  readonly avgPrice: number;
  /** The last level touched: the limit price an IOC order needs to take all of it. */
  readonly worstPrice: number;
  /** True when the levels held all of `qty`. */
  readonly complete: boolean;
}

/**
 * Walks `levels` (best first: asks to buy, bids to sell) for `qty`. Why not the top of book:
 * an edge that exists for the first 0.001 BTC may be gone at 0.01 (hummingbot's profit maths
 * expected +1.11% and made -28%, #2734).
 */
export function walkBook(levels: readonly Level[], qty: number): BookWalk {
  let left = qty;
  let notional = 0;
  let worst = levels[0]?.[0] ?? 0;
  for (const [price, size] of levels) {
    if (left <= 0) break;
    const take = Math.min(size, left);
    notional += take * price;
    left = clean(left - take);
    worst = price;
  }
  const filled = clean(qty - Math.max(0, left));
  return { qty: filled, notional, avgPrice: filled > 0 ? notional / filled : 0, worstPrice: worst, complete: left <= 0 };
}
