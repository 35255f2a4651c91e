import type { BacktestReport } from '../../engine/backtest/report.js';

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
