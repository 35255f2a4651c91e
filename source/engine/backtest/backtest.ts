import type { CandleSeries } from '../../domain/index.js';
import type { OrderIntent, Params, StrategyDefinition } from '../../strategies/strategy.js';
import { StrategyRunner } from '../strategy-runner.js';
import { candleCursor } from './candle-cursor.js';
import { entryBudget, type StrategySize } from '../strategy-size.js';
import { buyQuantity, fillPrice, sellProceeds } from './fill-model.js';
import { computeReport, EquityStats, type BacktestReport } from './report.js';
import { SPOT_FEES } from '../fees.js';
import { firedExit, hasExits, nextPeak, type ExitKind, type StrategyExits } from '../strategy-exits.js';

export interface BacktestConfig {
  /** Starting quote balance. */
  readonly cash: number;
  /** Fee rate per fill, e.g. 0.001. */
  readonly fee: number;
  /** Adverse price move per fill, in basis points. */
  readonly slippageBps: number;
  /** Candle length, for annualising the Sharpe ratio. */
  readonly timeframeMs: number;
  /**
   * What one entry spends, as a live instance's `--size` (engine/strategy-size.ts); absent:
   * the whole cash. A size the cash cannot pay is held (counted in `ignoredIntents`), never
   * shrunk to what is left, as live.
   */
  readonly size?: StrategySize;
  /** Longest the strategy may take on one candle (ms) before the run is stopped; default the setting's. */
  readonly budgetMs?: number;
  /** The instance's own exits (`--stop-loss 3%`): the same rule as live (engine/strategy-exits.ts), at each close. */
  readonly exits?: StrategyExits;
  /**
   * Where to write the equity curve, when at least as long as the series: the run's `equity` is
   * then a view of it, overwritten by the next run given the same buffer. A sweep's worker
   * passes one for all its trials (it keeps only the figures): a fresh curve a trial is megabytes
   * of memory the process maps, zeroes and collects again for every trial.
   */
  readonly equityBuffer?: Float64Array;
  /**
   * False: the run keeps no fill records (its `fills` is empty); every figure is the same, as
   * they are tallied while the loop runs, never read back from the fills. A sweep's trial keeps
   * only the figures: the tens of thousands of records a 1M-candle spot run holds until its end
   * are what each young-generation collection of the worker copies, and with none kept the run
   * makes none unless the strategy is told its fills (onFill). Spot runs (runBacktest).
   */
  readonly recordFills?: boolean;
}

/** The equity curve of a run over `n` candles: a view of the config's buffer when it is long enough, else a new array. */
export function equityCurve(n: number, config: Pick<BacktestConfig, 'equityBuffer'>): Float64Array {
  const buffer = config.equityBuffer;
  return buffer !== undefined && buffer.length >= n ? buffer.subarray(0, n) : new Float64Array(n);
}

export const DEFAULT_BACKTEST: Omit<BacktestConfig, 'timeframeMs'> = { cash: 10_000, fee: SPOT_FEES.taker, slippageBps: 0 };

export interface BacktestFill {
  readonly side: 'buy' | 'sell';
  /** Open time of the candle whose open it filled at. */
  readonly time: number;
  readonly price: number;
  readonly quantity: number;
  /** In the quote currency. */
  readonly fee: number;
  readonly reason: string;
  /** The instance's own exit that closed the position (`--stop-loss`), when one did. */
  readonly exit?: ExitKind;
  /** A limit order's fill (a grid's): its limit price (it may fill better, at an open through it). */
  readonly limit?: number;
}

export interface BacktestRun extends BacktestReport {
  readonly fills: readonly BacktestFill[];
  /** Equity marked at every candle's close. */
  readonly equity: Float64Array;
  /** Intents that could not act: a buy while holding, a sell while flat, or one on the last candle. */
  readonly ignoredIntents: number;
}

/** An intent waiting for the next open: the strategy's, or the instance's own exit's. */
type Pending = OrderIntent & { readonly exit?: ExitKind };

/**
 * An empty array the engine already takes for an array of objects. `[]` starts as an array of
 * small integers and changes kind at its first object, in every run; the loop's optimised code,
 * compiled for the kind it saw last, was thrown away on the first fill of the second and third
 * run of a process (the bench's best of five was its fourth or fifth).
 */
function objectArray<T>(): T[] {
  const a: unknown[] = [undefined];
  a.length = 0;
  return a as T[];
}

/**
 * The account of a spot run as its fills leave it (long only, the whole position at a time), and
 * the fill rule. Its numbers are fields of one class, whose shape the engine learns on the first
 * run and keeps (an object literal read back at each chunk of the loop may change shape as a
 * whole number becomes a fraction, which throws the optimised loop away).
 */
class SpotAccount {
  // NaN first (the real values are set in the constructor): the engine then keeps these fields as
  // doubles from the start. A field that starts as a whole number (10000, 0) and later holds a
  // fraction changes the object's shape, which throws away the optimised loop that read it on the
  // first runs of a process; one declared without a value starts undefined and then boxes every
  // number stored in it.
  cash = NaN;
  qty = NaN;
  /** What the open position cost, fee included; its buy's fill price (a live instance's average entry); its best close since (the trailing reference). */
  entryCost = NaN;
  entry = NaN;
  peak = NaN;
  gain = NaN;
  loss = NaN;
  wins = 0;
  closed = 0;
  held = 0;
  ignored = 0;
  pending: Pending | undefined = undefined;
  /** Every fill, recorded here rather than in the loop (see objectArray); none when the config says so. */
  readonly fills: BacktestFill[] = objectArray();
  /** The last fill's record: made only when kept or told to the strategy (see `records`). */
  last: BacktestFill | undefined = undefined;
  private readonly fee: number;
  private readonly slippageBps: number;
  private readonly size: StrategySize | undefined;
  /** Fills are kept in `fills`. */
  private readonly keeps: boolean;
  /** Fill records are made at all: kept, or told to a strategy that hears them. */
  private readonly records: boolean;

  constructor(config: BacktestConfig, hearsFills: boolean) {
    this.cash = config.cash;
    this.qty = this.entryCost = this.entry = this.peak = this.gain = this.loss = 0;
    this.fee = config.fee;
    this.slippageBps = config.slippageBps;
    this.size = config.size;
    this.keeps = config.recordFills !== false;
    this.records = this.keeps || hearsFills;
  }

  /**
   * `intent` at the open of the candle at `time`: true when it filled, the runner told (its
   * record kept, see `records`); false (counted as ignored) when it cannot act. The runner is told
   * here, not in the loop: a call more in the loop's body kept the optimiser from inlining the
   * strategy's call into it (a sweep worker's profile: StrategyRunner.batched compiled apart).
   */
  act(intent: Pending, time: number, open: number, runner: StrategyRunner): boolean {
    if (!this.fill(intent, time, open)) {
      this.ignored++;
      return false;
    }
    const fill = this.last;
    // No record made (a trial's run, a strategy without onFill): the runner needs only the account.
    if (fill === undefined) runner.setAccount(this.qty, this.cash);
    else {
      if (this.keeps) this.fills.push(fill);
      runner.onFill(fill, this.qty, this.cash);
    }
    return true;
  }

  /** The account moved by `intent`, or false; the fill's record in `last` when records are made. */
  private fill(intent: Pending, time: number, open: number): boolean {
    const { fee, size } = this;
    const price = fillPrice(intent.side, open, this.slippageBps);
    if (intent.side === 'buy') {
      const spend = size === undefined ? this.cash : entryBudget(size, this.cash, price, fee);
      if (this.qty === 0 && this.cash > 0 && spend <= this.cash + 1e-9) {
        const q = buyQuantity(spend, price, fee);
        this.entryCost = spend;
        this.entry = price;
        this.peak = 0;
        this.qty = q;
        this.cash = size === undefined ? 0 : this.cash - spend;
        if (this.records) this.last = { side: 'buy', time, price, quantity: q, fee: spend - q * price, reason: intent.reason };
        return true;
      }
    } else if (this.qty > 0) {
      const qty = this.qty;
      const proceeds = sellProceeds(qty, price, fee);
      this.cash += proceeds;
      if (proceeds > this.entryCost) this.wins++;
      if (proceeds > this.entryCost) this.gain += proceeds - this.entryCost;
      else this.loss += this.entryCost - proceeds;
      this.closed++;
      this.qty = 0;
      if (!this.records) return true;
      // Two literals rather than a spread of the optional field: a spread is a runtime call.
      const exit = intent.exit;
      this.last = exit ? { side: 'sell', time, price, quantity: qty, fee: qty * price - proceeds, reason: intent.reason, exit } : { side: 'sell', time, price, quantity: qty, fee: qty * price - proceeds, reason: intent.reason };
      return true;
    }
    return false;
  }

  /** The instance's own exit at this close, if one fires (the position is open). */
  exit(exits: StrategyExits, close: number): Pending | undefined {
    this.peak = nextPeak(this.peak, this.qty, this.entry, close);
    const fired = firedExit(exits, this.qty, this.entry, this.peak, close);
    return fired === undefined ? undefined : { side: 'sell', reason: fired.reason, exit: fired.kind };
  }
}

/**
 * The default execution model: long-only spot, no leverage. A signal at the close of candle
 * t fills at the open of t+1 (a signal on the last candle never fills). A buy spends the whole
 * cash B for B / (1 + fee) / price; a sell of the whole position Q yields Q * price * (1 - fee).
 * The strategy runs inside a StrategyRunner that is handed one candle at a time and never the
 * series, so it cannot look ahead. The candles are the series' typed-array columns; the loop
 * allocates a record per fill (none in a run that keeps no fills, unless the strategy hears
 * them) and nothing per candle for a strategy declared `transientCandle` (every built-in one;
 * engine/backtest/candle-cursor.ts), a candle object per candle for any other. The equity
 * curve is a Float64Array; the report's figures are taken as the loop goes (EquityStats).
 */
export function runBacktest(def: StrategyDefinition, params: Params, series: CandleSeries, config: BacktestConfig): BacktestRun {
  const runner = new StrategyRunner(def, params, { budgetMs: config.budgetMs });
  const n = series.length;
  const { t, o, c } = series;
  const cursor = candleCursor(def, series);
  const equity = equityCurve(n, config);
  const acc = new SpotAccount(config, runner.hearsFills);
  const exits = hasExits(config.exits) ? config.exits : undefined;
  // The report's running figures, taken as the loop goes (no second pass over the curve).
  const stats = new EquityStats(config.cash);
  // The strategy's view of the account: it moves only at fills, which tell the runner (onFill).
  runner.setAccount(0, config.cash);
  // The candle loop runs timed in chunks (a strategy stuck in one candle stops the backtest with
  // a StrategyError). Each chunk works on locals, which the engine keeps in registers: the account
  // moves only at a fill, read back after one (variables shared with a closure would cost the
  // loop half its speed). The fill itself is the account's method, out of the loop's way.
  runner.loop(n, (from, to) => {
    let cash = acc.cash;
    let qty = acc.qty;
    let held = acc.held;
    let pending = acc.pending;
    for (let i = from; i < to; i++) {
      if (pending !== undefined) {
        const filled = acc.act(pending, t[i], o[i], runner);
        pending = undefined;
        if (filled) {
          cash = acc.cash;
          qty = acc.qty;
        }
      }
      let intent: Pending | undefined = runner.next(cursor.at(i));
      // An exit that fires overrides the strategy's own intent on that candle, as live.
      if (exits !== undefined && qty > 0) intent = acc.exit(exits, c[i]) ?? intent;
      if (intent !== undefined) {
        if (i < n - 1) pending = intent;
        else acc.ignored++;
      }
      const e = cash + qty * c[i];
      equity[i] = e;
      stats.add(e);
      if (qty > 0) held++;
    }
    acc.held = held;
    acc.pending = pending;
  });
  const { qty, wins, closed, gain, loss, held, ignored, fills } = acc;
  const { fee } = config;

  const report = computeReport({
    equity,
    initialCash: config.cash,
    timeframeMs: config.timeframeMs,
    tradeCount: closed,
    wins,
    grossProfit: gain,
    grossLoss: loss,
    heldCandles: held,
    firstOpen: n > 0 ? o[0] : NaN,
    lastClose: n > 0 ? c[n - 1] : NaN,
    fee,
    openTrade: qty > 0,
  }, stats);
  return { ...report, fills, equity, ignoredIntents: ignored };
}
