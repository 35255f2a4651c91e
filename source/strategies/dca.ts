import type { OrdersStrategyDefinition } from './strategy.js';

/**
 * Dollar-cost averaging: buys one entry of the instance's size (`--size 100USDT`) at its first
 * candle, then every `--every` (a duration: 1h, 1d) and/or each time a close is `--on-drop`
 * percent under the last buy's price. Once its take-profit (`--take-profit 5%`, on the average
 * entry, the instance's exit) has sold everything, it starts again at the next close. It never
 * sells on its own: its figures are the average entry and what it invested.
 */
export const dcaStrategy: OrdersStrategyDefinition = {
  name: 'dca',
  description: 'dollar-cost averaging: buys one --size now, then every --every (1h, 1d) and/or on each --on-drop (3%) under the last buy; --take-profit P% sells all on the average entry',
  keepsOrders: true,
  transientCandle: true,
  params: {
    every: { default: 0, min: 0, max: 366 * 86_400_000, unit: 'duration', description: 'buy again this long after the last buy (15m, 1h, 1d; 0 off)' },
    'on-drop': { default: 0, min: 0, max: 99, unit: 'percent', description: 'buy again when a close is this % under the last buy (0 off)' },
  },
  warmup: () => 0,
  create(params) {
    const every = params.every;
    const drop = params['on-drop'];
    if (!(every > 0) && !(drop > 0)) throw new RangeError('dca needs --every (a duration such as 1h) or --on-drop (a percent such as 3%), or both');
    let lastT: number | undefined;
    let lastPrice = 0;
    let soldOut = false;
    /** When its last buy filled: what a resumed instance counts its clock from (it made no signal in this process). */
    let lastBuyFill: number | undefined;
    return {
      onCandle(candle, view) {
        let why: string | undefined;
        if (lastT === undefined && view.position > 0) {
          // Holding at its first close: a resumed instance (a restart), not a new one, which
          // starts flat. The host told it its own fills again; without them (older than the
          // state keeps) it starts its clock and its reference at this close, buying nothing.
          lastT = lastBuyFill ?? candle.t;
          if (!(lastPrice > 0)) lastPrice = candle.c;
        }
        if (lastT === undefined) why = 'first buy';
        else if (soldOut) why = 'sold out by its take-profit: starting again';
        else if (every > 0 && candle.t - lastT >= every) why = `${every / 60_000} min since the last buy`;
        else if (drop > 0 && lastPrice > 0 && candle.c <= lastPrice * (1 - drop / 100)) why = `close ${candle.c} is ${drop}% or more under the last buy at ${lastPrice}`;
        if (why === undefined) return undefined;
        lastT = candle.t;
        lastPrice = candle.c;
        soldOut = false;
        return { buy: 1, reason: `dca: ${why}` };
      },
      onFill(fill, view) {
        if (fill.side === 'buy') {
          lastPrice = fill.price;
          // Live, a fill comes some milliseconds after the close its order was sent at: counted
          // from those, `every` would be missed by them at the close it is due and come a candle
          // later again. Every timeframe is whole minutes, so the fill's minute is that close.
          lastBuyFill = Math.floor(fill.time / 60_000) * 60_000;
        }
        else if (view.position <= 1e-12) soldOut = true;
      },
    };
  },
};
