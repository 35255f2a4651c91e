import { createRng } from '../../adapters/simulated/prng.js';
import type { BacktestFill } from '../../engine/backtest/backtest.js';
import type { FundingPayment, FuturesFill } from '../../engine/backtest/futures-backtest.js';

/** The drawdowns of a result's trades replayed in shuffled orders. */
export interface MonteCarloDrawdowns {
  readonly trades: number;
  readonly runs: number;
  /** Max drawdown of the trades in the order they happened (trade by trade, not candle by candle). */
  readonly asTraded: number;
  readonly median: number;
  readonly p95: number;
  readonly worst: number;
}

/**
 * Each closed spot round trip's return on what it spent: proceeds after the fee over the buy's
 * spend (quantity x price + fee) - 1. With the whole cash in every trade these compound.
 */
export function spotTradeReturns(fills: readonly Pick<BacktestFill, 'side' | 'quantity' | 'price' | 'fee'>[]): number[] {
  const out: number[] = [];
  let spent: number | undefined;
  for (const f of fills) {
    if (f.side === 'buy') spent = f.quantity * f.price + f.fee;
    else if (spent !== undefined) {
      out.push((f.quantity * f.price - f.fee) / spent - 1);
      spent = undefined;
    }
  }
  return out;
}

/**
 * Each closed perpetual round trip's return on the wallet it opened with: its fees, its funding
 * and its realised PnL (a liquidation's clearance included) over the wallet before the open.
 * Every position is the whole wallet times the leverage, so these compound as spot's do. The
 * wallet is rebuilt from the start cash through every fill and funding payment in the order the
 * futures backtest makes them: a payment at a fill's time is the position held into that open,
 * so it comes first; a liquidation (stamped with its candle's open) comes after the payments
 * inside its candle. A trip still open at the end is not a trade yet.
 */
export function futuresTradeReturns(
  run: { readonly fills: readonly Pick<FuturesFill, 'action' | 'time' | 'fee' | 'grossPnl'>[]; readonly funding: readonly Pick<FundingPayment, 'time' | 'amount'>[] },
  cash: number,
  timeframeMs: number,
): number[] {
  const out: number[] = [];
  let wallet = cash;
  let openedWith: number | undefined;
  let f = 0;
  const payUntil = (time: number): void => {
    for (; f < run.funding.length && run.funding[f].time <= time; f++) wallet += run.funding[f].amount;
  };
  for (const fill of run.fills) {
    payUntil(fill.action === 'liquidation' ? fill.time + timeframeMs - 1 : fill.time);
    if (fill.action === 'open') {
      openedWith = wallet;
      wallet -= fill.fee;
      continue;
    }
    // A close pays its fee; a liquidation's fee is the clearance, and the wallet never goes below zero.
    wallet = fill.action === 'liquidation' ? Math.max(0, wallet + fill.grossPnl - fill.fee) : wallet + fill.grossPnl - fill.fee;
    if (openedWith !== undefined && openedWith > 0) out.push(wallet / openedWith - 1);
    openedWith = undefined;
  }
  return out;
}

/** Max drawdown of equity compounded through `returns` in the order `order` gives. */
function drawdownOf(returns: readonly number[], order: readonly number[]): number {
  let equity = 1;
  let peak = 1;
  let max = 0;
  for (const k of order) {
    equity *= 1 + returns[k];
    if (equity > peak) peak = equity;
    else max = Math.max(max, (peak - equity) / peak);
  }
  return max;
}

/**
 * The order of trades is luck: replaying them shuffled (seeded Fisher-Yates, `runs` times)
 * gives the spread of drawdowns the same trades could have dealt. The final return is the
 * same in every order (the product of the trades); only the path differs.
 */
export function monteCarloDrawdowns(returns: readonly number[], runs: number, seed: number): MonteCarloDrawdowns {
  const rng = createRng(seed);
  const order = returns.map((_, i) => i);
  const asTraded = drawdownOf(returns, order);
  const dds: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    dds.push(drawdownOf(returns, order));
  }
  dds.sort((a, b) => a - b);
  const at = (q: number): number => (dds.length ? dds[Math.min(dds.length - 1, Math.floor(q * dds.length))] : 0);
  return { trades: returns.length, runs, asTraded, median: at(0.5), p95: at(0.95), worst: dds.length ? dds[dds.length - 1] : 0 };
}
