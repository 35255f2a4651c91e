import { plainText, SETTINGS, type Candle } from '../domain/index.js';
import { instantText } from '../domain/instant-text.js';
import type { AnyIntent, AnyStrategyDefinition, OrdersIntent, Params, Signal, StrategyFill, StrategyInstance, StrategyIntent, StrategyView } from '../strategies/strategy.js';
import { isOrdersIntent, POSITION_TARGETS, toSignal, warmupCandles } from '../strategies/strategy.js';
import { checkOrdersIntent } from './resting-orders.js';
import { BudgetExceeded, loopWithinBudget, withinBudget } from './strategy-guard.js';

/**
 * A strategy broke a rule or threw. `reason` says what happened and where (which of its calls,
 * at which candle) without the strategy's name: a running instance's texts name the instance
 * already (`strategy sma-1 (sma BTC/USDT) was stopped by atapi: REASON`), and the reason is read
 * on an 80-column status bar. The message names the strategy, for a backtest's or a start's
 * one-line error, where nothing else does.
 */
export class StrategyError extends Error {
  override readonly name = 'StrategyError';
  constructor(
    strategy: string,
    readonly reason: string,
    /** True when the strategy refused its parameters (a RangeError from create(): grid's lower above its upper): the trader's input, not a fault. */
    readonly params = false,
  ) {
    super(`strategy "${plainText(strategy)}": ${reason}`);
  }
}

/** The reason of what a strategy's code threw: a StrategyError's own, else its message. */
export function strategyFailure(err: unknown): string {
  return err instanceof StrategyError ? err.reason : err instanceof Error ? err.message : String(err);
}

export interface RunnerOptions {
  /** Longest one call into the strategy may run (ms); default the setting strategy.timeBudgetMs. */
  readonly budgetMs?: number;
}

/** The default budget of one strategy call (ms): the setting's default. */
export const DEFAULT_STRATEGY_BUDGET_MS: number = SETTINGS['strategy.timeBudgetMs'].default;

/**
 * Closed candles a strategy needs before it can signal (strategies/strategy.ts warmupCandles),
 * its own warmup() contained like every other call into it.
 */
export function strategyWarmup(def: AnyStrategyDefinition, params: Params, budgetMs = DEFAULT_STRATEGY_BUDGET_MS): number {
  try {
    return withinBudget(() => warmupCandles(def, params), budgetMs);
  } catch (err) {
    const why = err instanceof BudgetExceeded ? err.message : `threw: ${plainText(err instanceof Error ? String(err.message).split('\n')[0] : 'something that is no Error')}`;
    throw new StrategyError(def.name, `warmup() ${why}`);
  }
}

/** Distinct reasons remembered with their printable form (see printable()). */
const REASONS_KEPT = 64;

/** Where a call into the strategy was: which call, and at which candle or fill. */
interface Where {
  readonly call: 'create()' | 'onCandle()' | 'onFill()';
  /** ` at 2026-12-06 18:47` (the candle's open), ` at its buy fill of ...`, or empty. */
  readonly at: string;
}

const atCandle = (t: number): string => ` at ${instantText(t)}`;
const CREATE: Where = { call: 'create()', at: '' };

/**
 * Runs one strategy in any mode. It feeds closed candles (strictly increasing open times) and
 * fills to the strategy and hands back its intents; what happens to an intent (the backtest's
 * fill at the next open, a paper order on the simulated book, a real order) is the caller's
 * business, so backtest, paper, testnet and live share this code.
 *
 * The strategy only ever holds the candle it is given and a read-only view of its account:
 * there is no reference to the series, the store or the clock through which it could look ahead.
 *
 * This is the one place strategy code is called from (create, warm-up, onCandle, onFill), so
 * it is the one place it is contained: whatever the strategy throws, and a call that runs past
 * its time budget (engine/strategy-guard.ts), comes out as a StrategyError naming the strategy
 * and the candle, with terminal escapes removed; every front end stops the instance on it.
 */
export class StrategyRunner {
  readonly view: StrategyView;
  private readonly instance: StrategyInstance<AnyIntent>;
  // NaN first (set in the constructor), so the engine keeps them as doubles from the start (see SpotAccount in engine/backtest/backtest.ts).
  private position = NaN;
  private cash = NaN;
  private seen = 0;
  private lastTime = -Infinity;
  /** True inside loop(): the chunk is timed as a whole, its calls are not timed again. */
  private batching = false;
  private readonly reasons = new Map<string, string>();
  readonly budgetMs: number;

  constructor(
    readonly definition: AnyStrategyDefinition,
    readonly params: Params,
    options: RunnerOptions = {},
  ) {
    this.budgetMs = options.budgetMs ?? DEFAULT_STRATEGY_BUDGET_MS;
    this.position = this.cash = 0;
    // Accessors on a frozen object: the strategy reads live values but cannot write them.
    const self = this;
    this.view = Object.freeze({
      get position(): number {
        return self.position;
      },
      get cash(): number {
        return self.cash;
      },
      get index(): number {
        return self.seen;
      },
    });
    this.instance = this.call((): StrategyInstance<AnyIntent> => definition.create(params), () => CREATE);
    if (this.instance === null || typeof this.instance !== 'object' || typeof this.instance.onCandle !== 'function') {
      throw new StrategyError(definition.name, 'create() must return an object with an onCandle(candle, view) method');
    }
  }

  /**
   * Runs a backtest's candle loop, `chunk(from, to)` over 0..count, with the strategy's calls
   * inside timed together in chunks rather than one by one: a timed call costs ~50 µs, too much
   * per backtest candle. A chunk that overruns the budget stops the whole loop.
   */
  loop(count: number, chunk: (from: number, to: number) => void): void {
    this.batching = true;
    try {
      loopWithinBudget(count, chunk, this.budgetMs);
    } catch (err) {
      // The strategy's own throws come out of call() wrapped already; the caller's (a backtest's
      // missing funding data) pass as they are.
      if (!(err instanceof BudgetExceeded)) throw err;
      // A chunk is the strategy's calls and the loop's own work timed together: no call is named.
      throw new StrategyError(this.definition.name, `${err.message}${Number.isFinite(this.lastTime) ? atCandle(this.lastTime) : ' before its first candle'}`);
    } finally {
      this.batching = false;
    }
  }

  /** Candles fed so far. */
  get candlesSeen(): number {
    return this.seen;
  }

  /**
   * Feeds the candle that just closed, with the account as it stands at that close.
   * Returns the strategy's intent (checked, both forms filled in: see toSignal) or undefined.
   * A strategy that keeps orders is fed by onCandleOrders instead.
   */
  onCandle(candle: Candle, position: number, cash: number): Signal | undefined {
    return this.feed(candle, position, cash, false) as Signal | undefined;
  }

  /**
   * The same for a strategy that keeps orders (`keepsOrders`: grid, dca): its OrdersIntent,
   * checked and copied into plain data (engine/resting-orders.ts checkOrdersIntent), or undefined.
   */
  onCandleOrders(candle: Candle, position: number, cash: number): OrdersIntent | undefined {
    return this.feed(candle, position, cash, true) as OrdersIntent | undefined;
  }

  /**
   * Tells the runner the account the strategy's view shows, for next(): a backtest's loop, whose
   * account moves only at its fills (onFill tells those), tells it once before the first candle.
   */
  setAccount(position: number, cash: number): void {
    this.position = position;
    this.cash = cash;
  }

  /**
   * onCandle for a backtest's hot loop: the account as last told (setAccount, onFill) rather
   * than passed. Only the candle crosses the call: the optimiser may not inline this call into a
   * large loop, and a number passed to a call it did not inline is boxed, an allocation a candle.
   */
  next(candle: Candle): Signal | undefined {
    return (this.batching ? this.batched(candle, false) : this.feed(candle, this.position, this.cash, false)) as Signal | undefined;
  }

  private feed(candle: Candle, position: number, cash: number, orders: boolean): Signal | OrdersIntent | undefined {
    if (this.batching) {
      this.position = position;
      this.cash = cash;
      return this.batched(candle, orders);
    }
    if (!(candle.t > this.lastTime)) this.refuseOrder(candle);
    this.lastTime = candle.t;
    this.position = position;
    this.cash = cash;
    const out = this.feedTimed(candle, position, orders);
    this.seen++;
    return out;
  }

  /**
   * A call inside a timed loop (a backtest), with the account already told: this is its hot path,
   * kept small so the optimiser inlines it and the strategy into the loop. No closure here: one
   * capturing the arguments would make every call allocate them a context. Reading the intent
   * (its fields may be getters) is strategy code too: inside the same try.
   */
  private batched(candle: Candle, orders: boolean): Signal | OrdersIntent | undefined {
    const time = candle.t;
    if (!(time > this.lastTime)) this.refuseOrder(candle);
    this.lastTime = time;
    let out: Signal | OrdersIntent | undefined;
    try {
      const intent = this.instance.onCandle(candle, this.view);
      out = intent === undefined || intent === null ? undefined : this.check(intent, candle, this.position, orders);
    } catch (err) {
      throw this.wrapAt(err, candle);
    }
    this.seen++;
    return out;
  }

  /** What the strategy threw at a candle, as a StrategyError (a call of its own: the hot path stays small). */
  private wrapAt(err: unknown, candle: Candle): StrategyError {
    return this.wrap(err, { call: 'onCandle()', at: atCandle(candle.t) });
  }

  /** One call into the strategy timed on its own (live: a candle at a time). */
  private feedTimed(candle: Candle, position: number, orders: boolean): Signal | OrdersIntent | undefined {
    return this.call(() => this.check(this.instance.onCandle(candle, this.view), candle, position, orders), () => ({ call: 'onCandle()', at: atCandle(candle.t) }));
  }

  private refuseOrder(candle: Candle): never {
    throw new StrategyError(this.definition.name, `was fed the candle of ${instantText(candle.t)} after ${instantText(this.lastTime)}: candles must arrive once each, oldest first`);
  }

  private check(intent: AnyIntent | undefined | void, candle: Candle, position: number, orders: boolean): Signal | OrdersIntent | undefined {
    if (intent === undefined || intent === null) return undefined;
    return orders ? this.toCheckedOrders(intent, candle) : this.toChecked(intent, candle, position);
  }

  private toCheckedOrders(intent: AnyIntent, candle: Candle): OrdersIntent {
    this.refusePromise(intent, candle);
    const checked = typeof intent === 'object' && isOrdersIntent(intent) ? checkOrdersIntent(intent) : { ok: false as const, error: 'it is not { resting?, buy?, sell?, leave?, reason }' };
    if (!checked.ok) throw new StrategyError(this.definition.name, `onCandle() returned ${plainText(String(JSON.stringify(intent)).slice(0, 200))}${atCandle(candle.t)}: ${checked.error}`);
    return checked.intent;
  }

  private toChecked(intent: AnyIntent, candle: Candle, position: number): Signal {
    this.refusePromise(intent, candle);
    const valid = typeof intent === 'object' && ('target' in intent ? POSITION_TARGETS.includes(intent.target) && !('side' in intent) : 'side' in intent && (intent.side === 'buy' || intent.side === 'sell'));
    if (!valid) {
      const orders = typeof intent === 'object' && isOrdersIntent(intent) ? ' (resting orders and sized buys are for a strategy declared keepsOrders, run by the backtest and the host, not here)' : '';
      throw new StrategyError(this.definition.name, `onCandle() returned ${plainText(String(JSON.stringify(intent)).slice(0, 200))}${atCandle(candle.t)}: return { side: 'buy' | 'sell', reason }, { target: 'long' | 'short' | 'flat', reason } or nothing${orders}`);
    }
    const signal = toSignal(intent as StrategyIntent, position);
    const reason = this.printable(String(signal.reason ?? ''));
    return reason === signal.reason ? signal : { ...signal, reason };
  }

  /**
   * A reason with terminal control removed. A strategy gives the same few reasons again and
   * again (a backtest's tens of thousands of signals, each four regular expressions), so they
   * are remembered: up to REASONS_KEPT of them, then the memory starts again (a strategy that
   * puts a price in every reason never grows it).
   */
  private printable(reason: string): string {
    let clean = this.reasons.get(reason);
    if (clean === undefined) {
      if (this.reasons.size >= REASONS_KEPT) this.reasons.clear();
      clean = plainText(reason);
      this.reasons.set(reason, clean);
    }
    return clean;
  }

  private refusePromise(intent: unknown, candle: Candle): void {
    if (typeof (intent as { then?: unknown }).then === 'function') {
      // An async onCandle: what it does after its first await would run outside any budget, and
      // its rejection would be unhandled. Refused; its outcome is ignored.
      Promise.resolve(intent).catch(() => undefined);
      throw new StrategyError(this.definition.name, `onCandle() returned a promise${atCandle(candle.t)}: it must answer synchronously`);
    }
  }

  /**
   * Whether the strategy is told its fills (it has onFill): a backtest whose run keeps no fill
   * records (a sweep's trial) makes one only for such a strategy, and otherwise only tells the
   * runner the account (setAccount), which is all onFill does without it.
   */
  get hearsFills(): boolean {
    return this.instance.onFill !== undefined;
  }

  /** Tells the strategy one of its intents filled; the account is as it stands after the fill. */
  onFill(fill: StrategyFill, position: number, cash: number): void {
    this.position = position;
    this.cash = cash;
    if (this.instance.onFill === undefined) return;
    this.call(() => this.instance.onFill?.(fill, this.view), () => ({ call: 'onFill()', at: ` at its ${fill.side} fill of ${instantText(fill.time)}` }));
  }

  /** Calls into the strategy: timed (unless a loop times the chunk), and whatever it throws wrapped. */
  private call<T>(fn: () => T, where: () => Where): T {
    try {
      return this.batching ? fn() : withinBudget(fn, this.budgetMs);
    } catch (err) {
      throw this.wrap(err, where());
    }
  }

  private wrap(err: unknown, where: Where): StrategyError {
    if (err instanceof StrategyError) return err;
    const name = this.definition.name;
    if (err instanceof BudgetExceeded) return new StrategyError(name, `${where.call} ${err.message}${where.at}`);
    // What it threw is the strategy's too (a getter, a toString): read within the budget.
    let message: string;
    try {
      message = withinBudget(() => (err instanceof Error ? String(err.message).split('\n')[0] : String(err)), this.budgetMs);
    } catch {
      message = 'it threw something that cannot be read';
    }
    // A RangeError from create() is how a strategy refuses its parameters (grid's lower above
    // its upper): the trader's input, said as such, not as the strategy failing.
    if (err instanceof RangeError && where === CREATE) return new StrategyError(name, plainText(message), true);
    return new StrategyError(name, `${where.call} threw${where.at}: ${plainText(message)}`);
  }
}
