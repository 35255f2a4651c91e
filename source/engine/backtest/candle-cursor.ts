import type { Candle, CandleSeries } from '../../domain/index.js';
import type { AnyStrategyDefinition } from '../../strategies/strategy.js';

/** The candle at index `i` of a backtest's columns, as the strategy is handed it. */
export interface CandleCursor {
  at(i: number): Candle;
}

/**
 * How a backtest hands candle `i` of its typed-array columns to the strategy. A strategy that
 * declares `transientCandle` (it reads the candle's fields during its call and keeps nothing of
 * the object, as every built-in one) gets one view over the columns that the cursor moves from
 * candle to candle: no allocation and no copying per candle, the loop's largest cost after the
 * strategy itself (an object rewritten in place costs more than a fresh one: six boxed doubles).
 * Any other (a user's module, which may keep the candles it is given) gets a fresh object each
 * time. Both read the same columns at the same index, so both give the same run
 * (test/backtest/candle-cursor.test.ts). Classes rather than closures: every run calls the same
 * `at`, so the optimised loop of one run still fits the next.
 */
export function candleCursor(def: AnyStrategyDefinition, series: CandleSeries): CandleCursor {
  return def.transientCandle === true ? new ViewCursor(series) : new ObjectCursor(series);
}

class ObjectCursor implements CandleCursor {
  constructor(private readonly s: CandleSeries) {}

  at(i: number): Candle {
    const s = this.s;
    return { t: s.t[i], o: s.o[i], h: s.h[i], l: s.l[i], c: s.c[i], v: s.v[i] };
  }
}

class ViewCursor implements CandleCursor {
  private readonly view: ColumnCandle;

  constructor(series: CandleSeries) {
    this.view = new ColumnCandle(series);
  }

  at(i: number): Candle {
    moveTo(this.view, i);
    return this.view;
  }
}

/** Points a view at candle `i`: module-private, so the strategy holding the view cannot move it (to look ahead). */
let moveTo: (view: ColumnCandle, i: number) => void;

/**
 * One candle of the columns, read through getters at the index the cursor set. Its state is in
 * private fields: a strategy can read the six fields (and JSON of them), nothing else.
 */
class ColumnCandle implements Candle {
  #i = 0;
  readonly #t: Float64Array;
  readonly #o: Float64Array;
  readonly #h: Float64Array;
  readonly #l: Float64Array;
  readonly #c: Float64Array;
  readonly #v: Float64Array;

  constructor(series: CandleSeries) {
    this.#t = series.t;
    this.#o = series.o;
    this.#h = series.h;
    this.#l = series.l;
    this.#c = series.c;
    this.#v = series.v;
  }

  static {
    moveTo = (view, i) => {
      view.#i = i;
    };
  }

  get t(): number {
    return this.#t[this.#i];
  }
  get o(): number {
    return this.#o[this.#i];
  }
  get h(): number {
    return this.#h[this.#i];
  }
  get l(): number {
    return this.#l[this.#i];
  }
  get c(): number {
    return this.#c[this.#i];
  }
  get v(): number {
    return this.#v[this.#i];
  }

  toJSON(): Candle {
    return { t: this.t, o: this.o, h: this.h, l: this.l, c: this.c, v: this.v };
  }
}
