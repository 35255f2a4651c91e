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
 * The figures of an equity curve that need every point of it: the peak so far, the deepest
 * drawdown from it, and the sum and sum of squares of the per-candle returns. Points are added
 * one at a time, so a backtest adds each close's equity as its loop makes it (no second pass
 * over millions of points) and computeReport adds a stored curve's: the same arithmetic in the
 * same order either way, so the figures are the same numbers.
 */
export class EquityStats {
  // NaN first (the real values are set in the constructor), so the engine keeps the fields as
  // doubles from the start (see SpotAccount in backtest.ts).
  peak = NaN;
  maxDrawdown = NaN;
  sum = NaN;
  sumSq = NaN;
  /** The point before (NaN before the first: the first point has no return). */
  private last = NaN;

  constructor(initialCash: number) {
    this.peak = initialCash;
    this.maxDrawdown = this.sum = this.sumSq = 0;
  }

  /** The equity at the next close. */
  add(e: number): void {
    const prev = this.last;
    // Equity that did not move (flat between trades: most candles of most runs) sets no new peak,
    // no deeper drawdown than the point before it did, and a return of exactly 0.
    if (e === prev) return;
    this.last = e;
    const peak = this.peak;
    if (e > peak) this.peak = e;
    else if (peak > 0) {
      // The division (peak - e) / peak is done only when it may beat the deepest so far: the
      // product test has a margin (1e-9) far wider than the rounding of either side.
      const drop = peak - e;
      if (drop > this.maxDrawdown * peak * (1 - 1e-9)) {
        const dd = drop / peak;
        if (dd > this.maxDrawdown) this.maxDrawdown = dd;
      }
    }
    // A return from nothing (or before the first point) counts as 0, which adds nothing.
    if (prev > 0) {
      const ret = e / prev - 1;
      this.sum += ret;
      this.sumSq += ret * ret;
    }
  }
}

/**
 * Every figure of the report from the equity curve and the trade tallies. `stats`: the curve's
 * points already added as the run made them (EquityStats); absent, they are added here.
 * Sharpe: mean over sample standard deviation of per-candle returns (equity[i] / equity[i-1] - 1,
 * no risk-free rate), times sqrt(candles per year); 0 when returns do not vary.
 */
export function computeReport(r: ReportInput, stats?: EquityStats): BacktestReport {
  const n = r.equity.length;
  const final = n > 0 ? r.equity[n - 1] : r.initialCash;
  let s = stats;
  if (s === undefined) {
    s = new EquityStats(r.initialCash);
    const equity = r.equity;
    for (let i = 0; i < n; i++) s.add(equity[i]);
  }
  const { sum, sumSq } = s;
  const maxDd = s.maxDrawdown;
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
