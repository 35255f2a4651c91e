import path from 'node:path';
import type { Fill, Instrument, Order, Timeframe } from '../domain/index.js';
import { heldTarget, planPerpClose } from '../engine/strategy-perp.js';
import { closePerpShare } from './strategy-perp.js';
import { isTimeframe, TIMEFRAMES, UserError } from '../domain/index.js';
import { instanceView, type ClosePreview, type StrategyInstanceView } from '../engine/strategy-figures.js';
import { sizeSell } from '../engine/strategy-size.js';
import { findStrategy } from '../strategies/registry.js';
import { resolveParams, type StrategyDefinition } from '../strategies/strategy.js';
import { strategyWarmup } from '../engine/strategy-runner.js';
import { selectBalance, selectFuturesPosition, selectInstrument, selectPositionMode, selectStrategyAccount, selectTicker, type StrategyState } from '../store/index.js';
import { loadStrategy } from './load-strategy.js';
import type { Session } from './session.js';
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
}

export interface StopResult {
  readonly id: string;
  /** The sell `close` placed, or null when nothing was sold. */
  readonly sold: Order | null;
  /** Why the close sell was refused or failed, if it was. */
  readonly error?: string;
  /** One line for people. */
  readonly text: string;
}

export interface StrategyStatus {
  readonly strategy: StrategyInstanceView;
  /** Fills of its orders, oldest first (the most recent 200). */
  readonly trades: readonly Fill[];
}

export interface StrategyManager {
  list(): StrategyInstanceView[];
  start(spec: StrategySpec): Promise<StrategyInstanceView>;
  stop(id: string, options?: { close?: boolean }): Promise<StopResult>;
  status(id: string): StrategyStatus;
  closePreview(id: string): ClosePreview;
  /** Resumes the instances the ledger has as running (warm-up from candles, no trades on it). */
  resume(): Promise<void>;
  /** Resolves when the orders of every live instance placed so far have been answered. */
  idle(): Promise<void>;
  /** Stops feeding every instance without recording a stop: they resume on the next start. */
  detachAll(): void;
}

const MAX_STATUS_TRADES = 200;

/**
 * The strategy instances of one session: started, stopped, resumed and shown through the
 * same calls from the shell, the TUI, `atapi run`, the daemon and the library.
 */
export function createStrategyManager(session: Session, clock: () => number, onOrder?: (text: string) => void, budgetMs?: number): StrategyManager {
  const hosts = new Map<string, StrategyHost>();
  /** Instances recorded running that could not resume here, and why. */
  const problems = new Map<string, string>();
  const warmups = new Map<string, number>();

  const recorded = (id: string): StrategyState => {
    const s = session.state().ledger.strategies[id];
    if (!s || s.venue !== session.venue) throw new UserError(`no strategy ${id.slice(0, 60)} on ${session.label} (see: strategies)`);
    return s;
  };

  const view = (s: StrategyState): StrategyInstanceView => {
    const host = hosts.get(s.strategyId);
    const live = host?.running() === true;
    const state = session.state();
    // Why it is not running: a crash this process saw (kept for a stopped instance too, so
    // `status ID` and the Strategy pane say why it stopped), or a resume that did not happen.
    const problem = live ? undefined : (problems.get(s.strategyId) ?? (s.status === 'running' ? 'not running in this process' : undefined));
    return instanceView(s, selectStrategyAccount(state, s.strategyId), selectTicker(state, s.venue, s.symbol)?.last, clock(), {
      live,
      problem,
      candlesSeen: host?.candlesSeen() ?? 0,
      warmupNeed: warmups.get(s.strategyId) ?? 0,
    });
  };

  const launch = (def: StrategyDefinition, params: Readonly<Record<string, number>>, o: { symbol: string; timeframe: Timeframe; size?: string; id?: string; module?: string; resume?: boolean }): StrategyHost => {
    let host: StrategyHost;
    let warmup: number;
    try {
      warmup = strategyWarmup(def, params, budgetMs);
      // The id comes with the crash: a strategy that throws while warming up does so before
      // startStrategy returns a host.
      host = startStrategy(session, { strategy: def, params, symbol: o.symbol, timeframe: o.timeframe, mode: session.mode, size: o.size, id: o.id, module: o.module, resume: o.resume, onOrder, budgetMs, onCrash: (m, id) => problems.set(id, m) });
    } catch (err) {
      // A strategy's own check of its parameters (sma: fast below slow) is bad input, not a fault.
      if (err instanceof RangeError || (err as Error)?.name === 'StrategyError') throw new UserError((err as Error).message);
      throw err;
    }
    // Stopped on its warm-up: recorded stopped, with the reason, never left looking started.
    const failed = problems.get(host.id);
    if (!host.running() && failed !== undefined) throw new UserError(`strategy ${host.id} stopped: ${failed}`);
    hosts.set(host.id, host);
    warmups.set(host.id, warmup);
    problems.delete(host.id);
    return host;
  };

  const closePreview = (id: string): ClosePreview => {
    const s = recorded(id);
    const state = session.state();
    const inst = selectInstrument(state, s.venue, s.symbol);
    const [base, quote] = inst ? [inst.base, inst.quote] : s.symbol.split('/');
    const own = selectStrategyAccount(state, id).qty;
    if (inst?.perpetual) return perpClosePreview(session, id, inst, own);
    const qty = inst ? sizeSell(own, selectBalance(state, s.venue, inst.base).free, inst) : 0;
    const bid = selectTicker(state, s.venue, s.symbol)?.bid ?? 0;
    const estimate = qty * bid;
    const text = qty > 0
      ? `sell ${qty} ${base} of ${s.symbol} at market (about ${estimate.toFixed(2)} ${quote}): the position ${id} bought`
      : own > 0 ? `nothing to sell: ${id} holds ${own} ${base}, below the market's minimum or not free in the account` : `nothing to sell: ${id} owns no ${base}`;
    return { id, symbol: s.symbol, qty, base, estimate, quote, text };
  };

  return {
    list: () => Object.values(session.state().ledger.strategies).filter((s) => s.venue === session.venue).map(view),
    async start(spec) {
      const tf = spec.timeframe ?? '1m';
      if (!isTimeframe(tf)) throw new UserError(`bad timeframe "${tf}": use one of ${TIMEFRAMES.join(' ')}`);
      const symbol = session.symbol(spec.symbol);
      const def = await loadStrategy(spec.strategy);
      const resolved = resolveParams(def, spec.params ?? {});
      if (!resolved.ok) throw new UserError(resolved.error);
      const module = findStrategy(spec.strategy) ? undefined : path.resolve(spec.strategy);
      const host = launch(def, resolved.params, { symbol, timeframe: tf, size: spec.size, module });
      return view(recorded(host.id));
    },
    async stop(id, options = {}) {
      const s = recorded(id);
      const host = hosts.get(id);
      if (host) await host.stop();
      hosts.delete(id);
      problems.delete(id);
      if (session.state().ledger.strategies[id]?.status === 'running') session.dispatch([{ type: 'strategy/status', data: { ...withoutSignal(s), status: 'stopped' } }]);
      if (!options.close) return { id, sold: null, text: `stopped ${id}; its position is kept` };
      const p = closePreview(id);
      if (p.qty === 0) return { id, sold: null, text: `stopped ${id}; ${p.text}` };
      const inst = selectInstrument(session.state(), s.venue, s.symbol);
      if (inst?.perpetual) {
        // Reduce-only, its own share only: the same order the preview described.
        const c = await closePerpShare(session, id, inst);
        const r = c.result;
        if (!r) return { id, sold: null, error: c.error, text: `stopped ${id}; ${c.error ?? 'nothing to close'}` };
        if (!r.ok) return { id, sold: null, error: r.error, text: `stopped ${id}; the reduce-only close of ${p.qty} ${p.base} was refused: ${r.error}` };
        return { id, sold: r.order, text: `stopped ${id}; close ${r.order.side} ${p.qty} ${p.base} ${r.order.status}${r.order.filledQty > 0 ? ` (${r.order.filledQty} at ${r.order.avgPrice})` : ''}` };
      }
      const r = await session.order({ symbol: s.symbol, side: 'sell', type: 'market', qty: p.qty, strategyId: id });
      if (!r.ok) return { id, sold: null, error: r.error, text: `stopped ${id}; the sell of ${p.qty} ${p.base} was refused: ${r.error}` };
      return { id, sold: r.order, text: `stopped ${id}; sell ${p.qty} ${p.base} ${r.order.status}${r.order.filledQty > 0 ? ` (${r.order.filledQty} at ${r.order.avgPrice})` : ''}` };
    },
    status(id) {
      const s = recorded(id);
      const orders = new Set<string>();
      const trades: Fill[] = [];
      // From the log, not the state's capped fill list: every trade the instance made.
      for (const env of session.history({ type: 'order' })) {
        const e = env.event;
        if (e.type === 'order/submitted' && e.data.order.strategyId === id) orders.add(e.data.order.id);
        else if ((e.type === 'order/filled' || e.type === 'order/partiallyFilled') && orders.has(e.data.fill.orderId)) trades.push(e.data.fill);
      }
      // The fold counts a trade id once; so does this list.
      const seen = new Set<string>();
      const unique = trades.filter((f) => (seen.has(`${f.orderId}:${f.tradeId}`) ? false : (seen.add(`${f.orderId}:${f.tradeId}`), true)));
      return { strategy: view(s), trades: unique.slice(-MAX_STATUS_TRADES) };
    },
    closePreview,
    async resume() {
      for (const s of Object.values(session.state().ledger.strategies)) {
        if (s.status !== 'running' || s.venue !== session.venue || hosts.has(s.strategyId)) continue;
        try {
          if (s.mode !== session.mode) throw new UserError(`it was started in ${s.mode} mode, this session is ${session.mode}`);
          const def = s.module ? await loadStrategy(s.module) : findStrategy(s.name);
          if (!def) throw new UserError(`unknown strategy "${s.name}"`);
          const resolved = resolveParams(def, s.params);
          if (!resolved.ok) throw new UserError(resolved.error);
          launch(def, resolved.params, { symbol: s.symbol, timeframe: s.timeframe ?? '1m', size: s.size, id: s.strategyId, module: s.module, resume: true });
        } catch (err) {
          // It failed on its warm-up: the host recorded it stopped, with the reason, already.
          if (session.state().ledger.strategies[s.strategyId]?.status === 'stopped') continue;
          const why = (err as Error).message.split('\n')[0];
          problems.set(s.strategyId, `not resumed: ${why}`);
          session.dispatch([{ type: 'system/notice', data: { level: 'warn', message: `strategy ${s.strategyId} not resumed: ${why} (stop it with: stop ${s.strategyId})` } }]);
        }
      }
    },
    async idle() {
      await Promise.all([...hosts.values()].map((h) => h.idle()));
    },
    detachAll() {
      for (const h of hosts.values()) h.detach();
      hosts.clear();
    },
  };
}

/** What `stop --close` would do on a perpetual: the reduce-only close of the instance's own share. */
function perpClosePreview(session: Session, id: string, inst: Instrument, own: number): ClosePreview {
  const state = session.state();
  const base = { id, symbol: inst.symbol, base: inst.base, quote: inst.quote };
  if (heldTarget(own, inst) === 'flat') return { ...base, qty: 0, estimate: 0, text: `nothing to close: ${id} holds no ${inst.symbol} position` };
  const mode = selectPositionMode(state, session.venue);
  const plan = planPerpClose(own, selectFuturesPosition(state, session.venue, inst.symbol, mode === 'hedge' ? (own > 0 ? 'LONG' : 'SHORT') : 'BOTH').qty, mode, inst);
  if (!plan.ok) return { ...base, qty: 0, estimate: 0, text: `nothing to close: ${plan.error}` };
  const t = selectTicker(state, session.venue, inst.symbol);
  const estimate = plan.order.qty * ((plan.order.side === 'sell' ? t?.bid : t?.ask) ?? 0);
  const verb = plan.order.side === 'sell' ? 'sell' : 'buy back';
  return { ...base, qty: plan.order.qty, estimate, text: `${verb} ${plan.order.qty} ${inst.base} of ${inst.symbol} at market, reduce-only (about ${estimate.toFixed(2)} ${inst.quote} notional): the ${own > 0 ? 'long' : 'short'} ${id} opened` };
}

function withoutSignal(s: StrategyState): Omit<StrategyState, 'lastSignal'> {
  const { lastSignal: _, ...rest } = s;
  return rest;
}
