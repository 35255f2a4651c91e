/**
 * The backtest's default fill model as pure functions, so the numbers in `--help`, the guide
 * and the tests are this code: a market order at a candle's open, moved against the trader
 * by the slippage, paying the fee in the quote currency.
 */

/** The price a market order gets at `open`: higher for a buy, lower for a sell. */
export function fillPrice(side: 'buy' | 'sell', open: number, slippageBps: number): number {
  return side === 'buy' ? open * (1 + slippageBps / 10_000) : open * (1 - slippageBps / 10_000);
}

/** A buy spends the whole quote balance B: quantity B / (1 + fee) / price, fee B - quantity * price. */
export function buyQuantity(cash: number, price: number, fee: number): number {
  return cash / (1 + fee) / price;
}

/** A sell of the whole position Q: proceeds Q * price * (1 - fee), fee Q * price - proceeds. */
export function sellProceeds(quantity: number, price: number, fee: number): number {
  return quantity * price * (1 - fee);
}

/**
 * A limit order's fill in a candle (open o, high h, low l), the one rule the backtest and the
 * replayed paper venue's matching (adapters/simulated/matching-engine.ts onRange) share:
 * - `fresh` (placed at the close before, it arrives at this open): a buy whose price the open is
 *   at or under takes the open (it crosses the book: a taker, at the better price); a sell the same
 *   way round;
 * - otherwise it rests: a buy at P fills at P when the low reaches P (low <= P), a sell at P when
 *   the high does (high >= P). A resting order fills at its own price even when the candle opened
 *   through it: it stood in the book, and the market traded through it there.
 * Undefined: it does not fill in this candle. No slippage: a limit never fills worse than its price.
 */
export function limitFillPrice(side: 'buy' | 'sell', limit: number, o: number, h: number, l: number, fresh: boolean): number | undefined {
  if (fresh && crossesAtOpen(side, limit, o)) return o;
  if (side === 'buy') return l <= limit ? limit : undefined;
  return h >= limit ? limit : undefined;
}

/** A limit arriving at `open` crosses the book there: a buy at or above it, a sell at or below it. */
export function crossesAtOpen(side: 'buy' | 'sell', limit: number, open: number): boolean {
  return side === 'buy' ? open <= limit : open >= limit;
}
