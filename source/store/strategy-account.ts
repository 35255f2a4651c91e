import type { Fill } from '../domain/index.js';
import { clean } from '../domain/index.js';

/**
 * One strategy instance's own account, kept by the fold from the fills of that instance's
 * orders: the trader's manual trades and other instances never move it. It lives in the
 * state (not recomputed from `ledger.fills`, which is capped) so it is exact for any history.
 */
export interface StrategyAccount {
  /** Base quantity the instance holds (spot: never below zero in practice). */
  readonly qty: number;
  /** Average entry price of `qty`; 0 when flat. */
  readonly avgPrice: number;
  /** Realised profit in quote units, net of every fee paid (valued by domain/fill-fee.ts feeInQuote). */
  readonly realizedPnl: number;
  /** Fees paid, in the quote asset. */
  readonly fees: number;
  /** Fills of the instance's orders. */
  readonly fills: number;
  /** Round trips closed (back to flat), and how many of them made money after fees. */
  readonly roundTrips: number;
  readonly wins: number;
  /** PnL of the round trip still open, fees of its entries included: decides whether it is a win. */
  readonly tripPnl: number;
}

export const EMPTY_STRATEGY_ACCOUNT: StrategyAccount = { qty: 0, avgPrice: 0, realizedPnl: 0, fees: 0, fills: 0, roundTrips: 0, wins: 0, tripPnl: 0 };

/**
 * Folds one fill into an instance's account: the same average-cost arithmetic as the
 * account's position (evolve.ts), so instance figures add up to the account's. Pure; the
 * fold calls it once per counted fill (repeats and cut quantities are settled before), its
 * `fee` valued in the quote (feeInQuote).
 */
export function applyStrategyFill(prev: StrategyAccount | undefined, fill: Pick<Fill, 'side' | 'qty' | 'price' | 'fee'>): StrategyAccount {
  const a = prev ?? EMPTY_STRATEGY_ACCOUNT;
  const signed = fill.side === 'buy' ? fill.qty : -fill.qty;
  let { qty, avgPrice, realizedPnl, roundTrips, wins, tripPnl } = a;
  realizedPnl -= fill.fee;
  tripPnl -= fill.fee;
  if (qty === 0 || Math.sign(qty) === Math.sign(signed)) {
    avgPrice = (avgPrice * Math.abs(qty) + fill.price * fill.qty) / (Math.abs(qty) + fill.qty);
    qty += signed;
  } else {
    const closing = Math.min(Math.abs(qty), fill.qty);
    const gain = closing * (fill.price - avgPrice) * Math.sign(qty);
    realizedPnl += gain;
    tripPnl += gain;
    qty += signed;
    if (Math.abs(qty) < 1e-12) {
      qty = 0;
      avgPrice = 0;
    } else if (Math.sign(qty) === Math.sign(signed)) avgPrice = fill.price;
    // Back to flat (or through it): one round trip ends, won or lost on its net PnL.
    if (qty === 0 || Math.sign(qty) === Math.sign(signed)) {
      roundTrips++;
      if (tripPnl > 0) wins++;
      tripPnl = 0;
    }
  }
  return { qty: clean(qty), avgPrice, realizedPnl: clean(realizedPnl), fees: clean(a.fees + fill.fee), fills: a.fills + 1, roundTrips, wins, tripPnl: clean(tripPnl) };
}

/**
 * Takes a write-off (`strategy/written-off`) off an instance's account: `qty` (signed as its
 * position) leaves it at `price` for no fee, by the same arithmetic as a fill, so at its own
 * average entry its realised PnL does not move. Not a fill of its orders nor a round trip it
 * made: those counts stay, and a trip written off to flat is over without a win or a loss. Never
 * more than it holds, never the other side (a record that says otherwise changes nothing).
 */
export function applyWriteOff(prev: StrategyAccount | undefined, w: { readonly qty: number; readonly price: number }): StrategyAccount {
  const a = prev ?? EMPTY_STRATEGY_ACCOUNT;
  if (a.qty === 0 || Math.sign(w.qty) !== Math.sign(a.qty)) return a;
  const next = applyStrategyFill(a, { side: a.qty > 0 ? 'sell' : 'buy', qty: Math.min(Math.abs(w.qty), Math.abs(a.qty)), price: w.price, fee: 0 });
  return { ...next, fills: a.fills, roundTrips: a.roundTrips, wins: a.wins, tripPnl: next.qty === 0 ? 0 : next.tripPnl };
}
