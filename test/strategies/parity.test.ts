import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { startStrategy } from '../../source/app/strategy-runtime/strategy-host.js';
import { runBacktest } from '../../source/engine/backtest/backtest.js';
import { rsiReversion } from '../../source/strategies/rsi-reversion.js';
import { smaCross } from '../../source/strategies/sma-cross.js';
import type { Params, StrategyDefinition } from '../../source/strategies/strategy.js';

async function paperReplay(def: StrategyDefinition, params: Params, n: number) {
  const series = generateCandles(n, { seed: 9, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 } });
  // All of the equity, as the backtest's execution model spends all its cash.
  const host = startStrategy(session, { strategy: def, params, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', size: '100%' });
  while (venue.next()) await host.idle();
  await host.stop();
  const trades = session.trades();
  const state = session.state();
  await session.close();
  return { series, trades, state };
}

for (const [def, params] of [[smaCross, { fast: 10, slow: 30 }], [rsiReversion, { period: 14, oversold: 30, overbought: 70 }]] as const) {
  test(`parity: a backtest and a paper run replaying the same candles make the same trades (${def.name})`, async () => {
    const { series, trades, state } = await paperReplay(def, params, 3_000);
    const bt = runBacktest(def, params, series, { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000 });
    assert.ok(bt.fills.length >= 10, `enough trades to compare (${bt.fills.length})`);
    assert.equal(trades.length, bt.fills.length);
    trades.forEach((t, i) => {
      const f = bt.fills[i];
      assert.equal(t.side, f.side, `fill ${i} side`);
      assert.equal(t.ts, f.time, `fill ${i} time`);
      assert.equal(t.price, f.price, `fill ${i} price`);
      assert.ok(Math.abs(t.qty - f.quantity) <= 1e-8 * 2, `fill ${i} quantity ${t.qty} vs ${f.quantity}`);
    });
    const signals = Object.values(state.ledger.strategies);
    assert.equal(signals.length, 1);
    assert.equal(signals[0].status, 'stopped');
  });
}
