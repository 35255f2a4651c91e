import path from 'node:path';
import type { CancelBy, CommandSource, DomainEvent, Order, Refusal, StrategyExits, Timeframe } from '../../domain/index.js';
import { closePerpShare, type Pursuit } from './strategy-act.js';
import { isTimeframe, refusal, RefusedError, TIMEFRAMES, UserError, type RefusalCode } from '../../domain/index.js';
import { HOLD } from '../../engine/strategy-decision.js';
import { recordedStrategy, strategyView, strategyViews, type StrategyInstanceView } from '../../engine/strategy-figures.js';
import { prunePlan, type PrunePlan } from './strategy-prune.js';
import { writeOffEvents, writeOffPlan, type WriteOffPlan } from '../../engine/strategy-write-off.js';
import { notHeldText } from '../../format/strategy-held-text.js';
import { closePreview } from '../../engine/strategy-close.js';
import { parseExits } from '../../engine/strategy-exits.js';
import { findAnyStrategy } from '../../strategies/registry.js';
import { keepsOrders, resolveParams, type AnyStrategyDefinition, type PositionTarget } from '../../strategies/strategy.js';
import { StrategyError, strategyWarmup } from '../../engine/strategy-runner.js';
import { selectInstrument, type StrategyRuntime, type StrategyState } from '../../store/index.js';
import { loadAnyStrategy } from './load-strategy.js';
import { cancelInstanceOrders } from './resting-act.js';
import type { Session } from '../session/session.js';
import { startStrategy, type StrategyHost } from './strategy-host.js';

/** What `start` asks for; plain JSON, so the daemon can forward it. */
export interface StrategySpec {
  /** A built-in name (`sma`, `rsi`) or a path to a strategy module. */
  readonly strategy: string;
  readonly symbol: string;
  /** Default 1m. */
  readonly timeframe?: string;
  /** `100USDT`, `5%`, `0.01BTC`; default a small quote amount (see engine/strategy-size.ts). */
  readonly size?: string;
  /** Strategy parameters; missing ones take their defaults. */
  readonly params?: Readonly<Record<string, number>>;
  /** Its own exits, in percent (engine/strategy-exits.ts parses `3%`). */
  readonly exits?: StrategyExits;
}

export interface StopResult {
  readonly id: string;
  /** The sell `close` placed, or null when nothing was sold. */
  readonly sold: Order | null;
  /** Why the close sell was refused or failed, if it was. */
  readonly error?: string;
  /** The same, as data (the order path's refusal, or why there was nothing it could close). */
  readonly refusal?: Refusal;
  /** One line for people. */
  readonly text: string;
}

/**
 * Starts, stops and resumes the instances this process runs. What they show (figures,
 * trades, whether they are live) is read from the state (engine/strategy-figures.ts): the
 * manager records each instance's runtime there as `runtime/strategy` events.
 */
export interface StrategyManager {
  start(spec: StrategySpec): Promise<StrategyInstanceView>;
  /** `close`: its own position too; `by`: who its orders are cancelled by, when not itself (a flatten). */
  stop(id: string, options?: { close?: boolean; by?: CancelBy }): Promise<StopResult>;
  /** `strategies prune`: records the stopped, flat instances with no order open as pruned (strategy-prune.ts). */
  prune(): PrunePlan;
  /** `strategies write-off`: records the gone part of each instance's claim as written off (engine/strategy-write-off.ts). */
  writeOff(ids: readonly string[] | 'all', source: CommandSource): WriteOffPlan;
  /** Resumes the instances the ledger has as running (warm-up from candles, no trades on it). */
  resume(): Promise<void>;
  /** Resolves when the orders of every live instance placed so far have been answered. */
  idle(): Promise<void>;
  /** Stops feeding every instance without recording a stop: they resume on the next start. */
  detachAll(): void;
  /**
   * Sets instance `id`'s target from outside (a signal) and pursues it (see StrategyHost.steer);
   * undefined when the instance is not running in this process.
   */
  steer(id: string, target: PositionTarget, reason: string, ts: number): Promise<Pursuit | undefined>;
}

/**
 * The strategy instances of one session: started, stopped, resumed and shown through the
 * same calls from the shell, the TUI, `atapi run`, the daemon and the library.
 */
export function createStrategyManager(session: Session, clock: () => number, onOrder?: (text: string) => void, budgetMs?: number, outOfRange?: 'stop' | 'hold'): StrategyManager {
  const hosts = new Map<string, StrategyHost>();
  /** Instances recorded running that could not resume here, and why. */
  const problems = new Map<string, string>();
  const warmups = new Map<string, number>();

  const recorded = (id: string): StrategyState => recordedStrategy(session.state(), session.venue, session.label, id);
  const view = (id: string): StrategyInstanceView => strategyView(session.state(), recorded(id), clock());

  // Each instance's runtime as last recorded in the state, so only a change is dispatched.
  const published = new Map<string, StrategyRuntime>();
  const runtimeOf = (id: string): StrategyRuntime => {
    const host = hosts.get(id);
    const live = host?.running() === true;
    const problem = live ? undefined : problems.get(id);
    return { live, ...(problem ? { problem } : {}), candlesSeen: host?.candlesSeen() ?? published.get(id)?.candlesSeen ?? 0, warmupNeed: warmups.get(id) ?? 0 };
  };
  const publish = (ids: Iterable<string>): void => {
    const events: DomainEvent[] = [];
    for (const id of ids) {
      const rt = runtimeOf(id);
      const was = published.get(id);
      if (was && was.live === rt.live && was.problem === rt.problem && was.candlesSeen === rt.candlesSeen && was.warmupNeed === rt.warmupNeed) continue;
      published.set(id, rt);
      events.push({ type: 'runtime/strategy', data: { strategyId: id, ...rt } });
    }
    if (events.length) session.dispatch(events);
  };
  // A candle fed or a crash is seen after the batch that caused it: published then, outside
  // the store's observers (a dispatch from inside one would reach attached terminals out of order).
  let scheduled = false;
  const publishSoon = (): void => {
    if (scheduled || hosts.size === 0) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      publish([...hosts.keys(), ...problems.keys()]);
    });
  };
  const stopWatching = session.store.observe(publishSoon);

  const launch = (def: AnyStrategyDefinition, params: Readonly<Record<string, number>>, o: { symbol: string; timeframe: Timeframe; size?: string; id?: string; module?: string; resume?: boolean; exits?: StrategyExits }): StrategyHost => {
    let host: StrategyHost;
    let warmup: number;
    try {
      warmup = strategyWarmup(def, params, budgetMs);
      // The id comes with the crash: a strategy that throws while warming up does so before
      // startStrategy returns a host.
      host = startStrategy(session, { strategy: def, params, symbol: o.symbol, timeframe: o.timeframe, mode: session.mode, size: o.size, id: o.id, module: o.module, resume: o.resume, exits: o.exits, onOrder, budgetMs, outOfRange, onCrash: (m, id) => {
        problems.set(id, m);
        publishSoon();
      } });
    } catch (err) {
      // A strategy's own check of its parameters (sma: fast below slow: a RangeError from create()) is bad input, not a fault.
      // Its own words (`sma needs --fast below --slow ...`): the start names the strategy already, and
      // 'strategy "grid": grid needs ...' said it twice in the start dialog.
      if (err instanceof RangeError || (err instanceof StrategyError && err.params)) throw new RefusedError(refusal('strategy.params', err instanceof StrategyError ? err.reason : (err as Error).message, 'params'));
      if (err instanceof StrategyError) throw new RefusedError(refusal('strategy.failed', err.message, 'strategy'));
      throw err;
    }
    // Stopped on its warm-up: recorded stopped, with the reason, never left looking started.
    const failed = problems.get(host.id);
    if (!host.running() && failed !== undefined) {
      publish([host.id]);
      throw new RefusedError(refusal('strategy.failed', `strategy ${host.id} stopped: ${failed}`, 'strategy'));
    }
    hosts.set(host.id, host);
    warmups.set(host.id, warmup);
    problems.delete(host.id);
    return host;
  };

  return {
    async start(spec) {
      // Each bad input is refused with its code and the request's field (the API answers them, the
      // daemon's wire carries them, the start dialog puts its cursor there), in the same words as before.
      const tf = spec.timeframe ?? '1m';
      if (!isTimeframe(tf)) throw new RefusedError(refusal('strategy.timeframe', `bad timeframe "${tf}": use one of ${TIMEFRAMES.join(' ')}`, 'timeframe'));
      const symbol = refusedAs('market.unknown', 'symbol', () => session.symbol(spec.symbol));
      const def = await refusedAs('strategy.unknown', 'strategy', () => loadAnyStrategy(spec.strategy));
      const resolved = resolveParams(def, spec.params ?? {});
      if (!resolved.ok) throw new RefusedError(refusal('strategy.params', resolved.error, `params.${resolved.param}`));
      const module = findAnyStrategy(spec.strategy) ? undefined : path.resolve(spec.strategy);
      const host = launch(def, resolved.params, { symbol, timeframe: tf, size: spec.size, module, exits: spec.exits && parseExits(spec.exits) });
      publish([host.id]);
      return view(host.id);
    },
    prune() {
      const plan = prunePlan(session.state(), strategyViews(session.state(), session.venue, clock()));
      if (plan.ids.length) session.dispatch([{ type: 'strategy/pruned', data: { ids: plan.ids, ts: clock() } }]);
      return plan;
    },
    writeOff(ids, source) {
      // Judged on the state as it is when the command reaches this process (a daemon's, not a replica's).
      const plan = writeOffPlan(session.state(), session.venue, ids);
      if (plan.items.length) session.dispatch(writeOffEvents(plan, session.venue, source, clock()));
      return plan;
    },
    async stop(id, options = {}) {
      const s = recorded(id);
      const host = hosts.get(id);
      // Stopped before (by the trader, by atapi): nothing to stop, and the answer must not read as if it just did.
      const already = !host && s.status === 'stopped';
      if (already && !options.close) {
        problems.delete(id);
        publish([id]);
        return { id, sold: null, text: `${id} was stopped already; ${notHeldText(view(id)) ?? 'its position is kept'}` };
      }
      if (host) await host.stop({ by: options.by });
      // Not running here (it crashed, or was never resumed): a strategy that keeps orders still takes them off the book.
      else if (findAnyStrategy(s.name) && keepsOrders(findAnyStrategy(s.name)!)) await cancelInstanceOrders(session, id, options.by);
      hosts.delete(id);
      problems.delete(id);
      publish([id]);
      if (session.state().ledger.strategies[id]?.status === 'running') session.dispatch([{ type: 'strategy/status', data: { ...withoutSignal(s), status: 'stopped' } }]);
      // A position closed outside it is not "kept": say it is gone, and that prune takes the instance.
      if (!options.close) return { id, sold: null, text: `stopped ${id}; ${notHeldText(view(id)) ?? 'its position is kept'}` };
      const p = closePreview(session.state(), session.venue, session.label, id);
      if (p.qty === 0) return { id, sold: null, text: `stopped ${id}; ${p.text}` };
      const inst = selectInstrument(session.state(), s.venue, s.symbol);
      // Its target is now flat, by the stop: its last signal (what the Strategy pane, strategies
      // and status show) says so, not the entry it held until now; a hold of that entry no longer stands.
      const side = inst?.perpetual && view(id).position < 0 ? 'buy' : 'sell';
      session.dispatch([{ type: 'strategy/signal', data: { strategyId: id, symbol: s.symbol, side, reason: `stopped and ${inst?.perpetual ? 'closed' : 'sold'} its own position`, ts: clock(), ...(inst?.perpetual ? { target: 'flat' as const } : {}) } }]);
      if (inst?.perpetual) {
        // Its own share only (reduce-only unless netted): the same order the preview described.
        const c = await closePerpShare(session, id, inst);
        const r = c.result;
        if (!r) return { id, sold: null, error: c.error, ...(c.error ? { refusal: refusal(HOLD.close, c.error) } : {}), text: `stopped ${id}; ${c.error ?? 'nothing to close'}` };
        if (!r.ok) return { id, sold: null, error: r.error, refusal: r.refusal, text: `stopped ${id}; the close of ${p.qty} ${p.base} was refused: ${r.error}` };
        return { id, sold: r.order, text: `stopped ${id}; close ${r.order.side} ${p.qty} ${p.base} ${r.order.status}${r.order.filledQty > 0 ? ` (${r.order.filledQty} at ${r.order.avgPrice})` : ''}` };
      }
      const r = await session.order({ symbol: s.symbol, side: 'sell', type: 'market', qty: p.qty, strategyId: id });
      if (!r.ok) return { id, sold: null, error: r.error, refusal: r.refusal, text: `stopped ${id}; the sell of ${p.qty} ${p.base} was refused: ${r.error}` };
      return { id, sold: r.order, text: `stopped ${id}; sell ${p.qty} ${p.base} ${r.order.status}${r.order.filledQty > 0 ? ` (${r.order.filledQty} at ${r.order.avgPrice})` : ''}` };
    },
    async resume() {
      for (const s of Object.values(session.state().ledger.strategies)) {
        if (s.status !== 'running' || s.venue !== session.venue || hosts.has(s.strategyId)) continue;
        try {
          if (s.mode !== session.mode) throw new UserError(`it was started in ${s.mode} mode, this session is ${session.mode}`);
          const def = s.module ? await loadAnyStrategy(s.module) : findAnyStrategy(s.name);
          if (!def) throw new UserError(`unknown strategy "${s.name}"`);
          const resolved = resolveParams(def, s.params);
          if (!resolved.ok) throw new UserError(resolved.error);
          launch(def, resolved.params, { symbol: s.symbol, timeframe: s.timeframe ?? '1m', size: s.size, id: s.strategyId, module: s.module, resume: true, exits: s.exits });
        } catch (err) {
          // It failed on its warm-up: the host recorded it stopped, with the reason, already.
          if (session.state().ledger.strategies[s.strategyId]?.status === 'stopped') continue;
          const why = (err as Error).message.split('\n')[0];
          problems.set(s.strategyId, `not resumed: ${why}`);
          session.dispatch([{ type: 'system/notice', data: { level: 'warn', message: `strategy ${s.strategyId} not resumed: ${why} (stop it with: stop ${s.strategyId})` } }]);
        }
      }
      publish([...hosts.keys(), ...problems.keys()]);
    },
    async idle() {
      await Promise.all([...hosts.values()].map((h) => h.idle()));
    },
    steer(id, target, reason, ts) {
      const host = hosts.get(id);
      return host?.running() ? host.steer(target, reason, ts) : Promise.resolve(undefined);
    },
    detachAll() {
      stopWatching();
      for (const h of hosts.values()) h.detach();
      hosts.clear();
    },
  };
}

/** The instance's record as a status event carries it: not its last signal, its trailing peak nor its last stop-loss (events of their own). */
function withoutSignal(s: StrategyState): Omit<StrategyState, 'lastSignal' | 'trail' | 'lastStopLoss'> {
  const { lastSignal: _, trail: __, lastStopLoss: ___, ...rest } = s;
  return rest;
}

/**
 * What `fn` refuses (a UserError: an unknown market, a strategy file that does not load) as a
 * refusal of `code` about the start's `field`, in its own words; a refusal already is one stays
 * as it is, and anything else (a bug) passes untouched.
 */
function refusedAs<T>(code: RefusalCode, field: string, fn: () => T): T {
  const refuse = (err: unknown): never => {
    throw err instanceof UserError && !(err instanceof RefusedError) ? new RefusedError(refusal(code, err.message, field)) : err;
  };
  try {
    const out = fn();
    return (out instanceof Promise ? out.catch(refuse) : out) as T;
  } catch (err) {
    return refuse(err);
  }
}
