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
  /** Base-asset quantity held. */
  readonly position: number;
  /** Quote currency available. */
  readonly cash: number;
  /** Number of candles seen before this one (0 for the first). */
  readonly index: number;
}

/**
 * What a strategy asks for. In the default execution model a buy spends all the cash and a
 * sell closes the whole position; a buy while holding or a sell while flat is ignored.
 * `reason` is recorded with the fill.
 */
export interface OrderIntent {
  readonly side: 'buy' | 'sell';
  readonly reason: string;
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
  /** Called at the close of each candle; return an intent, or nothing to do nothing. */
  onCandle(candle: Candle, view: StrategyView): OrderIntent | undefined | void;
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
  /** Optional: closed candles it needs before it can signal (shown as warm-up progress). */
  warmup?(params: Params): number;
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
