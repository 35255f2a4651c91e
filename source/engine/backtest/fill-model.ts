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
