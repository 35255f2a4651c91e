import { plot } from 'asciichart';
import type { BacktestRun } from '../engine/backtest/backtest.js';
import { change, num, paint } from '../format/format.js';

export interface ReportContext {
  readonly strategy: string;
  readonly params: Readonly<Record<string, number>>;
  readonly symbol: string;
  readonly timeframe: string;
  readonly fee: number;
  readonly slippageBps: number;
  readonly quote: string;
  readonly firstTime: number;
  readonly lastTime: number;
  readonly source: string;
  /** The execution model paragraph, when it is not spot's (futures). */
  readonly executionModel?: string;
  /** What one entry spends (`--size`, as `start`'s), when not the whole cash. */
  readonly size?: string;
  /** Lines after the common figures (futures: leverage, fees, funding, liquidations). */
  readonly extraLines?: readonly string[];
}

const signed = (x: number, colour: boolean): string => paint(change(x), x > 0 ? 'green' : x < 0 ? 'red' : 'dim', colour && x !== 0);

export function executionModel(fee: number, slippageBps: number, cash: number, quote: string, size?: string): string {
  const head = `Execution model: long-only spot, no leverage, starting cash ${num(cash, 2)} ${quote}. A signal at a candle's close`;
  const tail = `fee ${(fee * 100).toFixed(3)}% per fill,`;
  if (size === undefined) {
    return [
      head,
      `fills at the next candle's open (a signal on the last candle does not fill); a buy spends all cash B for`,
      `B / (1 + fee) / price, a sell of the whole position Q yields Q * price * (1 - fee); ${tail}`,
      `slippage ${slippageBps} bps; equity is marked at the last close.`,
    ].join('\n');
  }
  // With a size, a buy spends what a live instance of that size spends (engine/strategy-size.ts entryBudget).
  return [
    head,
    `fills at the next candle's open (a signal on the last candle does not fill); a buy spends B = ${size} (--size,`,
    `fee included; held while the cash cannot pay it, as a running instance) for B / (1 + fee) / price, a sell of`,
    `the whole position Q yields Q * price * (1 - fee); ${tail} slippage ${slippageBps} bps; equity is marked at the last close.`,
  ].join('\n');
}

/** The human report: figures, then the equity curve as an ascii chart. */
export function formatBacktest(run: Omit<BacktestRun, 'fills'> & { readonly fills: readonly unknown[] }, ctx: ReportContext, colour: boolean, width = 72): string {
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const params = Object.entries(ctx.params).map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = [
    `Backtest ${ctx.strategy}${params ? ` (${params})` : ''} on ${ctx.symbol} ${ctx.timeframe}: ${run.candles.toLocaleString('en-US')} candles, ${day(ctx.firstTime)} .. ${day(ctx.lastTime)} UTC`,
    `Data: ${ctx.source}`,
    ctx.executionModel ?? executionModel(ctx.fee, ctx.slippageBps, run.initialCash, ctx.quote, ctx.size),
    '',
    `Final equity   ${num(run.finalEquity, 2)} ${ctx.quote}`,
    `Total return   ${signed(run.totalReturn, colour)}`,
    `Buy and hold   ${signed(run.buyAndHoldReturn, colour)}`,
    `Max drawdown   ${(run.maxDrawdown * 100).toFixed(2)}%`,
    `Sharpe         ${run.sharpe.toFixed(2)} (per-candle returns, annualised for ${ctx.timeframe} candles)`,
    `Trades         ${run.tradeCount} closed, win rate ${(run.winRate * 100).toFixed(1)}%${run.openTrade ? ', one still open' : ''} (${run.fills.length} fills${run.ignoredIntents ? `, ${run.ignoredIntents} signals ignored: already in or out` : ''})`,
    `Exposure       ${(run.exposure * 100).toFixed(1)}% of candles in the market`,
    ...(ctx.extraLines ?? []),
  ];
  if (run.equity.length >= 2) {
    const points = downsample(run.equity, width);
    const labelWidth = Math.max(...points.map((p) => num(p, 0).length));
    lines.push('', 'Equity', plot(points, { height: 10, format: (x) => num(x, 0).padStart(labelWidth) }));
  }
  return lines.join('\n');
}

/** At most `width` points, each the last value of its bucket (keeps the final equity exact). */
function downsample(values: Float64Array, width: number): number[] {
  if (values.length <= width) return Array.from(values);
  const out: number[] = [];
  for (let i = 1; i <= width; i++) out.push(values[Math.min(values.length - 1, Math.floor((i * values.length) / width) - 1)]);
  return out;
}
