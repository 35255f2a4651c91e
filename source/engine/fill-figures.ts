import { baseOf, feeInQuote, quoteOf, type Fill } from '../domain/index.js';

/** What a strategy's fills add up to, in the quote currency of its market. */
export interface StrategyFigures {
  /** Fills counted (one per exchange trade id: the ledger already dropped repeats). */
  readonly trades: number;
  /** Base quantity held by the strategy: bought minus sold. */
  readonly position: number;
  /** Average entry price of that position (0 when flat). */
  readonly avgEntry: number;
  /**
   * Gains and losses of what was closed, net of every fee paid (`fees`): what a trader means by
   * realised PnL, the same definition as the ledger's positions and strategy accounts.
   */
  readonly realised: number;
  /** The open position valued at the last price against its entry; 0 without a price. */
  readonly unrealised: number;
  /** Fees paid in the quote currency, or in the base currency valued at the fill price. */
  readonly fees: number;
  /** realised + unrealised (fees are in realised): what the strategy made or lost, in quote. */
  readonly pnl: number;
  /** Fees in a third asset (BNB on Binance) that cannot be valued from the fills alone. */
  readonly otherFees: Readonly<Record<string, number>>;
}

export const NO_FIGURES: StrategyFigures = { trades: 0, position: 0, avgEntry: 0, realised: 0, unrealised: 0, fees: 0, pnl: 0, otherFees: {} };

/**
 * Position, average entry and PnL of one strategy's fills by the average-cost method, in
 * fill order. A sell larger than the position opens a short at its price (spot strategies do
 * not, but the figures must not lie if a venue reports it). Pure: the same fills and price
 * give the same figures.
 */
export function strategyFigures(fills: readonly Fill[], lastPrice: number | undefined): StrategyFigures {
  let position = 0;
  let avgEntry = 0;
  let realised = 0;
  let fees = 0;
  const otherFees: Record<string, number> = {};
  for (const f of fills) {
    // A perpetual's quote is its settle asset's (BTC/USDT:USDT pays fees in USDT); a third asset's is listed apart.
    const paid = feeInQuote(f);
    fees += paid;
    realised -= paid;
    if (f.fee !== 0 && f.feeAsset !== quoteOf(f.symbol) && f.feeAsset !== baseOf(f.symbol)) otherFees[f.feeAsset] = (otherFees[f.feeAsset] ?? 0) + f.fee;
    const signed = f.side === 'buy' ? f.qty : -f.qty;
    if (position === 0 || Math.sign(signed) === Math.sign(position)) {
      // Adding to the position (or opening it): the entry is the quantity-weighted average.
      avgEntry = (avgEntry * Math.abs(position) + f.price * f.qty) / (Math.abs(position) + f.qty);
      position += signed;
      continue;
    }
    const closing = Math.min(Math.abs(signed), Math.abs(position));
    realised += closing * (f.price - avgEntry) * Math.sign(position);
    position += signed;
    // Float dust from repeated adds and subtracts is not a position.
    if (Math.abs(position) < 1e-12) position = 0;
    if (position === 0) avgEntry = 0;
    else if (Math.sign(position) === Math.sign(signed)) avgEntry = f.price; // flipped: the rest opened here
  }
  const unrealised = position !== 0 && lastPrice !== undefined && Number.isFinite(lastPrice) ? position * (lastPrice - avgEntry) : 0;
  return { trades: fills.length, position, avgEntry, realised, unrealised, fees, pnl: realised + unrealised, otherFees };
}
