import { metricOf, type Metric, type ScoredTrial } from '../app/optimize/metrics.js';
import type { SearchSpace } from '../app/optimize/search-space.js';
import type { TrialResult } from '../app/optimize/trial.js';
import type { BacktestReport } from '../engine/backtest/report.js';
import { change, share, table } from '../format/format.js';
import { spanText } from '../domain/span-text.js';

/** A metric's value as text: ratios with two decimals, the return as a percent, ∞ spelt out. */
export function metricText(value: number, metric: Metric): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return metric === 'return' ? change(value) : value.toFixed(2);
}

/** The top results: metric, return, drawdown, trades, win rate and the searched parameters. */
export function topTable(results: readonly ScoredTrial[], metric: Metric, space: SearchSpace, top: number): string {
  const rows = results.slice(0, top).map((r, i) => {
    const f = r.outcome.figures;
    return [String(i + 1), metricText(metricOf(f, metric), metric), change(f.totalReturn), share(f.maxDrawdown), String(f.tradeCount), share(f.winRate), ...space.axes.map((a) => String(r.params[a.name]))];
  });
  const cols = [{ header: '#', align: 'right' as const }, { header: metric, align: 'right' as const }, { header: 'return', align: 'right' as const }, { header: 'drawdown', align: 'right' as const }, { header: 'trades', align: 'right' as const }, { header: 'win rate', align: 'right' as const }, ...space.axes.map((a) => ({ header: a.name, align: 'right' as const }))];
  return table(cols, rows);
}

const CSV_FIGURES: readonly (keyof BacktestReport)[] = ['totalReturn', 'maxDrawdown', 'sharpe', 'calmar', 'profitFactor', 'tradeCount', 'winRate', 'exposure', 'finalEquity', 'buyAndHoldReturn', 'candles', 'initialCash', 'openTrade'];

/** Every trial, one row each: id, the searched parameters, the report's figures (named as in `backtest --json`), and the refusal if any. */
export function trialsCsv(results: readonly TrialResult[], space: SearchSpace): string {
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const head = ['id', ...space.axes.map((a) => a.name), ...CSV_FIGURES, 'error'];
  const lines = results.map((r) => {
    const figs = 'figures' in r.outcome ? CSV_FIGURES.map((k) => String((r.outcome as { figures: BacktestReport }).figures[k])) : CSV_FIGURES.map(() => '');
    return [quote(r.id), ...space.axes.map((a) => String(r.params[a.name])), ...figs, 'error' in r.outcome ? quote(r.outcome.error) : ''].join(',');
  });
  return [head.join(','), ...lines].join('\n');
}

const SHADES = ' .:-=+*#%@';
/** Most cells along an axis: more values are grouped (each cell the best of its group). */
const MAX_CELLS = 40;

/**
 * The metric over two searched parameters: one character per cell, darker is better, each
 * cell the best over the other parameters; a blank cell was not tried (random, tpe) or refused.
 */
export function heatmap(results: readonly ScoredTrial[], metric: Metric, space: SearchSpace, xName: string, yName: string): string {
  const xa = space.axes.find((a) => a.name === xName)!;
  const ya = space.axes.find((a) => a.name === yName)!;
  const xCells = Math.min(MAX_CELLS, xa.values.length);
  const yCells = Math.min(MAX_CELLS, ya.values.length);
  const cellOf = (values: readonly number[], cells: number, v: number): number => Math.floor((values.indexOf(v) * cells) / values.length);
  const grid: number[][] = Array.from({ length: yCells }, () => new Array<number>(xCells).fill(NaN));
  for (const r of results) {
    const m = metricOf(r.outcome.figures, metric);
    if (Number.isNaN(m)) continue;
    const x = cellOf(xa.values, xCells, r.params[xName]);
    const y = cellOf(ya.values, yCells, r.params[yName]);
    if (Number.isNaN(grid[y][x]) || m > grid[y][x]) grid[y][x] = m;
  }
  const finite = grid.flat().filter((m) => Number.isFinite(m));
  if (finite.length === 0) return `Heatmap of ${metric}: no trial has a finite ${metric}`;
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const shade = (m: number): string => {
    if (Number.isNaN(m)) return ' ';
    if (m === Infinity) return SHADES[SHADES.length - 1];
    if (m === -Infinity) return SHADES[1];
    const k = hi > lo ? Math.round(((m - lo) / (hi - lo)) * (SHADES.length - 2)) + 1 : SHADES.length - 1;
    return SHADES[k];
  };
  const label = (values: readonly number[], cells: number, i: number): string => String(values[Math.floor((i * values.length) / cells)]);
  const yLabels = Array.from({ length: yCells }, (_, i) => label(ya.values, yCells, i));
  const w = Math.max(...yLabels.map((l) => l.length), yName.length);
  const lines = [`Heatmap of ${metric} (best over the other parameters; ' ' untried or refused, '.' lowest ${metricText(lo, metric)} .. '@' highest ${metricText(hi, metric)})`];
  lines.push(`rows: ${yName} ${ya.values[0]} .. ${ya.values[ya.values.length - 1]}${yCells < ya.values.length ? ` (${yCells} groups)` : ''}; columns: ${xName} ${xa.values[0]} .. ${xa.values[xa.values.length - 1]}${xCells < xa.values.length ? ` (${xCells} groups)` : ''}, left to right`);
  for (let y = 0; y < yCells; y++) lines.push(`${yLabels[y].padStart(w)} |${grid[y].map((m) => shade(m).repeat(2)).join('')}|`);
  return lines.join('\n');
}

/** The progress line: trials done of all, trials a second since the start, time left at that pace. */
export function progressLine(done: number, total: number, fresh: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (fresh * 1000) / elapsedMs : 0;
  const left = rate > 0 ? spanText(((total - done) / rate) * 1000) : '?';
  return `trials ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}  ${rate.toFixed(1)}/s  ${left} left`;
}
