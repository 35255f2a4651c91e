import type { Fill } from './order.js';
import { baseOf, quoteOf } from './symbols.js';

/**
 * A fill's fee in the quote currency of its market: as paid when paid in the quote (USDT, a
 * perpetual's settle asset), at the fill's price when taken in the base asset (Binance's spot
 * buys without BNB); 0 when paid in a third asset (BNB), which no fill values: the figures
 * list those apart. The one valuation of a fee every realised PnL is net of: the ledger's
 * positions and strategy accounts (store), pnl and a run's figures (engine/fill-figures.ts).
 */
export function feeInQuote(f: Pick<Fill, 'symbol' | 'fee' | 'feeAsset' | 'price'>): number {
  if (f.fee === 0 || f.feeAsset === quoteOf(f.symbol)) return f.fee;
  return f.feeAsset === baseOf(f.symbol) ? f.fee * f.price : 0;
}
