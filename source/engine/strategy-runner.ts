import type { Candle } from '../domain/index.js';
import type { Params, Signal, StrategyDefinition, StrategyFill, StrategyInstance, StrategyIntent, StrategyView } from '../strategies/strategy.js';
import { POSITION_TARGETS, toSignal } from '../strategies/strategy.js';

/** A strategy broke a rule or threw: says which strategy and at which candle. */
export class StrategyError extends Error {
  override readonly name = 'StrategyError';
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
 */
export class StrategyRunner {
  readonly view: StrategyView;
  private readonly instance: StrategyInstance;
  private position = 0;
  private cash = 0;
  private seen = 0;
  private lastTime = -Infinity;

  constructor(
    readonly definition: StrategyDefinition,
    readonly params: Params,
  ) {
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
    this.instance = definition.create(params);
    if (this.instance === null || typeof this.instance !== 'object' || typeof this.instance.onCandle !== 'function') {
      throw new StrategyError(`strategy "${definition.name}": create() must return an object with an onCandle(candle, view) method`);
    }
  }

  /** Candles fed so far. */
  get candlesSeen(): number {
    return this.seen;
  }

  /**
   * Feeds the candle that just closed, with the account as it stands at that close.
   * Returns the strategy's intent (checked, both forms filled in: see toSignal) or undefined.
   */
  onCandle(candle: Candle, position: number, cash: number): Signal | undefined {
    if (!(candle.t > this.lastTime)) {
      throw new StrategyError(`strategy "${this.definition.name}" was fed candle ${iso(candle.t)} after ${iso(this.lastTime)}: candles must arrive once each, oldest first`);
    }
    this.lastTime = candle.t;
    this.position = position;
    this.cash = cash;
    let intent: StrategyIntent | undefined | void;
    try {
      intent = this.instance.onCandle(candle, this.view);
    } catch (err) {
      throw this.wrap(err, `at the candle of ${iso(candle.t)}`);
    }
    this.seen++;
    if (intent === undefined || intent === null) return undefined;
    const valid = typeof intent === 'object' && ('target' in intent ? POSITION_TARGETS.includes(intent.target) && !('side' in intent) : intent.side === 'buy' || intent.side === 'sell');
    if (!valid) {
      throw new StrategyError(`strategy "${this.definition.name}" returned ${JSON.stringify(intent)} at the candle of ${iso(candle.t)}: return { side: 'buy' | 'sell', reason }, { target: 'long' | 'short' | 'flat', reason } or nothing`);
    }
    return toSignal(intent, position);
  }

  /** Tells the strategy one of its intents filled; the account is as it stands after the fill. */
  onFill(fill: StrategyFill, position: number, cash: number): void {
    this.position = position;
    this.cash = cash;
    if (this.instance.onFill === undefined) return;
    try {
      this.instance.onFill(fill, this.view);
    } catch (err) {
      throw this.wrap(err, `on its ${fill.side} fill at ${iso(fill.time)}`);
    }
  }

  private wrap(err: unknown, where: string): StrategyError {
    if (err instanceof StrategyError) return err;
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return new StrategyError(`strategy "${this.definition.name}" failed ${where}: ${message}`);
  }
}
