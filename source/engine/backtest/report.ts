const YEAR_MS = 365 * 86_400_000;

export interface BacktestReport {
  readonly candles: number;
  readonly initialCash: number;
  readonly finalEquity: number;
  /** Fractions, not percent. */
  readonly totalReturn: number;
  readonly maxDrawdown: number;
  readonly sharpe: number;
  /** Closed round trips (buy then sell). */
  readonly tradeCount: number;
  readonly winRate: number;
  /** Share of candles that closed with a position held. */
  readonly exposure: number;
  /** Buying at the first open (paying the fee) and holding to the last close. */
  readonly buyAndHoldReturn: number;
  readonly openTrade: boolean;
  /**
   * Gross profit over gross loss of the closed round trips (fees and funding included):
   * Infinity when some won and none lost, 0 when none won.
   */
  readonly profitFactor: number;
  /**
   * Calmar ratio: the return a year (compounded over the candles' span) over the max drawdown;
   * Infinity when it gained without a drawdown, 0 when flat.
   */
  readonly calmar: number;
}

export interface ReportInput {
  readonly equity: Float64Array;
  readonly initialCash: number;
  readonly timeframeMs: number;
  readonly tradeCount: number;
  readonly wins: number;
  readonly heldCandles: number;
  readonly firstOpen: number;
  readonly lastClose: number;
  readonly fee: number;
  readonly openTrade: boolean;
  /** Sum of the closed round trips' gains, and of their losses (a positive number), in the quote currency. */
  readonly grossProfit: number;
  readonly grossLoss: number;
}

/**
 * Every figure of the report from the equity curve and the trade tallies.
 * Sharpe: mean over sample standard deviation of per-candle returns (equity[i] / equity[i-1] - 1,
 * no risk-free rate), times sqrt(candles per year); 0 when returns do not vary.
 */
export function computeReport(r: ReportInput): BacktestReport {
  const n = r.equity.length;
  const final = n > 0 ? r.equity[n - 1] : r.initialCash;
  let peak = r.initialCash;
  let maxDd = 0;
  let sum = 0;
  let sumSq = 0;
  let prev = r.initialCash;
  // Two divisions a candle are most of this loop's cost; each is skipped where its result is
  // known without it, so the figures are the very numbers the plain loop gives:
  // - the drawdown (peak - e) / peak is divided out only when it may beat the deepest so far:
  //   the product test has a margin (1e-9) far wider than the rounding of either side;
  // - a candle whose equity did not move (flat, between trades) returns exactly 0.
  const equity = r.equity;
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    if (e > peak) peak = e;
    else if (peak > 0) {
      const drop = peak - e;
      if (drop > maxDd * peak * (1 - 1e-9)) {
        const dd = drop / peak;
        if (dd > maxDd) maxDd = dd;
      }
    }
    if (i > 0 && e !== prev) {
      const ret = prev > 0 ? e / prev - 1 : 0;
      sum += ret;
      sumSq += ret * ret;
    }
    prev = e;
  }
  const m = n - 1;
  let sharpe = 0;
  if (m >= 2) {
    const mean = sum / m;
    const variance = (sumSq - m * mean * mean) / (m - 1);
    const sd = variance > 0 ? Math.sqrt(variance) : 0;
    sharpe = sd > 1e-15 ? (mean / sd) * Math.sqrt(YEAR_MS / r.timeframeMs) : 0;
  }
  return {
    candles: n,
    initialCash: r.initialCash,
    finalEquity: final,
    totalReturn: final / r.initialCash - 1,
    maxDrawdown: maxDd,
    sharpe,
    tradeCount: r.tradeCount,
    winRate: r.tradeCount > 0 ? r.wins / r.tradeCount : 0,
    exposure: n > 0 ? r.heldCandles / n : 0,
    buyAndHoldReturn: n > 0 ? r.lastClose / (r.firstOpen * (1 + r.fee)) - 1 : 0,
    openTrade: r.openTrade,
    profitFactor: ratio(r.grossProfit, r.grossLoss),
    calmar: n > 0 ? ratio(Math.pow(final / r.initialCash, YEAR_MS / (n * r.timeframeMs)) - 1, maxDd) : 0,
  };
}

/** a / b for ratios of a gain to a loss: Infinity for a gain over no loss, 0 for no gain over none. */
function ratio(a: number, b: number): number {
  if (b > 0) return a / b;
  return a > 0 ? Infinity : a < 0 ? -Infinity : 0;
}
