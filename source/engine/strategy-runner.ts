import { plainText, SETTINGS, type Candle } from '../domain/index.js';
import type { AnyIntent, AnyStrategyDefinition, OrdersIntent, Params, Signal, StrategyFill, StrategyInstance, StrategyIntent, StrategyView } from '../strategies/strategy.js';
import { isOrdersIntent, POSITION_TARGETS, toSignal, warmupCandles } from '../strategies/strategy.js';
import { checkOrdersIntent } from './resting-orders.js';
import { BudgetExceeded, loopWithinBudget, withinBudget } from './strategy-guard.js';

/** A strategy broke a rule or threw: says which strategy and at which candle. */
export class StrategyError extends Error {
  override readonly name = 'StrategyError';
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
    const why = err instanceof BudgetExceeded ? err.message : `failed: ${plainText(err instanceof Error ? String(err.message).split('\n')[0] : 'it threw')}`;
    throw new StrategyError(`strategy "${plainText(def.name)}" warmup() ${why}`);
  }
}

const iso = (t: number): string => (Number.isFinite(t) ? new Date(t).toISOString() : String(t));

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
  private position = 0;
  private cash = 0;
  private seen = 0;
  private lastTime = -Infinity;
  /** True inside loop(): the chunk is timed as a whole, its calls are not timed again. */
  private batching = false;
  readonly budgetMs: number;

  constructor(
    readonly definition: AnyStrategyDefinition,
    readonly params: Params,
    options: RunnerOptions = {},
  ) {
    this.budgetMs = options.budgetMs ?? DEFAULT_STRATEGY_BUDGET_MS;
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
    this.instance = this.call((): StrategyInstance<AnyIntent> => definition.create(params), () => 'in create()');
    if (this.instance === null || typeof this.instance !== 'object' || typeof this.instance.onCandle !== 'function') {
      throw new StrategyError(`strategy "${plainText(definition.name)}": create() must return an object with an onCandle(candle, view) method`);
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
      throw this.wrap(err, Number.isFinite(this.lastTime) ? `at the candle of ${iso(this.lastTime)}` : 'before its first candle');
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
    return this.feed(candle, position, cash, (intent) => this.toChecked(intent, candle, position));
  }

  /**
   * The same for a strategy that keeps orders (`keepsOrders`: grid, dca): its OrdersIntent,
   * checked and copied into plain data (engine/resting-orders.ts checkOrdersIntent), or undefined.
   */
  onCandleOrders(candle: Candle, position: number, cash: number): OrdersIntent | undefined {
    return this.feed(candle, position, cash, (intent) => {
      if (intent === undefined || intent === null) return undefined;
      this.refusePromise(intent, candle);
      const checked = typeof intent === 'object' && isOrdersIntent(intent) ? checkOrdersIntent(intent) : { ok: false as const, error: 'it is not { resting?, buy?, sell?, leave?, reason }' };
      if (!checked.ok) throw new StrategyError(`strategy "${plainText(this.definition.name)}" returned ${plainText(String(JSON.stringify(intent)).slice(0, 200))} at the candle of ${iso(candle.t)}: ${checked.error}`);
      return checked.intent;
    });
  }

  private feed<T>(candle: Candle, position: number, cash: number, check: (intent: AnyIntent | undefined | void) => T): T {
    if (!(candle.t > this.lastTime)) {
      throw new StrategyError(`strategy "${this.definition.name}" was fed candle ${iso(candle.t)} after ${iso(this.lastTime)}: candles must arrive once each, oldest first`);
    }
    this.lastTime = candle.t;
    this.position = position;
    this.cash = cash;
    // Reading the intent (its fields may be getters) is strategy code too: inside the same call.
    let out: T;
    if (this.batching) {
      // Inside a timed loop (a backtest): no closures per candle, this is its hot path.
      try {
        out = check(this.instance.onCandle(candle, this.view));
      } catch (err) {
        throw this.wrap(err, `at the candle of ${iso(candle.t)}`);
      }
    } else out = this.call(() => check(this.instance.onCandle(candle, this.view)), () => `at the candle of ${iso(candle.t)}`);
    this.seen++;
    return out;
  }

  private toChecked(intent: AnyIntent | undefined | void, candle: Candle, position: number): Signal | undefined {
    if (intent === undefined || intent === null) return undefined;
    this.refusePromise(intent, candle);
    const valid = typeof intent === 'object' && ('target' in intent ? POSITION_TARGETS.includes(intent.target) && !('side' in intent) : 'side' in intent && (intent.side === 'buy' || intent.side === 'sell'));
    if (!valid) {
      const orders = typeof intent === 'object' && isOrdersIntent(intent) ? ' (resting orders and sized buys are for a strategy declared keepsOrders, run by the backtest and the host, not here)' : '';
      throw new StrategyError(`strategy "${plainText(this.definition.name)}" returned ${plainText(String(JSON.stringify(intent)).slice(0, 200))} at the candle of ${iso(candle.t)}: return { side: 'buy' | 'sell', reason }, { target: 'long' | 'short' | 'flat', reason } or nothing${orders}`);
    }
    const signal = toSignal(intent as StrategyIntent, position);
    return { ...signal, reason: plainText(String(signal.reason ?? '')) };
  }

  private refusePromise(intent: unknown, candle: Candle): void {
    if (typeof (intent as { then?: unknown }).then === 'function') {
      // An async onCandle: what it does after its first await would run outside any budget, and
      // its rejection would be unhandled. Refused; its outcome is ignored.
      Promise.resolve(intent).catch(() => undefined);
      throw new StrategyError(`strategy "${plainText(this.definition.name)}" returned a promise at the candle of ${iso(candle.t)}: onCandle must answer synchronously`);
    }
  }

  /** Tells the strategy one of its intents filled; the account is as it stands after the fill. */
  onFill(fill: StrategyFill, position: number, cash: number): void {
    this.position = position;
    this.cash = cash;
    if (this.instance.onFill === undefined) return;
    this.call(() => this.instance.onFill?.(fill, this.view), () => `on its ${fill.side} fill at ${iso(fill.time)}`);
  }

  /** Calls into the strategy: timed (unless a loop times the chunk), and whatever it throws wrapped. */
  private call<T>(fn: () => T, where: () => string): T {
    try {
      return this.batching ? fn() : withinBudget(fn, this.budgetMs);
    } catch (err) {
      throw this.wrap(err, where());
    }
  }

  private wrap(err: unknown, where: string): StrategyError {
    if (err instanceof StrategyError) return err;
    const name = plainText(this.definition.name);
    if (err instanceof BudgetExceeded) return new StrategyError(`strategy "${name}" ${err.message} ${where}`);
    // What it threw is the strategy's too (a getter, a toString): read within the budget.
    let message: string;
    try {
      message = withinBudget(() => (err instanceof Error ? String(err.message).split('\n')[0] : String(err)), this.budgetMs);
    } catch {
      message = 'it threw something that cannot be read';
    }
    // A RangeError from create() is how a strategy refuses its parameters (grid's lower above
    // its upper): the trader's input, said as such, not as the strategy failing.
    if (err instanceof RangeError && where === 'in create()') return new StrategyError(`strategy "${name}": ${plainText(message)}`);
    return new StrategyError(`strategy "${name}" failed ${where}: ${plainText(message)}`);
  }
}
