import type { CandleSeries } from '../../domain/index.js';
import type { OrderIntent, Params, StrategyDefinition } from '../../strategies/strategy.js';
import { StrategyRunner } from '../strategy-runner.js';
import { candleCursor } from './candle-cursor.js';
import { entryBudget, type StrategySize } from '../strategy-size.js';
import { buyQuantity, fillPrice, sellProceeds } from './fill-model.js';
import { computeReport, type BacktestReport } from './report.js';
import { SPOT_FEES } from '../fees.js';
import { firedExit, hasExits, nextPeak, type ExitKind, type StrategyExits } from '../strategy-exits.js';

export interface BacktestConfig {
  /** Starting quote balance. */
  readonly cash: number;
  /** Fee rate per fill, e.g. 0.001. */
  readonly fee: number;
  /** Adverse price move per fill, in basis points. */
  readonly slippageBps: number;
  /** Candle length, for annualising the Sharpe ratio. */
  readonly timeframeMs: number;
  /**
   * What one entry spends, as a live instance's `--size` (engine/strategy-size.ts); absent:
   * the whole cash. A size the cash cannot pay is held (counted in `ignoredIntents`), never
   * shrunk to what is left, as live.
   */
  readonly size?: StrategySize;
  /** Longest the strategy may take on one candle (ms) before the run is stopped; default the setting's. */
  readonly budgetMs?: number;
  /** The instance's own exits (`--stop-loss 3%`): the same rule as live (engine/strategy-exits.ts), at each close. */
  readonly exits?: StrategyExits;
  /**
   * Where to write the equity curve, when at least as long as the series: the run's `equity` is
   * then a view of it, overwritten by the next run given the same buffer. A sweep's worker
   * passes one for all its trials (it keeps only the figures): a fresh curve a trial is megabytes
   * of memory the process maps, zeroes and collects again for every trial.
   */
  readonly equityBuffer?: Float64Array;
}

/** The equity curve of a run over `n` candles: a view of the config's buffer when it is long enough, else a new array. */
export function equityCurve(n: number, config: Pick<BacktestConfig, 'equityBuffer'>): Float64Array {
  const buffer = config.equityBuffer;
  return buffer !== undefined && buffer.length >= n ? buffer.subarray(0, n) : new Float64Array(n);
}

export const DEFAULT_BACKTEST: Omit<BacktestConfig, 'timeframeMs'> = { cash: 10_000, fee: SPOT_FEES.taker, slippageBps: 0 };

export interface BacktestFill {
  readonly side: 'buy' | 'sell';
  /** Open time of the candle whose open it filled at. */
  readonly time: number;
  readonly price: number;
  readonly quantity: number;
  /** In the quote currency. */
  readonly fee: number;
  readonly reason: string;
  /** The instance's own exit that closed the position (`--stop-loss`), when one did. */
  readonly exit?: ExitKind;
  /** A limit order's fill (a grid's): its limit price (it may fill better, at an open through it). */
  readonly limit?: number;
}

export interface BacktestRun extends BacktestReport {
  readonly fills: readonly BacktestFill[];
  /** Equity marked at every candle's close. */
  readonly equity: Float64Array;
  /** Intents that could not act: a buy while holding, a sell while flat, or one on the last candle. */
  readonly ignoredIntents: number;
}

/**
 * The default execution model: long-only spot, no leverage. A signal at the close of candle
 * t fills at the open of t+1 (a signal on the last candle never fills). A buy spends the whole
 * cash B for B / (1 + fee) / price; a sell of the whole position Q yields Q * price * (1 - fee).
 * The strategy runs inside a StrategyRunner that is handed one candle at a time and never the
 * series, so it cannot look ahead. The candles are the series' typed-array columns; the loop
 * allocates a record per fill and nothing per candle for a strategy declared `transientCandle`
 * (every built-in one; engine/backtest/candle-cursor.ts), a candle object per candle for any
 * other. The equity curve is a Float64Array; the report is worked out from it once, at the end.
 */
export function runBacktest(def: StrategyDefinition, params: Params, series: CandleSeries, config: BacktestConfig): BacktestRun {
  const runner = new StrategyRunner(def, params, { budgetMs: config.budgetMs });
  const n = series.length;
  const { t, o, h, l, c } = series;
  const candleAt = candleCursor(def, series);
  const equity = equityCurve(n, config);
  const fills: BacktestFill[] = [];
  const { fee, slippageBps } = config;
  // The account between chunks of the loop. The candle loop runs timed in chunks (a strategy
  // stuck in one candle stops the backtest with a StrategyError); each chunk works on locals,
  // which the engine keeps in registers, and writes them back at its end (variables shared
  // with a closure would cost the loop half its speed).
  const size = config.size;
  const exits = hasExits(config.exits) ? config.exits : undefined;
  // entry: the buy's fill price (a live instance's average entry); peak: its best close since (the trailing reference).
  const acc = { cash: config.cash, qty: 0, entryCost: 0, entry: 0, peak: 0, wins: 0, closed: 0, gain: 0, loss: 0, held: 0, ignored: 0, pending: undefined as (OrderIntent & { readonly exit?: ExitKind }) | undefined };
  runner.loop(n, (from, to) => {
    let { cash, qty, entryCost, entry, peak, wins, closed, gain, loss, held, ignored, pending } = acc;
    for (let i = from; i < to; i++) {
      if (pending !== undefined) {
        let fill: BacktestFill | undefined;
        const price = fillPrice(pending.side, o[i], slippageBps);
        const spend = size === undefined ? cash : entryBudget(size, cash, price, fee);
        if (pending.side === 'buy' && qty === 0 && cash > 0 && spend <= cash + 1e-9) {
          const q = buyQuantity(spend, price, fee);
          fill = { side: 'buy', time: t[i], price, quantity: q, fee: spend - q * price, reason: pending.reason };
          entryCost = spend;
          entry = price;
          peak = 0;
          qty = q;
          cash = size === undefined ? 0 : cash - spend;
        } else if (pending.side === 'sell' && qty > 0) {
          const proceeds = sellProceeds(qty, price, fee);
          // Two literals rather than a spread of the optional field: a spread is a runtime call.
          const exit = pending.exit;
          fill = exit ? { side: 'sell', time: t[i], price, quantity: qty, fee: qty * price - proceeds, reason: pending.reason, exit } : { side: 'sell', time: t[i], price, quantity: qty, fee: qty * price - proceeds, reason: pending.reason };
          cash += proceeds;
          if (proceeds > entryCost) wins++;
          if (proceeds > entryCost) gain += proceeds - entryCost;
          else loss += entryCost - proceeds;
          closed++;
          qty = 0;
        } else ignored++;
        pending = undefined;
        if (fill !== undefined) {
          fills.push(fill);
          runner.onFill(fill, qty, cash);
        }
      }
      let intent: (OrderIntent & { readonly exit?: ExitKind }) | undefined = runner.onCandle(candleAt(i), qty, cash);
      if (exits !== undefined && qty > 0) {
        peak = nextPeak(peak, qty, entry, c[i]);
        // An exit that fires overrides the strategy's own intent on that candle, as live.
        const fired = firedExit(exits, qty, entry, peak, c[i]);
        if (fired !== undefined) intent = { side: 'sell', reason: fired.reason, exit: fired.kind };
      }
      if (intent !== undefined) {
        if (i < n - 1) pending = intent;
        else ignored++;
      }
      equity[i] = cash + qty * c[i];
      if (qty > 0) held++;
    }
    Object.assign(acc, { cash, qty, entryCost, entry, peak, wins, closed, gain, loss, held, ignored, pending });
  });
  const { qty, wins, closed, gain, loss, held, ignored } = acc;

  const report = computeReport({
    equity,
    initialCash: config.cash,
    timeframeMs: config.timeframeMs,
    tradeCount: closed,
    wins,
    grossProfit: gain,
    grossLoss: loss,
    heldCandles: held,
    firstOpen: n > 0 ? o[0] : NaN,
    lastClose: n > 0 ? c[n - 1] : NaN,
    fee,
    openTrade: qty > 0,
  });
  return { ...report, fills, equity, ignoredIntents: ignored };
}
