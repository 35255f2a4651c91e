import type { BacktestReport } from '../../engine/backtest/report.js';
import type { TrialResult } from './trial.js';

/** What a sweep ranks by: each is one figure of the backtest report (engine/backtest/report.ts). */
export const METRICS = ['sharpe', 'return', 'calmar', 'profit-factor'] as const;
export type Metric = (typeof METRICS)[number];

export function isMetric(x: string): x is Metric {
  return (METRICS as readonly string[]).includes(x);
}

/** The report's name for a metric's figure (as in `backtest --json`). */
export function metricField(m: Metric): keyof BacktestReport & ('sharpe' | 'totalReturn' | 'calmar' | 'profitFactor') {
  switch (m) {
    case 'sharpe':
      return 'sharpe';
    case 'return':
      return 'totalReturn';
    case 'calmar':
      return 'calmar';
    case 'profit-factor':
      return 'profitFactor';
    default: {
      const never: never = m;
      return never;
    }
  }
}

/** The metric of a trial's figures: read, never computed again here (one place: the report). */
export function metricOf(figures: BacktestReport, m: Metric): number {
  return figures[metricField(m)];
}

/** A finished trial with figures (the strategy took its parameters). */
export type ScoredTrial = TrialResult & { readonly outcome: { readonly figures: BacktestReport } };

export function scored(results: readonly TrialResult[]): ScoredTrial[] {
  return results.filter((r): r is ScoredTrial => 'figures' in r.outcome);
}

/** Best first by the metric; equal metrics keep the sweep's order (a stable, repeatable ranking). */
export function ranked(results: readonly TrialResult[], metric: Metric): ScoredTrial[] {
  return scored(results)
    .map((r, i) => ({ r, i, m: metricOf(r.outcome.figures, metric) }))
    .sort((a, b) => (Number.isNaN(a.m) ? 1 : 0) - (Number.isNaN(b.m) ? 1 : 0) || b.m - a.m || a.i - b.i)
    .map((x) => x.r);
}
