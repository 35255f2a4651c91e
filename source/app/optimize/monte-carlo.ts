import { createRng } from '../../adapters/simulated/prng.js';
import type { BacktestFill } from '../../engine/backtest/backtest.js';

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
