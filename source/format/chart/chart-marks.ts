import type { FuturesPositionRow } from '../../app/futures/futures-session.js';
import { isOpenStatus, isPerpetualSymbol, type Candle, type Order, type Timeframe, type TrailPoint } from '../../domain/index.js';
import type { Position, StrategyState } from '../../store/index.js';
import { findAnyStrategy } from '../../strategies/registry.js';
import { resolveParams, type IndicatorLine } from '../../strategies/strategy.js';
import { restingPrice } from '../../engine/depth.js';
import type { ChartLevel } from './chart-axis.js';

export interface LevelSources {
  readonly venue: string;
  readonly symbol: string;
  readonly orders: Readonly<Record<string, Order>>;
  /** Spot positions of the ledger (a perpetual's come from `futures`). */
  readonly positions: Readonly<Record<string, Position>>;
  /** The read model's perpetual positions, with their liquidation prices. */
  readonly futures: readonly FuturesPositionRow[];
  /** Trailing stops' moving triggers (the read model's `runtime.trails`), by order id. */
  readonly trails?: Readonly<Record<string, TrailPoint>>;
}

/**
 * The prices the trader has a stake at on this market: the position's entry (a perpetual's
 * also its liquidation price), each open order's limit, and each stop's trigger while it waits.
 */
export function chartLevels(src: LevelSources): ChartLevel[] {
  const levels: ChartLevel[] = [];
  if (isPerpetualSymbol(src.symbol)) {
    for (const p of src.futures) {
      if (p.symbol !== src.symbol || p.qty === 0) continue;
      levels.push({ kind: 'entry', price: p.entryPrice });
      if (p.liquidationPrice !== undefined && Number.isFinite(p.liquidationPrice) && p.liquidationPrice > 0) levels.push({ kind: 'liquidation', price: p.liquidationPrice });
    }
  } else {
    for (const p of Object.values(src.positions)) {
      if (p.venue === src.venue && p.symbol === src.symbol && p.qty !== 0 && p.avgPrice > 0) levels.push({ kind: 'entry', price: p.avgPrice });
    }
  }
  for (const o of Object.values(src.orders)) {
    if (o.venue !== src.venue || o.symbol !== src.symbol || !isOpenStatus(o.status)) continue;
    // A stop waiting for its trigger is not in the book yet: its trigger is the price that matters.
    const resting = restingPrice(o);
    if (resting !== undefined) levels.push({ kind: o.side, price: resting });
    // A trailing stop's line is where it fires now, not where it was placed.
    else if (o.stopPrice !== undefined && o.triggeredAt === undefined) levels.push({ kind: 'stop', price: src.trails?.[o.id]?.trigger ?? o.stopPrice });
  }
  return levels;
}

/** What the chart draws for the running strategy on its market, or why it draws nothing. */
export interface StrategyOverlay {
  readonly lines: readonly IndicatorLine[];
  /** The instance drawn, or one that runs on another timeframe (then `lines` is empty). */
  readonly instance?: string;
  readonly timeframe?: Timeframe;
}

const NONE: StrategyOverlay = { lines: [] };

/**
 * The indicator lines of the first running instance on this market, from its definition's own
 * `indicators` over the chart's candles. Only on the instance's timeframe: an average of 10
 * minutes drawn on hourly candles would not be what it trades on (the header says where it runs).
 */
export function strategyOverlay(strategies: Readonly<Record<string, StrategyState>>, venue: string, symbol: string, timeframe: Timeframe, candles: readonly Candle[]): StrategyOverlay {
  let elsewhere: StrategyOverlay | undefined;
  for (const inst of Object.values(strategies)) {
    if (inst.status !== 'running' || inst.venue !== venue || inst.symbol !== symbol || inst.module) continue;
    const def = findAnyStrategy(inst.name);
    if (!def?.indicators) continue;
    const runsOn = inst.timeframe ?? '1m';
    if (runsOn !== timeframe) {
      elsewhere ??= { lines: [], instance: inst.strategyId, timeframe: runsOn };
      continue;
    }
    const params = resolveParams(def, inst.params);
    if (!params.ok) continue;
    try {
      return { lines: def.indicators(params.params, candles), instance: inst.strategyId, timeframe: runsOn };
    } catch {
      // A definition that cannot draw (bad parameters) leaves the chart without its lines, never broken.
      continue;
    }
  }
  return elsewhere ?? NONE;
}
