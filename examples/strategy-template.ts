/**
 * A strategy template: copy this file, rename it, change `create`, and run
 *   npx atapi backtest --strategy ./my-strategy.ts --symbol BTC/USDT --timeframe 1h --data candles.csv
 *   npx atapi backtest --strategy ./my-strategy.ts --period 50 --stop 5     # parameters by name
 *
 * Rules a strategy keeps (so the same file runs in backtest, paper, testnet and live):
 * - it never calls an exchange and never reads the clock or Math.random;
 * - it sees one closed candle at a time, oldest first, and a read-only view of its own
 *   position and cash; nothing of the future;
 * - it answers with an intent ({ side, reason }) or nothing; atapi sizes it (a buy spends all
 *   cash, a sell closes the position), risk-checks it and fills it at the next candle's open;
 * - its state is updated per candle in O(1), never recomputed over the history.
 * See docs/writing-a-strategy.md. The import below is for types only (erased when the file is
 * loaded), so the file also loads from outside this repository.
 */
import type { StrategyDefinition } from '../source/strategies/strategy.js';

const strategy: StrategyDefinition = {
  name: 'ema-trend',
  description: 'trend following: buy when the close rises --band % above its EMA, sell when it falls --band % below, or at a --stop % loss',
  params: {
    period: { default: 20, min: 2, max: 1_000, integer: true, description: 'candles in the exponential moving average' },
    band: { default: 0.5, min: 0, max: 10, description: 'percent above/below the EMA that counts as a break' },
    stop: { default: 0, min: 0, max: 50, description: 'sell at this percent below the entry price (0 = off)' },
  },
  create(params) {
    const alpha = 2 / (params.period + 1);
    const up = 1 + params.band / 100;
    const down = 1 - params.band / 100;
    let ema = NaN;
    let seen = 0;
    let entry = NaN; // set by onFill: the price the last buy actually got

    return {
      onCandle(candle, view) {
        // EMA seeded with the first close; trusted only after `period` candles.
        ema = Number.isNaN(ema) ? candle.c : ema + alpha * (candle.c - ema);
        if (++seen < params.period) return undefined;
        if (view.position === 0 && candle.c > ema * up) {
          return { side: 'buy', reason: `close ${candle.c} is ${params.band}% above EMA${params.period} ${ema.toFixed(2)}` };
        }
        if (view.position > 0 && params.stop > 0 && candle.c < entry * (1 - params.stop / 100)) {
          return { side: 'sell', reason: `stop: close ${candle.c} is ${params.stop}% below entry ${entry}` };
        }
        if (view.position > 0 && candle.c < ema * down) {
          return { side: 'sell', reason: `close ${candle.c} is ${params.band}% below EMA${params.period} ${ema.toFixed(2)}` };
        }
        return undefined;
      },
      // Optional: told when an intent filled (in a backtest at the next open; live, by the venue).
      onFill(fill) {
        entry = fill.side === 'buy' ? fill.price : NaN;
      },
    };
  },
};

export default strategy;
