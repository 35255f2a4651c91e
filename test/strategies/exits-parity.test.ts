import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { startStrategy } from '../../source/app/strategy-runtime/strategy-host.js';
import type { StrategyExits } from '../../source/domain/index.js';
import { runBacktest } from '../../source/engine/backtest/backtest.js';
import { smaCross } from '../../source/strategies/sma-cross.js';

const params = { fast: 10, slow: 30 };

/** A paper run replaying the candles, with the instance's own exits: its fills and the reasons of its signals. */
async function paperReplay(exits: StrategyExits, n: number) {
  const series = generateCandles(n, { seed: 9, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 } });
  const host = startStrategy(session, { strategy: smaCross, params, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', size: '100%', exits });
  while (venue.next()) await host.idle();
  await host.stop();
  const trades = session.trades();
  const reasons = session.history({ type: 'strategy/signal' }).flatMap((e) => (e.event.type === 'strategy/signal' ? [e.event.data.reason] : []));
  const trail = session.history({ type: 'strategy/trail' }).length;
  await session.close();
  return { series, trades, reasons, trail };
}

for (const exits of [{ stopLoss: 0.2 }, { takeProfit: 0.5 }, { trailing: 0.3 }, { stopLoss: 0.4, takeProfit: 0.8, trailing: 0.3 }] as StrategyExits[]) {
  test(`exits: a backtest and a paper run with ${JSON.stringify(exits)} exit on the same candles at the same prices, for the same reasons`, async () => {
    const live = await paperReplay(exits, 3_000);
    const bt = runBacktest(smaCross, params, live.series, { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000, exits });
    const plain = runBacktest(smaCross, params, live.series, { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000 });
    const exitFills = bt.fills.filter((f) => f.exit !== undefined);
    assert.ok(exitFills.length >= 3, `the exits fired (${exitFills.length})`);
    assert.notEqual(bt.fills.length, 0);
    assert.notDeepEqual(bt.fills.map((f) => f.time), plain.fills.map((f) => f.time), 'the exits changed the trades');
    assert.equal(live.trades.length, bt.fills.length);
    live.trades.forEach((t, i) => {
      const f = bt.fills[i];
      assert.equal(t.side, f.side, `fill ${i} side`);
      assert.equal(t.ts, f.time, `fill ${i} time`);
      assert.equal(t.price, f.price, `fill ${i} price`);
    });
    // Each exit the backtest took, the paper run recorded as its signal, in the same words.
    const liveExits = live.reasons.filter((r) => /^(stop-loss|take-profit|trailing) /.test(r));
    assert.deepEqual(liveExits, exitFills.map((f) => f.reason));
    if (exits.trailing !== undefined) assert.ok(live.trail > 0, 'the trailing peak is recorded');
  });
}
