import type { Candle, Order, Timeframe, TradingMode } from '../../domain/index.js';
import { isOpenStatus, timeframeMs, UserError } from '../../domain/index.js';
import type { OrderIntent, Params, StrategyDefinition } from '../../strategies/strategy.js';
import { instanceAccount, pursue } from './strategy-act.js';
import { StrategyRunner } from '../../engine/strategy-runner.js';
import { targetToPursue } from '../../engine/strategy-decision.js';
import { aggregateCandles, selectEquity, selectInstrument, selectOrder, selectSeries, selectStrategyAccount, selectStrategyHold } from '../../store/index.js';
import { defaultSize, formatSize, parseSize } from '../../engine/strategy-size.js';
import type { Session } from '../session/session.js';
import { SPOT_FEES } from '../../engine/fees.js';

export interface OnceOptions {
  readonly strategy: StrategyDefinition;
  readonly params: Params;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly mode: TradingMode;
  /** The strategy id its order carries (the same as a continuous run's). */
  readonly strategyId: string;
  /** Now (ms): candles that end after it are still open. */
  readonly now: number;
  /** How long to wait for an accepted order to settle before saying it has not (ms). */
  readonly settleMs?: number;
  /** Fee rate kept inside a quote-sized buy. */
  readonly fee?: number;
  /** `100USDT`, `5%`, `0.01BTC`; default a small quote amount, never all in (engine/strategy-size.ts). */
  readonly size?: string;
  /** Longest one strategy call may run (ms); default the setting strategy.timeBudgetMs's. */
  readonly budgetMs?: number;
  /** A user strategy's module path, as the instance's listing records it (built-ins: none). */
  readonly module?: string;
}

/**
 * How one evaluation ended: `idle` (no signal, or nothing to do on it), `held` (a signal
 * the link or an unsettled order held back), `refused` (risk check or venue said no: nothing
 * happened), `settled` (the order reached a final state), `unsettled` (still open, or
 * `unknown` until a reconcile settles it: the caller must say so and fail).
 */
export type OnceOutcome = 'idle' | 'held' | 'refused' | 'settled' | 'unsettled';

export interface OnceResult {
  readonly outcome: OnceOutcome;
  /** The bar evaluated: the last closed candle of the timeframe. */
  readonly bar: Candle;
  /** When that bar closed (ms). */
  readonly closedAt: number;
  /** Bars fed before it (warm-up). */
  readonly warmup: number;
  readonly signal?: OrderIntent;
  readonly order?: Order;
  /** One line on what happened. */
  readonly message: string;
}

/**
 * Closed bars of `timeframe` from the venue's 1m candles: a bar whose last minute has not
 * closed by `now` is left out, so the last bar returned is the last closed one. `older` are
 * the venue's own candles of the timeframe (its longer history): they come before the 1m
 * candles begin, and stand for a first bar the 1m candles cover only in part.
 */
export function closedBars(candles1m: readonly Candle[], timeframe: Timeframe, now: number, older: readonly Candle[] = []): Candle[] {
  const tfMs = timeframeMs(timeframe);
  const closed = candles1m.filter((c) => c.t + 60_000 <= now);
  const bars = aggregateCandles(closed, tfMs);
  const last = closed.at(-1);
  if (bars.length && last && bars[bars.length - 1].t + tfMs > last.t + 60_000) bars.pop();
  const first = bars[0];
  const partial = first !== undefined && closed[0].t > first.t;
  const from = first ? first.t + (partial ? tfMs : 0) : Number.POSITIVE_INFINITY;
  const history = older.filter((c) => c.t < from && c.t + tfMs <= now);
  return partial && history.at(-1)?.t === first.t ? [...history, ...bars.slice(1)] : [...history, ...bars];
}

/**
 * `atapi run --once`: warm the strategy up on the closed bars the venue gave (no trading;
 * the caller asks the venue for its older candles first: `session.loadCandles`),
 * evaluate the last closed bar, place its order if it signals, and wait for that order's fate.
 * Sizing and holds follow the strategy host's rules so a cron run trades as a continuous one.
 */
export async function runOnce(session: Session, o: OnceOptions): Promise<OnceResult> {
  const venue = session.venue;
  const base = session.symbol(o.symbol);
  // The bars come from the venue's 1m history: any of it left for later is brought in first.
  session.warmUp?.();
  const state = session.state();
  const inst = selectInstrument(state, venue, base)!;
  const tfMs = timeframeMs(o.timeframe);
  const older = o.timeframe === '1m' ? [] : selectSeries(state.market, `${venue}:${base}:${o.timeframe}`);
  const bars = closedBars(selectSeries(state.market, `${venue}:${base}:1m`) ?? [], o.timeframe, o.now, older);
  const bar = bars.at(-1);
  if (!bar) throw new RangeError(`no closed ${o.timeframe} candle of ${base} from ${session.label} yet: nothing to evaluate`);
  const perp = inst.perpetual !== undefined;
  // The run's own account (its strategy id's), as the continuous host shows it: never the
  // trader's other holdings.
  const account = (): [number, number] => instanceAccount(session, o.strategyId, inst);
  const runner = new StrategyRunner(o.strategy, o.params, { budgetMs: o.budgetMs });
  // The warm-up's calls timed in chunks, as a backtest's are (StrategyRunner.loop): one timed
  // call per bar starts and joins a watchdog thread each (~0.1 ms), and a cron run warms up on
  // hundreds of bars. A bar that never returns is stopped as quickly, with the same reason.
  const warm = bars.slice(0, -1);
  runner.loop(warm.length, (from, to) => {
    for (let i = from; i < to; i++) runner.onCandle(warm[i], ...account());
  });
  const signal = runner.onCandle(bar, ...account());
  const warmup = bars.length - 1;
  const closedAt = bar.t + tfMs;
  const at = { bar, closedAt, warmup, ...(signal ? { signal } : {}) };
  // A cron run's instance trades and holds as any instance (its own account): it is listed the
  // first time it runs, stopped (nothing runs it between calls; a daemon's start never resumes
  // it), so `strategies`, `status ID` and its signals show it, and its position is never an
  // unlisted one read as pruned. Listed already (an earlier run): left as it stands.
  if (!session.state().ledger.strategies[o.strategyId]) {
    // Its size as the order below is sized: the default (never all in) when none was given.
    const size = o.size ?? formatSize(defaultSize(inst, perp ? session.futures.account().marginBalance : selectEquity(state, venue, inst.quote)));
    session.dispatch([{ type: 'strategy/status', data: { strategyId: o.strategyId, name: o.strategy.name, symbol: base, venue, mode: o.mode, status: 'stopped', once: true, params: o.params, timeframe: o.timeframe, size, ...(o.module ? { module: o.module } : {}) } }]);
  }
  if (signal) session.dispatch([{ type: 'strategy/signal', data: { strategyId: o.strategyId, symbol: base, side: signal.side, reason: signal.reason, ts: closedAt, ...(perp ? { target: signal.target } : {}) } }]);
  // No new signal: a target an earlier run was held or refused on is retried, as the host does.
  const s = session.state();
  const target = targetToPursue(signal?.target, selectStrategyHold(s, o.strategyId), selectStrategyAccount(s, o.strategyId).qty, inst);
  if (target === undefined) return { ...at, outcome: 'idle', message: 'no signal' };
  const fee = o.fee ?? SPOT_FEES.taker;
  const parsed = o.size === undefined ? { ok: true as const, size: defaultSize(inst, perp ? session.futures.account().marginBalance : selectEquity(s, venue, inst.quote)) } : parseSize(o.size, inst);
  if (!parsed.ok) throw new UserError(parsed.error);
  const p = await pursue(session, { id: o.strategyId, inst, size: parsed.size, fee }, target, bar.c, closedAt);
  const last = p.orders.at(-1);
  const lead = signal ? '' : `retrying ${target}: `;
  if (p.outcome === 'idle') return { ...at, outcome: 'idle', message: `${lead}${signal ? `${signal.side}: ` : ''}${p.message}` };
  if (p.outcome === 'held' || p.outcome === 'refused' || !last) {
    return { ...at, outcome: p.outcome === 'placed' ? 'idle' : p.outcome, ...(last ? { order: last } : {}), message: `${lead}${p.message}` };
  }
  const order = await settled(session, last.id, o.settleMs ?? 30_000);
  if (order.status === 'unknown') return { ...at, outcome: 'unsettled', order, message: `order ${order.id} is UNKNOWN: it may have filled; a reconcile settles it (open atapi again, or see: orders)` };
  if (isOpenStatus(order.status)) return { ...at, outcome: 'unsettled', order, message: `order ${order.id} is still ${order.status.replace('_', ' ')}: not settled yet (see: orders)` };
  if (order.status === 'rejected') return { ...at, outcome: 'refused', order, message: `order ${order.id} rejected${order.reason ? `: ${order.reason}` : ''}` };
  return { ...at, outcome: 'settled', order, message: `${lead}order ${order.id} ${order.status}` };
}

/**
 * The order once it leaves the open states (or becomes unknown), or as it stands after
 * `waitMs`: an accepted market order's fills may arrive after the venue's answer.
 */
function settled(session: Session, id: string, waitMs: number): Promise<Order> {
  const now = (): Order => selectOrder(session.state(), id)!;
  const done = (x: Order): boolean => !isOpenStatus(x.status) || x.status === 'unknown';
  if (done(now())) return Promise.resolve(now());
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      unsubscribe();
      resolve(now());
    };
    const unsubscribe = session.store.observe(() => {
      if (done(now())) finish();
    });
    const timer = setTimeout(finish, waitMs);
  });
}
