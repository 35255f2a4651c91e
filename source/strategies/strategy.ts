import type { Candle } from '../domain/index.js';

/** One tunable number of a strategy, with its default and allowed range. */
export interface ParamSpec {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  readonly description: string;
}

export type Params = Readonly<Record<string, number>>;

/**
 * What a strategy sees besides the candle: its own account, read-only (the runner hands out
 * accessors, so assigning to a field throws).
 */
export interface StrategyView {
  /** Base-asset quantity held; on a perpetual signed: below zero is a short. */
  readonly position: number;
  /** Quote currency available. */
  readonly cash: number;
  /** Number of candles seen before this one (0 for the first). */
  readonly index: number;
}

/**
 * What a spot strategy asks for. In the default execution model a buy spends all the cash and a
 * sell closes the whole position; a buy while holding or a sell while flat is ignored.
 * `reason` is recorded with the fill. On a perpetual a buy means "be long", a sell "be flat".
 */
export interface OrderIntent {
  readonly side: 'buy' | 'sell';
  readonly reason: string;
}

/** The position a long/short strategy wants to hold on a perpetual. */
export type PositionTarget = 'long' | 'short' | 'flat';
export const POSITION_TARGETS: readonly PositionTarget[] = ['long', 'short', 'flat'];

/**
 * What a long/short strategy asks for: the position to hold from the next fill on. The runner
 * turns a change of target into orders (on a perpetual: close, then open the other side);
 * a target it already holds is nothing to do. On spot, where there is no short, `short`
 * and `flat` both mean "sell what is held".
 */
export interface TargetIntent {
  readonly target: PositionTarget;
  readonly reason: string;
}

/** Either kind of intent a strategy may return from onCandle. */
export type StrategyIntent = OrderIntent | TargetIntent;

/**
 * An intent as the runner hands it on: both forms filled in, so spot code reads `side`
 * (unchanged since spot strategies came first) and futures code reads `target`.
 */
export interface Signal extends OrderIntent {
  readonly target: PositionTarget;
}

/**
 * Both forms of an intent, given the position (signed base quantity) held when it was made:
 * buy -> long, sell -> flat; long -> buy, short -> sell, flat -> whichever side closes.
 */
export function toSignal(intent: StrategyIntent, position: number): Signal {
  if ('target' in intent) {
    const side = intent.target === 'long' ? 'buy' : intent.target === 'short' ? 'sell' : position < 0 ? 'buy' : 'sell';
    return { side, target: intent.target, reason: intent.reason };
  }
  return { side: intent.side, target: intent.side === 'buy' ? 'long' : 'flat', reason: intent.reason };
}

/** One of the strategy's intents, executed: what `onFill` is told. */
export interface StrategyFill {
  readonly side: 'buy' | 'sell';
  /** When it filled (the backtest uses the open time of the candle whose open it filled at). */
  readonly time: number;
  readonly price: number;
  readonly quantity: number;
  /** In the quote currency. */
  readonly fee: number;
}

/** A running strategy: state lives inside, fed one closed candle at a time, oldest first. */
export interface StrategyInstance {
  /**
   * Called at the close of each candle; return an intent (`{ side, reason }` or, for a
   * long/short strategy, `{ target, reason }`), or nothing to do nothing.
   */
  onCandle(candle: Candle, view: StrategyView): StrategyIntent | undefined | void;
  /** Optional: told when one of its intents filled, before the next candle arrives. */
  onFill?(fill: StrategyFill, view: StrategyView): void;
}

/**
 * A strategy module: plain data plus a factory. It never calls an exchange and never reads
 * the clock; it sees exactly the candles the store sees, so it runs unchanged in backtest,
 * paper, testnet and live.
 */
export interface StrategyDefinition {
  readonly name: string;
  readonly description: string;
  readonly params: Readonly<Record<string, ParamSpec>>;
  create(params: Params): StrategyInstance;
  /**
   * True when its targets come from signals from outside (the `webhook` kind), not from
   * candles: there is nothing to backtest or to run once, only a running instance to signal.
   */
  readonly signalled?: boolean;
  /** Optional: closed candles it needs before it can signal (shown as warm-up progress). */
  warmup?(params: Params): number;
  /**
   * Optional: the lines its decisions rest on, over `candles` (oldest first), computed by its
   * own indicators, so the chart draws exactly what it trades on (never a second copy of them).
   */
  indicators?(params: Params, candles: readonly Candle[]): readonly IndicatorLine[];
}

/** An indicator's line over the price: one value per candle, NaN while it warms up. */
export interface IndicatorLine {
  /** As the chart's legend names it: `sma 10`. */
  readonly name: string;
  readonly values: readonly number[];
}

/** Candles of warm-up: the strategy's own answer, else its largest whole-number parameter. */
export function warmupCandles(def: StrategyDefinition, params: Params): number {
  const said = def.warmup?.(params);
  if (said !== undefined && Number.isFinite(said) && said >= 0) return Math.ceil(said);
  return Math.max(0, ...Object.entries(def.params).filter(([, p]) => p.integer).map(([k]) => params[k] ?? 0));
}

/** Fills defaults and checks ranges; returns the params or a one-line reason. */
export function resolveParams(def: StrategyDefinition, given: Readonly<Record<string, number>>): { ok: true; params: Params } | { ok: false; error: string } {
  const out: Record<string, number> = {};
  for (const name of Object.keys(given)) {
    if (!(name in def.params)) return { ok: false, error: `${def.name} has no parameter "${name}" (it has: ${Object.keys(def.params).join(', ') || 'none'})` };
  }
  for (const [name, spec] of Object.entries(def.params)) {
    const v = given[name] ?? spec.default;
    if (!Number.isFinite(v) || v < spec.min || v > spec.max || (spec.integer && !Number.isInteger(v))) {
      return { ok: false, error: `${def.name} --${name} must be ${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max} (got ${v})` };
    }
    out[name] = v;
  }
  return { ok: true, params: out };
}
