import type { Candle } from '../domain/index.js';

/** One tunable number of a strategy, with its default and allowed range. */
export interface ParamSpec {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  readonly description: string;
  /** How it is typed and shown beside its number: a duration (the number is ms: `1h`) or a percent (`3%`). */
  readonly unit?: 'duration' | 'percent';
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

/**
 * One limit order a strategy wants resting on the book. `qty` absent: one entry of the
 * instance's size at `price` (engine/strategy-size.ts limitQty), and any resting order of that
 * side and price counts as it (so an equity share that moves does not churn the book).
 */
export interface WantedOrder {
  readonly side: 'buy' | 'sell';
  readonly price: number;
  readonly qty?: number;
}

/**
 * What a strategy that keeps orders asks for (grid, dca): every field optional, none of them a
 * "spend all the cash" buy.
 * - `resting`: the limit orders it wants on the book now, the whole list: the runtime cancels
 *   its other resting orders and places the missing ones (engine/resting-orders.ts diffResting).
 *   Absent: its resting orders stay as they are.
 * - `buy`: a market buy of this many entries of the instance's size (dca: 1; a grid's
 *   starting inventory for its sells: one per sell level), at the next price, as live.
 * - `sell`: a market sell of this base quantity of its own position.
 * - `leave`: it cannot work here any more (a grid whose price left its range): the runtime
 *   stops it, cancelling its resting orders, or holds its book as it is, by the setting
 *   `grid.outOfRange`. The reason says why.
 */
export interface OrdersIntent {
  readonly resting?: readonly WantedOrder[];
  readonly buy?: number;
  readonly sell?: number;
  readonly leave?: boolean;
  readonly reason: string;
}

/** Either kind of intent a strategy may return from onCandle. */
export type StrategyIntent = OrderIntent | TargetIntent;

/** Any intent: a strategy that keeps orders answers OrdersIntents (see OrdersStrategyDefinition). */
export type AnyIntent = StrategyIntent | OrdersIntent;

/** True for the intent of a strategy that keeps orders (it names neither a side nor a target). */
export function isOrdersIntent(intent: AnyIntent): intent is OrdersIntent {
  return (intent as { side?: unknown }).side === undefined && (intent as { target?: unknown }).target === undefined;
}

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
  /** The limit price of the resting order that filled (it may fill better, at an open through it). */
  readonly limit?: number;
  /** False while the order that filled still has a rest to fill; absent or true once it is done. */
  readonly done?: boolean;
}

/**
 * A running strategy: state lives inside, fed one closed candle at a time, oldest first. `I`:
 * what it answers, a buy/sell or a target, or (a strategy that keeps orders) an OrdersIntent.
 */
export interface StrategyInstance<I extends AnyIntent = StrategyIntent> {
  /**
   * Called at the close of each candle; return an intent (`{ side, reason }` or, for a
   * long/short strategy, `{ target, reason }`), or nothing to do nothing.
   */
  onCandle(candle: Candle, view: StrategyView): I | undefined | void;
  /** Optional: told when one of its intents filled, before the next candle arrives. */
  onFill?(fill: StrategyFill, view: StrategyView): void;
}

/**
 * A strategy module: plain data plus a factory. It never calls an exchange and never reads
 * the clock; it sees exactly the candles the store sees, so it runs unchanged in backtest,
 * paper, testnet and live.
 */
export interface StrategyDefinition<I extends AnyIntent = StrategyIntent> {
  readonly name: string;
  readonly description: string;
  readonly params: Readonly<Record<string, ParamSpec>>;
  create(params: Params): StrategyInstance<I>;
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
  /**
   * True when it keeps resting limit orders and buys by its size (grid, dca): its intents are
   * OrdersIntents, which the backtest's order loop and the host's order path carry out;
   * `run --once` (one evaluation, no book kept between runs) and the futures backtest refuse it.
   */
  readonly keepsOrders?: I extends OrdersIntent ? true : false;
  /**
   * True when it only reads the candle's six fields during the call it was handed in, and keeps,
   * spreads or writes nothing of the object: a backtest may then hand it one view over its
   * columns, moved from candle to candle, instead of a new object (engine/backtest/candle-cursor.ts).
   * Every built-in strategy is; a user's module that keeps candles (an array of the last N) must
   * leave it out, and gets a fresh object per candle.
   */
  readonly transientCandle?: true;
}

/** An indicator's line over the price: one value per candle, NaN while it warms up. */
export interface IndicatorLine {
  /** As the chart's legend names it: `sma 10`. */
  readonly name: string;
  readonly values: readonly number[];
}

/** A strategy that keeps resting orders and buys by its size (grid, dca). */
export type OrdersStrategyDefinition = StrategyDefinition<OrdersIntent> & { readonly keepsOrders: true };

/** Any strategy: the runner, the host and the loaders take both kinds. */
export type AnyStrategyDefinition = StrategyDefinition | OrdersStrategyDefinition;

/** Narrows a definition to the kind that keeps orders. */
export function keepsOrders(def: AnyStrategyDefinition): def is OrdersStrategyDefinition {
  return def.keepsOrders === true;
}

/**
 * A parameter as typed (`--every 1h`, `--on-drop 3%`, `--lower 90.5`) to its number: a plain
 * number, a percent (`3%` is 3) or a duration (`90s`, `15m`, `1h`, `1d`, `1w` in ms).
 * Parameters stay numbers everywhere else (the ledger, the API); only typing them has units.
 * `unit`, when the parameter's spec is known: a duration typed without its unit is refused,
 * since the number alone is milliseconds (`--every 5` was a dca buying at every candle).
 */
export function parseParamText(name: string, raw: string, unit?: ParamSpec['unit']): { ok: true; value: number } | { ok: false; error: string } {
  const text = raw.trim();
  const m = /^(-?\d+(?:\.\d+)?)(%|ms|s|m|h|d|w)?$/.exec(text);
  if (!m) return { ok: false, error: `--${name} needs a number, a percent (3%) or a duration (15m, 1h, 1d) (got "${raw.slice(0, 40)}")` };
  const n = Number(m[1]);
  if (unit === 'duration' && m[2] === undefined && n !== 0) return { ok: false, error: `--${name} is a duration: give its unit, like ${m[1]}m, ${m[1]}h or ${m[1]}d (a bare ${m[1]} would be ${m[1]} milliseconds)` };
  const typed = m[2];
  const ms: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  return { ok: true, value: typed === undefined || typed === '%' ? n : n * ms[typed] };
}

const DURATION_UNITS: readonly (readonly [string, number])[] = [['w', 604_800_000], ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]];

/**
 * A parameter's number as the trader typed it (parseParamText read back): a duration in its
 * largest whole unit (`300000` is `5m`), a percent with its sign, anything else as it is.
 */
export function paramValueText(spec: Pick<ParamSpec, 'unit'> | undefined, value: number): string {
  if (spec?.unit === 'percent') return `${value}%`;
  if (spec?.unit === 'duration' && value > 0) {
    const u = DURATION_UNITS.find(([, ms]) => value % ms === 0);
    return u ? `${value / u[1]}${u[0]}` : `${value}ms`;
  }
  return String(value);
}

/** Candles of warm-up: the strategy's own answer, else its largest whole-number parameter. */
export function warmupCandles(def: AnyStrategyDefinition, params: Params): number {
  const said = def.warmup?.(params);
  if (said !== undefined && Number.isFinite(said) && said >= 0) return Math.ceil(said);
  return Math.max(0, ...Object.entries(def.params).filter(([, p]) => p.integer).map(([k]) => params[k] ?? 0));
}

/** Fills defaults and checks ranges; returns the params, or a one-line reason and the parameter it is about. */
export function resolveParams(def: AnyStrategyDefinition, given: Readonly<Record<string, number>>): { ok: true; params: Params } | { ok: false; error: string; param: string } {
  const out: Record<string, number> = {};
  for (const name of Object.keys(given)) {
    if (!(name in def.params)) return { ok: false, param: name, error: `${def.name} has no parameter "${name}" (it has: ${Object.keys(def.params).join(', ') || 'none'})` };
  }
  for (const [name, spec] of Object.entries(def.params)) {
    const v = given[name] ?? spec.default;
    if (!Number.isFinite(v) || v < spec.min || v > spec.max || (spec.integer && !Number.isInteger(v))) {
      const what = spec.unit === 'duration' ? 'a duration' : spec.unit === 'percent' ? 'a percent' : spec.integer ? 'a whole number' : 'a number';
      return { ok: false, param: name, error: `${def.name} --${name} must be ${what} from ${paramValueText(spec, spec.min)} to ${paramValueText(spec, spec.max)} (got ${Number.isFinite(v) ? paramValueText(spec, v) : v})` };
    }
    out[name] = v;
  }
  return { ok: true, params: out };
}
