import type { Bracket, CandleSeries } from '../../domain/index.js';
import { runBacktest, type BacktestConfig, type BacktestRun } from '../../engine/backtest/backtest.js';
import type { FundingSchedule } from '../../engine/backtest/funding-schedule.js';
import { runFuturesBacktest, type FuturesBacktestRun } from '../../engine/backtest/futures-backtest.js';
import type { BacktestReport } from '../../engine/backtest/report.js';
import { StrategyError } from '../../engine/strategy-runner.js';
import type { StrategyExits } from '../../engine/strategy-exits.js';
import { runOrdersBacktest, type OrdersBacktestRun, type OutOfRange } from '../../engine/backtest/orders-backtest.js';
import type { StrategySize } from '../../engine/strategy-size.js';
import { keepsOrders, resolveParams, type AnyStrategyDefinition, type Params } from '../../strategies/strategy.js';

/**
 * Everything a trial needs besides its parameters and the candles, as plain data: it crosses
 * to worker threads and over the queue. `strategy` is a built-in name or a module's absolute path.
 */
export interface TrialSetup {
  readonly strategy: string;
  readonly cash: number;
  readonly fee: number;
  readonly slippageBps: number;
  readonly timeframeMs: number;
  readonly budgetMs?: number;
  readonly exits?: StrategyExits;
  /** Present for `--futures`: the perpetual's leverage, funding and tiers. */
  readonly futures?: { readonly leverage: number; readonly funding: FundingSchedule; readonly brackets: readonly Bracket[] };
  /** A strategy that keeps orders (grid, dca): one order's size, and what a grid does when the price leaves its range. */
  readonly orders?: { readonly size: StrategySize; readonly outOfRange: OutOfRange };
}

/** A trial's result: the report's figures, or why the strategy refused the parameters. */
export type TrialOutcome = { readonly figures: BacktestReport } | { readonly error: string };

/** One finished trial, as the study file and the output hold it. */
export interface TrialResult {
  readonly id: string;
  readonly params: Params;
  readonly outcome: TrialOutcome;
}

/** Where a trial's run puts what it does not keep (see BacktestConfig): its equity curve, and whether it records fills. */
export interface TrialScratch {
  readonly equityBuffer: Float64Array;
  readonly recordFills: false;
}

/**
 * The whole backtest run of one point, exactly as `atapi backtest` runs it. `scratch`: a
 * trial's, which keeps only the figures (the same numbers: they never come from the fills or
 * a kept curve); absent, the run keeps its fills and curve (the best point's, shown whole).
 */
export function backtestPoint(def: AnyStrategyDefinition, setup: TrialSetup, series: CandleSeries, params: Params, scratch?: TrialScratch): BacktestRun | FuturesBacktestRun | OrdersBacktestRun {
  const config: BacktestConfig = { cash: setup.cash, fee: setup.fee, slippageBps: setup.slippageBps, timeframeMs: setup.timeframeMs, budgetMs: setup.budgetMs, ...scratch };
  if (keepsOrders(def)) {
    if (setup.orders === undefined) throw new RangeError(`${def.name} keeps orders: the sweep needs the size of one order`);
    return runOrdersBacktest(def, params, series, { ...config, exits: setup.exits, size: setup.orders.size, outOfRange: setup.orders.outOfRange });
  }
  return setup.futures ? runFuturesBacktest(def, params, series, { ...config, ...setup.futures }) : runBacktest(def, params, series, { ...config, exits: setup.exits });
}

/** Only the report's figures of a run (no fills, no equity curve: they stay in the worker). */
export function reportFigures(run: BacktestReport): BacktestReport {
  return {
    candles: run.candles,
    initialCash: run.initialCash,
    finalEquity: run.finalEquity,
    totalReturn: run.totalReturn,
    maxDrawdown: run.maxDrawdown,
    sharpe: run.sharpe,
    tradeCount: run.tradeCount,
    winRate: run.winRate,
    exposure: run.exposure,
    buyAndHoldReturn: run.buyAndHoldReturn,
    openTrade: run.openTrade,
    profitFactor: run.profitFactor,
    calmar: run.calmar,
  };
}

// One equity curve for every trial on this thread (each keeps only its figures), grown to the longest series.
let scratch = new Float64Array(0);

function trialScratch(n: number): TrialScratch {
  if (scratch.length < n) scratch = new Float64Array(n);
  return { equityBuffer: scratch, recordFills: false };
}

/**
 * One trial. Parameters the strategy refuses (out of range, or `fast` not below `slow`) are an
 * outcome, not a failure of the sweep: a grid over two ranges often holds such points.
 */
export function runTrial(def: AnyStrategyDefinition, setup: TrialSetup, series: CandleSeries, params: Params): TrialOutcome {
  const resolved = resolveParams(def, params);
  if (!resolved.ok) return { error: resolved.error };
  try {
    return { figures: reportFigures(backtestPoint(def, setup, series, resolved.params, trialScratch(series.length))) };
  } catch (err) {
    if (err instanceof RangeError || err instanceof StrategyError) return { error: err.message };
    throw err;
  }
}
