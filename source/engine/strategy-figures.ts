import type { Fill, StrategyExits, StrategyStopReason, Timeframe } from '../domain/index.js';
import { refusal, RefusedError, timeframeMs } from '../domain/index.js';
import { heldTarget } from './strategy-perp.js';
import { selectNettings, selectShareCovers, type Netting, type ShareCover } from './strategy-held.js';
import { selectInstrument, selectStrategyAccount, selectStrategyHold, selectTicker, type State, type StrategyAccount, type StrategyHold, type StrategyState } from '../store/index.js';

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
  /** Its own exits (`--stop-loss 3%`), in percent; absent: none. */
  readonly exits?: StrategyExits;
  readonly mode: string;
  /** What the ledger says. */
  readonly status: 'running' | 'stopped';
  /** Running in this process now (false for a recorded instance that could not resume). */
  readonly live: boolean;
  /** Why a recorded running instance is not live here, if it is not; why the runtime stopped it, if it did. */
  readonly problem?: string;
  /** Set when the runtime stopped it (not a trader): it failed (threw, overran its time budget), or a grid left its range. */
  readonly stopCode?: StrategyStopReason['code'];
  /**
   * What it holds now: its own position (from its own fills) as far as the account still holds
   * it (engine/strategy-held.ts). The unrealised PnL and the exposure are figured on this.
   */
  readonly position: number;
  /**
   * Present when the account no longer holds all of its own position (closed outside the
   * strategy): `own` is that position as its fills say, `position` the part still
   * held. Its fills and realised PnL stay; see format/strategy-held-text.ts for the words.
   */
  readonly notHeld?: { readonly own: number; readonly cover: 'partly' | 'none' };
  /**
   * Present when instances hold opposite sides of its one-way perpetual: who holds what, their
   * net and the account's position (engine/strategy-held.ts selectNettings; the words:
   * format/strategy-held-text.ts nettedText).
   */
  readonly netted?: Netting;
  /** The average entry of its own position (its fills'). */
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

/**
 * The view of one instance from its recorded state, its account, the last price and the time;
 * `cover`: how much of its own position the account holds now (all of it when absent).
 */
export function instanceView(s: StrategyState, a: StrategyAccount, last: number | undefined, now: number, rt: InstanceRuntime, hold?: StrategyHold, cover?: ShareCover, netted?: Netting): StrategyInstanceView {
  const timeframe = s.timeframe ?? '1m';
  const tf = timeframeMs(timeframe);
  const mark = last ?? a.avgPrice;
  const held = cover === undefined || cover.cover === 'held' ? a.qty : cover.held;
  return {
    id: s.strategyId,
    name: s.name,
    ...(s.module ? { module: s.module } : {}),
    symbol: s.symbol,
    timeframe,
    size: s.size ?? 'all cash (before sizing)',
    params: s.params,
    ...(s.exits ? { exits: s.exits } : {}),
    mode: s.mode,
    status: s.status,
    live: rt.live,
    ...(rt.problem ? { problem: rt.problem } : {}),
    ...(s.status === 'stopped' && s.reason ? { stopCode: s.reason.code } : {}),
    position: held,
    ...(cover && cover.cover !== 'held' ? { notHeld: { own: a.qty, cover: cover.cover } } : {}),
    ...(netted ? { netted } : {}),
    avgPrice: a.avgPrice,
    realizedPnl: a.realizedPnl,
    unrealizedPnl: held === 0 ? 0 : (mark - a.avgPrice) * held,
    exposure: held * mark,
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

/** An instance's figures and its trades (`status ID`). */
export interface StrategyStatus {
  readonly strategy: StrategyInstanceView;
  /** Fills of its orders, oldest first (the most recent MAX_STRATEGY_TRADES, kept by the fold). */
  readonly trades: readonly Fill[];
}

/** The instance `id` as the ledger has it on `venue`; refused (strategy.not-found, field id) naming `label` when there is none. */
export function recordedStrategy(state: State, venue: string, label: string, id: string): StrategyState {
  const s = state.ledger.strategies[id];
  if (!s || s.venue !== venue) throw new RefusedError(refusal('strategy.not-found', `no strategy ${id.slice(0, 60)} on ${label}${meantText(state, venue, id)}`, 'id'));
  return s;
}

/**
 * The instances a mistyped id may have meant: those on `venue` whose id starts with it or holds
 * it (a trader types `stop grid-ETH` for grid-ETHUSDT-1m-1), at most three, the newest first;
 * else where to look.
 */
function meantText(state: State, venue: string, id: string): string {
  const typed = id.toLowerCase();
  const ids = Object.values(state.ledger.strategies).filter((v) => v.venue === venue).map((v) => v.strategyId);
  const near = typed.length < 2 ? [] : ids.filter((x) => x.toLowerCase().startsWith(typed) || x.toLowerCase().includes(typed)).reverse();
  if (near.length === 0) return ' (see: strategies)';
  return ` (did you mean ${near.slice(0, 3).join(', ')}${near.length > 3 ? `, or ${near.length - 3} more` : ''}? see: strategies --all)`;
}

/**
 * One instance's view from the state alone: its record, its account and its runtime are all
 * in the fold, so a daemon-attached terminal computes it from its replica without asking.
 */
export function strategyView(state: State, s: StrategyState, now: number, covers = selectShareCovers(state), nettings = selectNettings(state, covers)): StrategyInstanceView {
  // `?.`: a daemon of an older version sends its state without the runtime slice.
  const rt = state.runtime?.strategies[s.strategyId];
  const live = rt?.live === true;
  // Why it is not running: a crash its process saw (kept for a stopped instance too, so
  // `status ID` and the Strategy pane say why it stopped), or a resume that did not happen;
  // after a restart, the reason its stop recorded.
  const problem = live ? undefined : (rt?.problem ?? s.reason?.text ?? (s.status === 'running' ? 'not running in this process' : undefined));
  return instanceView(s, selectStrategyAccount(state, s.strategyId), selectTicker(state, s.venue, s.symbol)?.last, now, {
    live,
    problem,
    candlesSeen: rt?.candlesSeen ?? 0,
    warmupNeed: rt?.warmupNeed ?? 0,
  }, standingHold(state, s), covers.get(s.strategyId), nettings.get(s.strategyId));
}

/** The instance's hold or refusal while its target is still not reached: a reached one is history (see: history). */
function standingHold(state: State, s: StrategyState): StrategyHold | undefined {
  const hold = selectStrategyHold(state, s.strategyId);
  const inst = selectInstrument(state, s.venue, s.symbol);
  if (!hold || !inst) return hold;
  return heldTarget(selectStrategyAccount(state, s.strategyId).qty, inst) === hold.target ? undefined : hold;
}

/** Every instance of `venue` the ledger knows, in the order they were recorded. */
export function strategyViews(state: State, venue: string, now: number): StrategyInstanceView[] {
  const covers = selectShareCovers(state);
  const nettings = selectNettings(state, covers);
  return Object.values(state.ledger.strategies).filter((s) => s.venue === venue).map((s) => strategyView(state, s, now, covers, nettings));
}

/** `status ID`: the instance's view and its trades, from the state. */
export function strategyStatus(state: State, venue: string, label: string, id: string, now: number): StrategyStatus {
  const s = recordedStrategy(state, venue, label, id);
  return { strategy: strategyView(state, s, now), trades: state.ledger.strategyTrades?.[id] ?? [] };
}
