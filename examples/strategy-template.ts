/**
 * A strategy template: copy this file, rename it, change `onCandle`, and run
 *   npx atapi backtest --strategy ./my-strategy.ts --symbol BTC/USDT --timeframe 1h --data candles.csv
 *
 * Rules a strategy keeps (so the same file runs in backtest, paper, testnet and live):
 * - it never calls an exchange and never reads the clock or Math.random;
 * - it sees one closed candle at a time, oldest first, and its own position and cash;
 * - it answers with an intent ({ side, reason }) or nothing; atapi sizes, risk-checks and
 *   places the order.
 * Types come from atapi's strategy API; inside this repository import them from
 * ../source/strategies/strategy.js, from your own project `import type ... from 'atapi'`.
 */
import type { StrategyDefinition } from '../source/strategies/strategy.js';

const strategy: StrategyDefinition = {
  name: 'breakout',
  description: 'buy when the close breaks above the highest close of the last N candles, sell below the lowest',
  params: {
    lookback: { default: 20, min: 2, max: 1_000, integer: true, description: 'candles in the channel' },
  },
  create(params) {
    const n = params.lookback;
    // A ring of the last n closes; O(n) max/min per candle is fine for small n.
    const ring: number[] = [];
    return {
      onCandle(candle, view) {
        const high = ring.length === n ? Math.max(...ring) : NaN;
        const low = ring.length === n ? Math.min(...ring) : NaN;
        ring.push(candle.c);
        if (ring.length > n) ring.shift();
        if (view.position === 0 && candle.c > high) return { side: 'buy', reason: `close ${candle.c} broke above ${high}` };
        if (view.position > 0 && candle.c < low) return { side: 'sell', reason: `close ${candle.c} broke below ${low}` };
        return undefined;
      },
    };
  },
};

export default strategy;
