import type { CancelBy, Candle, DomainEvent, Envelope, EventOf, StrategyStopReason, Timeframe, TradingMode } from '../../domain/index.js';
import { timeframeMs } from '../../domain/index.js';
import { keepsOrders, toSignal, type AnyStrategyDefinition, type OrdersIntent, type Params, type PositionTarget, type Signal } from '../../strategies/strategy.js';
import { cancelInstanceOrders, carryOutOrders } from './resting-act.js';
import { StrategyRunner, strategyFailure } from '../../engine/strategy-runner.js';
import { HOLD, targetToPursue } from '../../engine/strategy-decision.js';
import { firedExit, hasExits, nextPeak, type ExitKind, type StrategyExits } from '../../engine/strategy-exits.js';
import { heldTarget } from '../../engine/strategy-perp.js';
import { selectClosableShare } from '../../engine/strategy-held.js';
import { defaultSize, formatSize, parseSize, sizeSell, type StrategySize } from '../../engine/strategy-size.js';
import { selectBalance, selectEquity, selectInstanceIds, selectInstrument, selectLastCandle, selectSeries, selectStrategyAccount, selectStrategyHold, selectTicker } from '../../store/index.js';
import type { Session } from '../session/session.js';
import type { EntryResult } from '../../engine/order-entry.js';
import { refusal, RefusedError, UserError } from '../../domain/index.js';
import { checkSizeAtStart, closePerpShare, instanceAccount, pursue, record, type Pursuit } from './strategy-act.js';
import { SPOT_FEES } from '../../engine/fees.js';
import { ownFillsToReplay, strategyFillOf } from './own-fills.js';

export interface HostOptions {
  readonly strategy: AnyStrategyDefinition;
  readonly params: Params;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly mode: TradingMode;
  /** `100USDT`, `5%`, `0.01BTC`; default: DEFAULT_QUOTE_SIZE of the quote, or 10% of equity if less. */
  readonly size?: string;
  /** The instance id; default: a new unique one (`sma-BTCUSDT-1m-3`). Given when resuming. */
  readonly id?: string;
  /** A user strategy's module path, recorded so a restart can load it again. */
  readonly module?: string;
  /** True when resuming an instance the ledger has as running: no new start is recorded. */
  readonly resume?: boolean;
  /** Fee rate assumed when sizing a quote-amount buy. */
  readonly fee?: number;
  /** Called with each order result, for progress output. */
  readonly onOrder?: (text: string) => void;
  /**
   * Called once if the strategy throws or overruns its budget and is stopped, with the reason
   * (the runner's one line) and the instance id: on its warm-up this is before startStrategy returns.
   */
  readonly onCrash?: (reason: string, id: string) => void;
  /** Longest one strategy call may run (ms); default the setting strategy.timeBudgetMs's. */
  readonly budgetMs?: number;
  /** Its own exits (`--stop-loss 3%`), checked at each closed candle of its timeframe. */
  readonly exits?: StrategyExits;
  /** A strategy that keeps orders and asks to leave (a grid out of its range): stop it (default) or hold its book. */
  readonly outOfRange?: 'stop' | 'hold';
}

/** How a running instance is stopped. */
export interface StopOptions {
  /** Sells (or closes) what its own fills bought. */
  readonly flatten?: boolean;
  /** Who its resting orders are cancelled by, when not the instance itself (a flatten's halt). */
  readonly by?: CancelBy;
}

export interface StrategyHost {
  readonly id: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly size: string;
  /** Closed candles of its timeframe the strategy has seen (warm-up included). */
  candlesSeen(): number;
  /** False once stopped or crashed. */
  running(): boolean;
  stop(options?: StopOptions): Promise<{ sold?: EntryResult }>;
  /** Stops feeding the strategy without recording a stop: the ledger keeps it running, to resume. */
  detach(): void;
  /** Resolves when orders placed so far have been answered. */
  idle(): Promise<void>;
  /**
   * Sets the target from outside (a signal to a `webhook` instance), recorded as its signal,
   * and pursues it after whatever the instance is doing now, through the same decision and
   * order path as a candle's. Undefined when the instance stopped before its turn came.
   */
  steer(target: PositionTarget, reason: string, ts: number): Promise<Pursuit | undefined>;
}

/**
 * A fresh instance id: `name-SYMBOL-tf-N`, N one more than every instance the ledger knows.
 * A pruned instance's id stays taken while its account or trades are in the ledger: a new
 * instance under it would take over its money facts.
 */
export function newInstanceId(session: Session, name: string, symbol: string, timeframe: Timeframe): string {
  const taken = selectInstanceIds(session.state());
  let k = taken.size + 1;
  while (taken.has(`${name}-${symbol.replace('/', '')}-${timeframe}-${k}`)) k++;
  return `${name}-${symbol.replace('/', '')}-${timeframe}-${k}`;
}

/**
 * Runs one strategy instance on a session's live candles: the same strategy module as the
 * backtest, fed closed candles of its timeframe (built from the venue's 1m candles), its
 * intents turned into orders through the session (risk checks, durable log, venue). It trades
 * its own account only: a buy spends at most its size, a sell sells at most what its own
 * fills bought. Every signal and start/stop is an event in the log.
 */
export function startStrategy(session: Session, o: HostOptions): StrategyHost {
  const venue = session.venue;
  const base = session.symbol(o.symbol);
  const inst = selectInstrument(session.state(), venue, base)!;
  const id = o.id ?? newInstanceId(session, o.strategy.name, base, o.timeframe);
  const perp = inst.perpetual !== undefined;
  // On a perpetual the equity is the futures account's margin balance, not the spot wallet.
  const equity = (): number => (perp ? session.futures.account().marginBalance : selectEquity(session.state(), venue, inst.quote));
  const parsed = o.size === undefined ? { ok: true as const, size: defaultSize(inst, equity()) } : parseSize(o.size, inst);
  if (!parsed.ok) throw new RefusedError(refusal('strategy.size', parsed.error, 'size'));
  const size: StrategySize = parsed.size;
  const sizeText = formatSize(size);
  const tfMs = timeframeMs(o.timeframe);
  const fee = o.fee ?? SPOT_FEES.taker;
  const exits = hasExits(o.exits) ? o.exits : undefined;
  const orders = keepsOrders(o.strategy);
  if (orders && perp) throw new RefusedError(refusal('strategy.market', `${o.strategy.name} keeps resting orders on spot markets only for now: start it on a spot market (not ${base})`, 'symbol'));
  if (o.strategy.name === 'grid' && exits) throw new RefusedError(refusal('strategy.exits', 'grid leaves by its range (setting grid.outOfRange), not by --stop-loss, --take-profit or --trailing', exits.stopLoss !== undefined ? 'stopLoss' : exits.takeProfit !== undefined ? 'takeProfit' : 'trailing'));
  let runner = new StrategyRunner(o.strategy, o.params, { budgetMs: o.budgetMs });
  // A new instance's size meets every limit a trader's order does before it starts (after its
  // own input is checked: its market, exits and parameters, so a bad one is said first); a
  // resumed one was checked when it started, and may hold a position now.
  if (!o.resume) checkSizeAtStart(session, inst, size, fee);
  let bucket: { t: number; o: number; h: number; l: number; c: number; v: number } | undefined;
  let chain: Promise<void> = Promise.resolve();
  let running = true;
  const status = (s: 'running' | 'stopped', reason?: StrategyStopReason) => ({
    type: 'strategy/status' as const,
    data: { strategyId: id, name: o.strategy.name, symbol: base, venue, mode: o.mode, status: s, params: o.params, timeframe: o.timeframe, size: sizeText, ...(o.module ? { module: o.module } : {}), ...(exits ? { exits } : {}), ...(reason ? { reason } : {}) },
  });

  /**
   * The instance's own position (signed on a perpetual) and the free cash (a perpetual's
   * available balance): what the strategy sees, on every path (readInstanceView).
   */
  const account = (): [number, number] => instanceAccount(session, id, inst);

  /**
   * One closed candle's step: the strategy's new target (recorded as a signal), else a target
   * a hold or refusal kept it from (retried each candle until reached), pursued in order.
   */
  const recordSignal = (intent: Signal, ts: number, exit?: ExitKind): void =>
    session.dispatch([{ type: 'strategy/signal', data: { strategyId: id, symbol: base, side: intent.side, reason: intent.reason, ts, ...(perp ? { target: intent.target } : {}), ...(exit ? { exit } : {}) } }]);
  const act = (intent: Signal | undefined, candle: Candle, exit?: ExitKind): void => {
    if (intent) recordSignal(intent, candle.t + tfMs, exit);
    chain = chain.then(async () => {
      const s = session.state();
      const target = targetToPursue(intent?.target, selectStrategyHold(s, id), selectStrategyAccount(s, id).qty, inst);
      if (target === undefined || !running) return;
      await pursue(session, { id, inst, size, fee, say: (t) => o.onOrder?.(t) }, target, candle.c, candle.t + tfMs);
    }).catch((err: unknown) => {
      // One failed order must not end the strategy's chain, nor the process.
      o.onOrder?.(`${id}: ${intent?.side ?? 'retry'} failed: ${(err as Error)?.message ?? String(err)}`);
    });
  };

  /**
   * A strategy that keeps orders: its intent carried out (resting-act.ts) after whatever the
   * instance is doing now; `leave` stops it (its orders cancelled) or holds its book, by setting.
   */
  let lastAsked = '';
  const actOrders = (intent: OrdersIntent | undefined, candle: Candle): void => {
    if (!intent) return;
    const ts = candle.t + tfMs;
    if (intent.leave) {
      if ((o.outOfRange ?? 'stop') === 'hold') {
        // Held, not stopped: a fact the trader sees (once while it lasts), its book left as it is.
        chain = chain.then(() => void record(session, { id, inst, size, fee }, 'held', 'long', refusal(HOLD.outOfRange, `${intent.reason}: its orders are held as they are until the price returns (grid.outOfRange hold)`), ts));
        return;
      }
      running = false;
      unobserve();
      chain = chain.then(async () => {
        await cancelInstanceOrders(session, id);
        session.dispatch([{ type: 'system/notice', data: { level: 'warn', message: `strategy ${id} stopped: ${intent.reason} (grid.outOfRange stop; its orders cancelled, its position kept)` } }, status('stopped', { code: 'strategy.out-of-range', text: intent.reason })]);
        o.onCrash?.(intent.reason, id);
      });
      return;
    }
    // A signal is recorded when it asks for something new (a changed book, a buy, a sell), not at
    // every close: the same book asked again is not news (and a standing refusal stays one fact).
    const asked = JSON.stringify([intent.resting, intent.buy, intent.sell]);
    if (asked !== lastAsked || intent.buy !== undefined || intent.sell !== undefined) {
      lastAsked = asked;
      session.dispatch([{ type: 'strategy/signal', data: { strategyId: id, symbol: base, side: intent.sell !== undefined ? 'sell' : 'buy', reason: intent.reason, ts } }]);
    }
    chain = chain.then(async () => {
      if (!running) return;
      await carryOutOrders(session, { id, inst, size, fee, say: (t) => o.onOrder?.(t) }, intent, candle.c, ts);
    }).catch((err: unknown) => {
      o.onOrder?.(`${id}: orders failed: ${(err as Error)?.message ?? String(err)}`);
    });
  };

  // The newest 1m candle fed. A venue's resync after a reconnect sends its recent history again
  // as closed candles (ccxt-venue.ts resyncCandles): those seen already are not news, and fed
  // again they would stop the instance (candles must reach a strategy once each, oldest first).
  let fedUpTo = -Infinity;
  const onCandle = (c: Candle, live: boolean): void => {
    if (c.t <= fedUpTo) return;
    fedUpTo = c.t;
    const start = Math.floor(c.t / tfMs) * tfMs;
    if (bucket && bucket.t !== start) bucket = undefined;
    if (!bucket) bucket = { t: start, o: c.o, h: c.h, l: c.l, c: c.c, v: c.v };
    else {
      bucket.h = Math.max(bucket.h, c.h);
      bucket.l = Math.min(bucket.l, c.l);
      bucket.c = c.c;
      bucket.v += c.v;
    }
    // The bar of the strategy's timeframe closes with its last 1m candle.
    if (c.t + 60_000 < start + tfMs) return;
    const closed: Candle = { ...bucket };
    bucket = undefined;
    if (orders) {
      const wanted = runner.onCandleOrders(closed, ...account());
      if (!live || !running) return;
      const exit = exitSignal(closed);
      if (exit) act(exit.signal, closed, exit.kind);
      else actOrders(wanted, closed);
      return;
    }
    const intent = runner.onCandle(closed, ...account());
    if (!live || !running) return;
    const exit = exitSignal(closed);
    if (exit) act(exit.signal, closed, exit.kind);
    else act(intent, closed);
  };

  /**
   * The instance's own exits at a close (engine/strategy-exits.ts, the backtest's rule): moves
   * the trailing peak (recorded, so a restart keeps it) and returns the `flat` signal of the
   * exit that fired, which overrides the strategy's own intent on that candle.
   */
  const exitSignal = (closed: Candle): { readonly signal: Signal; readonly kind: ExitKind } | undefined => {
    if (!exits) return undefined;
    const s = session.state();
    const own = selectStrategyAccount(s, id);
    if (heldTarget(own.qty, inst) === 'flat') return undefined;
    const stored = s.ledger.strategies[id]?.trail;
    const was = stored && stored.entry === own.avgPrice ? stored.peak : undefined;
    const peak = nextPeak(was, own.qty, own.avgPrice, closed.c);
    if (exits.trailing !== undefined && peak !== was) session.dispatch([{ type: 'strategy/trail', data: { strategyId: id, peak, entry: own.avgPrice, ts: closed.t + tfMs } }]);
    const fired = firedExit(exits, own.qty, own.avgPrice, peak, closed.c);
    return fired && { signal: toSignal({ target: 'flat', reason: fired.reason }, own.qty), kind: fired.kind };
  };

  // A strategy that throws is stopped with a notice; it must never take the feed down with it.
  const guarded = (fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      if (!running) return;
      running = false;
      unobserve();
      // The reason without the strategy's name: every text that shows it names the instance.
      const reason = strategyFailure(err);
      session.dispatch([{ type: 'system/notice', data: { level: 'error', message: `strategy ${id} stopped: ${reason}` } }, status('stopped', { code: 'strategy.failed', text: reason })]);
      o.onCrash?.(reason, id);
    }
  };
  // Warm up on the history the venue already gave, without trading on it: what it left for
  // later is brought in first, or it would arrive as live candles and be traded on.
  session.warmUp?.();
  const key = `${venue}:${base}:1m`;
  /** A price to size at when the book has none: the last 1m close, else the ticker's last. */
  const lastPrice = (): number => selectLastCandle(session.state().market, key)?.c ?? selectTicker(session.state(), venue, base)?.last ?? 0;
  let unobserve: () => void = () => undefined;
  // A strategy that keeps orders needs no warm-up and lays its book at its first live close;
  // resumed, it is told its own fills again first (a dca's last buy: its clock and its reference).
  if (orders && o.resume) guarded(() => {
    const [position, cash] = account();
    for (const r of ownFillsToReplay(session.state(), id, position)) runner.onFill(r.fill, r.position, cash);
  });
  if (!orders) guarded(() => {
    for (const c of selectSeries(session.state().market, key) ?? []) {
      if (c.t + 60_000 <= session.state().lastTs) onCandle(c, false);
    }
  });
  if (running) {
    const ownClose = (e: DomainEvent): e is EventOf<'market/candle'> => e.type === 'market/candle' && e.data.closed && e.data.venue === venue && e.data.symbol === base && e.data.timeframe === '1m';
    unobserve = session.store.observe((batch: readonly Envelope[]) => guarded(() => {
      // Several closed candles in one batch are a catch-up (a resync after a reconnect brings the
      // candles that closed while the link was down): the strategy sees each, in order, but acts
      // on the newest only. Acting on each stale close would trade every missed signal at once,
      // at today's prices.
      const newest = batch.findLastIndex((env) => ownClose(env.event));
      for (const [i, env] of batch.entries()) {
        const e = env.event;
        if (ownClose(e)) onCandle(e.data.candle, i === newest);
        else if ((e.type === 'order/filled' || e.type === 'order/partiallyFilled') && session.state().ledger.orders[e.data.fill.orderId]?.strategyId === id) {
          runner.onFill(strategyFillOf(session.state(), e.data.fill, e.type === 'order/filled'), ...account());
        }
      }
    }));
    // A resumed instance is recorded running already; an older record gains its size and timeframe.
    const prev = session.state().ledger.strategies[id];
    if (!o.resume || prev?.status !== 'running' || prev.size === undefined || prev.timeframe === undefined) session.dispatch([status('running')]);
  }

  return {
    id,
    symbol: base,
    timeframe: o.timeframe,
    size: sizeText,
    candlesSeen: () => runner.candlesSeen,
    running: () => running,
    idle: () => chain,
    steer(target, reason, ts) {
      if (!running) return Promise.resolve(undefined);
      recordSignal(toSignal({ target, reason }, selectStrategyAccount(session.state(), id).qty), ts);
      const pursuit = chain.then(() => (running ? pursue(session, { id, inst, size, fee, say: (t) => o.onOrder?.(t) }, target, lastPrice(), ts) : undefined));
      // The chain goes on whatever this pursuit's fate; its caller gets the fate itself.
      chain = pursuit.then(() => undefined, () => undefined);
      return pursuit;
    },
    detach() {
      running = false;
      unobserve();
    },
    async stop(options = {}) {
      const was = running;
      running = false;
      unobserve();
      await chain;
      // Stopping a strategy that keeps orders takes its resting orders off the book.
      if (orders) await cancelInstanceOrders(session, id, options.by);
      let sold: EntryResult | undefined;
      if (options.flatten) {
        // Only what this instance's own fills bought, never the trader's or another instance's.
        const s = session.state();
        if (perp) sold = (await closePerpShare(session, id, inst)).result;
        else {
          const qty = sizeSell(selectClosableShare(s, id).held, selectBalance(s, venue, inst.base).free, inst);
          if (qty > 0) sold = await session.order({ symbol: base, side: 'sell', type: 'market', qty, strategyId: id });
        }
      }
      if (was || session.state().ledger.strategies[id]?.status === 'running') session.dispatch([status('stopped')]);
      runner = new StrategyRunner(o.strategy, o.params, { budgetMs: o.budgetMs });
      fedUpTo = -Infinity;
      return { sold };
    },
  };
}
