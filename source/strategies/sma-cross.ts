import type { Candle } from '../domain/index.js';
import type { IndicatorLine, Params, ParamSpec, StrategyDefinition, StrategyInstance, StrategyIntent } from './strategy.js';
import { Sma } from './indicators/sma.js';

const SMA_PARAMS: Readonly<Record<string, ParamSpec>> = {
  fast: { default: 10, min: 1, max: 10_000, integer: true, description: 'candles in the fast average' },
  slow: { default: 30, min: 2, max: 10_000, integer: true, description: 'candles in the slow average' },
};

/**
 * The crossing both sma strategies trade on, as a running instance. At the close of candle t
 * (both averages include t's close): `up` when fast > slow and at t-1 fast <= slow; `down` when
 * fast < slow and at t-1 fast >= slow; it answers the intent it was given for each. A class
 * rather than a closure: the last difference is a field, updated in place (a number a closure
 * captures is boxed anew at each store, one allocation a candle), and every instance shares one
 * onCandle, so a backtest's optimised loop still fits the next run's instance.
 */
class Crossing implements StrategyInstance {
  private readonly fast: Sma;
  private readonly slow: Sma;
  private prevDiff = NaN;

  constructor(
    name: string,
    params: Params,
    private readonly up: StrategyIntent,
    private readonly down: StrategyIntent,
  ) {
    if (params.fast >= params.slow) throw new RangeError(`${name} needs --fast below --slow (got fast ${params.fast}, slow ${params.slow})`);
    this.fast = new Sma(params.fast);
    this.slow = new Sma(params.slow);
  }

  onCandle(candle: Candle): StrategyIntent | undefined {
    const close = candle.c;
    const diff = this.fast.update(close) - this.slow.update(close);
    const before = this.prevDiff;
    this.prevDiff = diff;
    // While either difference is NaN (an average still warming up) every comparison is false.
    if (diff > 0 && before <= 0) return this.up;
    if (diff < 0 && before >= 0) return this.down;
    return undefined;
  }
}

/** The reasons are the same every time: made once per instance, not per signal. */
function crossReasons(params: Params): { above: string; below: string } {
  return { above: `fast SMA ${params.fast} crossed above slow SMA ${params.slow}`, below: `fast SMA ${params.fast} crossed below slow SMA ${params.slow}` };
}

/** Both averages over the candles, by the same `Sma` the crossing uses: what the chart draws. */
function smaLines(params: Params, candles: readonly Candle[]): IndicatorLine[] {
  const fast = new Sma(params.fast);
  const slow = new Sma(params.slow);
  const f = new Array<number>(candles.length);
  const s = new Array<number>(candles.length);
  for (let i = 0; i < candles.length; i++) {
    f[i] = fast.update(candles[i].c);
    s[i] = slow.update(candles[i].c);
  }
  return [{ name: `sma ${params.fast}`, values: f }, { name: `sma ${params.slow}`, values: s }];
}

/** Moving-average crossover, long only: buy on a cross up, sell on a cross down. */
export const smaCross: StrategyDefinition = {
  name: 'sma',
  description: 'simple moving average crossover: buy when the fast SMA crosses above the slow one, sell when it crosses below',
  params: SMA_PARAMS,
  // The slow average, plus one candle for the crossing's 'before'.
  warmup: (params) => params.slow + 1,
  indicators: smaLines,
  transientCandle: true,
  create(params) {
    const { above, below } = crossReasons(params);
    return new Crossing('sma', params, { side: 'buy', reason: above }, { side: 'sell', reason: below });
  },
};

/**
 * The same crossover, long and short (for perpetuals): long on a cross up, short on a cross
 * down, always in the market once the first crossing came. A separate strategy rather than
 * a parameter because parameters are numbers and a mode is not. On spot, where there is no
 * short, it trades exactly as `sma`.
 */
export const smaLongShort: StrategyDefinition = {
  name: 'sma-ls',
  description: 'moving average crossover, long/short (perpetuals): long when the fast SMA crosses above the slow one, short when it crosses below',
  params: SMA_PARAMS,
  warmup: (params) => params.slow + 1,
  indicators: smaLines,
  transientCandle: true,
  create(params) {
    const { above, below } = crossReasons(params);
    return new Crossing('sma-ls', params, { target: 'long', reason: above }, { target: 'short', reason: below });
  },
};
