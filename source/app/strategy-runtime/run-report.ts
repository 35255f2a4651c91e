import type { Candle, Fill, Timeframe, VenueId } from '../../domain/index.js';
import { timeframeMs } from '../../domain/index.js';
import type { State } from '../../store/index.js';
import { selectTicker } from '../../store/index.js';
import { strategyFigures, type StrategyFigures } from '../../engine/fill-figures.js';

/**
 * The fills of the orders a strategy placed, since `since` (ms). The one place `atapi run`
 * learns what its strategy did: when the session keeps per-instance accounts, this becomes a
 * read of the instance's figures and nothing else changes.
 */
export function strategyFills(state: State, strategyId: string, since = 0): Fill[] {
  const orders = state.ledger.orders;
  return state.ledger.fills.filter((f) => f.ts >= since && orders[f.orderId]?.strategyId === strategyId);
}

/** The figures `run` prints for its strategy: its fills since the run began, at the last price. */
export function runFigures(state: State, strategyId: string, venue: VenueId, symbol: string, since: number, lastPrice?: number): StrategyFigures {
  return strategyFigures(strategyFills(state, strategyId, since), lastPrice ?? selectTicker(state, venue, symbol)?.last);
}

/** One heartbeat: a candle of the strategy's timeframe closed. */
export interface Heartbeat {
  /** Close time of the bar (ms). */
  readonly ts: number;
  readonly price: number;
  /** The strategy's signal at this close, if any. */
  readonly signal?: 'buy' | 'sell';
  readonly figures: StrategyFigures;
}

/**
 * The close time of the bar of `timeframe` that a closed 1m candle completes, or undefined
 * when the bar goes on (the same rule the strategy host closes its bars by).
 */
export function barCloseOf(candle: Candle, timeframe: Timeframe): number | undefined {
  const tfMs = timeframeMs(timeframe);
  const end = Math.floor(candle.t / tfMs) * tfMs + tfMs;
  return candle.t + 60_000 >= end ? end : undefined;
}

/** What `run` says on exit. */
export interface RunSummary {
  readonly strategyId: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly durationMs: number;
  readonly figures: StrategyFigures;
  /**
   * What the instance holds with its earlier runs (its own account), when that is not this run's
   * position: a `--once` from cron trades one run and holds through the next ones.
   */
  readonly held?: { readonly position: number; readonly avgEntry: number };
}

export function runSummary(state: State, o: { strategyId: string; venue: VenueId; symbol: string; startedAt: number; endedAt: number }): RunSummary {
  return {
    strategyId: o.strategyId,
    startedAt: o.startedAt,
    endedAt: o.endedAt,
    durationMs: Math.max(0, o.endedAt - o.startedAt),
    ...withHeld(state, o.strategyId, runFigures(state, o.strategyId, o.venue, o.symbol, o.startedAt)),
  };
}

function withHeld(state: State, strategyId: string, figures: StrategyFigures): Pick<RunSummary, 'figures' | 'held'> {
  const a = state.ledger.strategyAccounts?.[strategyId];
  if (!a || Math.abs(a.qty - figures.position) < 1e-12) return { figures };
  return { figures, held: { position: a.qty, avgEntry: a.avgPrice } };
}
