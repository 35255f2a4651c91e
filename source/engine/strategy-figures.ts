import type { Timeframe } from '../domain/index.js';
import { timeframeMs } from '../domain/index.js';
import type { StrategyAccount, StrategyHold, StrategyState } from '../store/index.js';

/**
 * One strategy instance as every entry point shows it: plain JSON (the daemon sends it over
 * a socket). Account figures come from the fold; the rest is derived here from the last
 * price and the instance's timeframe.
 */
export interface StrategyInstanceView {
  readonly id: string;
  readonly name: string;
  /** A user strategy's module path; absent for a built-in. */
  readonly module?: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly size: string;
  readonly params: Readonly<Record<string, number>>;
  readonly mode: string;
  /** What the ledger says. */
  readonly status: 'running' | 'stopped';
  /** Running in this process now (false for a recorded instance that could not resume). */
  readonly live: boolean;
  /** Why a recorded running instance is not live here, if it is not. */
  readonly problem?: string;
  readonly position: number;
  readonly avgPrice: number;
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  /** Value of the position at the last price, in the quote asset. */
  readonly exposure: number;
  readonly fees: number;
  /** Fills of its orders. */
  readonly trades: number;
  readonly roundTrips: number;
  readonly wins: number;
  /** wins / round trips, 0..1; null before the first round trip ends. */
  readonly winRate: number | null;
  readonly last: number | null;
  readonly lastSignal?: { readonly side: 'buy' | 'sell'; readonly reason: string; readonly ts: number; readonly target?: 'long' | 'short' | 'flat' };
  /** Why its last target was not reached (a hold, or a refusal of its order), until its next signal. */
  readonly lastHold?: { readonly kind: 'held' | 'refused'; readonly target: 'long' | 'short' | 'flat'; readonly code: string; readonly text: string; readonly ts: number };
  /** Closed candles seen of those the strategy needs before it can signal. */
  readonly warmup: { readonly seen: number; readonly need: number };
  /** When its next candle closes (ms); null when it is not live. */
  readonly nextCandleAt: number | null;
}

export interface InstanceRuntime {
  readonly live: boolean;
  readonly problem?: string;
  readonly candlesSeen: number;
  readonly warmupNeed: number;
}

/** The view of one instance from its recorded state, its account, the last price and the time. */
export function instanceView(s: StrategyState, a: StrategyAccount, last: number | undefined, now: number, rt: InstanceRuntime, hold?: StrategyHold): StrategyInstanceView {
  const timeframe = s.timeframe ?? '1m';
  const tf = timeframeMs(timeframe);
  const mark = last ?? a.avgPrice;
  return {
    id: s.strategyId,
    name: s.name,
    ...(s.module ? { module: s.module } : {}),
    symbol: s.symbol,
    timeframe,
    size: s.size ?? 'all cash (before sizing)',
    params: s.params,
    mode: s.mode,
    status: s.status,
    live: rt.live,
    ...(rt.problem ? { problem: rt.problem } : {}),
    position: a.qty,
    avgPrice: a.avgPrice,
    realizedPnl: a.realizedPnl,
    unrealizedPnl: a.qty === 0 ? 0 : (mark - a.avgPrice) * a.qty,
    exposure: a.qty * mark,
    fees: a.fees,
    trades: a.fills,
    roundTrips: a.roundTrips,
    wins: a.wins,
    winRate: a.roundTrips === 0 ? null : a.wins / a.roundTrips,
    last: last ?? null,
    ...(s.lastSignal ? { lastSignal: s.lastSignal } : {}),
    ...(hold ? { lastHold: { kind: hold.kind, target: hold.target, code: hold.reason.code, text: hold.reason.text, ts: hold.ts } } : {}),
    warmup: { seen: Math.min(rt.candlesSeen, rt.warmupNeed), need: rt.warmupNeed },
    nextCandleAt: rt.live ? (Math.floor(now / tf) + 1) * tf : null,
  };
}

/** What closing an instance would sell: exactly its own position (lot-rounded), or nothing. */
export interface ClosePreview {
  readonly id: string;
  readonly symbol: string;
  /** Base quantity a `--close` would sell at market; 0 = nothing. */
  readonly qty: number;
  readonly base: string;
  /** Estimated proceeds at the bid, in the quote asset (before fees). */
  readonly estimate: number;
  readonly quote: string;
  /** One line for a confirmation: what will be sold, or that it owns nothing. */
  readonly text: string;
}
