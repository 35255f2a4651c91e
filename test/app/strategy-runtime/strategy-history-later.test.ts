import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { startStrategy } from '../../../source/app/strategy-runtime/strategy-host.js';
import type { StrategyDefinition } from '../../../source/strategies/strategy.js';
import { selectSeries } from '../../../source/store/index.js';

/** Buys at every candle it sees: any history taken for live candles would place orders. */
const buyAlways: StrategyDefinition = { name: 'buy-always', description: 'buys at every candle', params: {}, create: () => ({ onCandle: () => ({ side: 'buy', reason: 'always' }) }) };

test('a strategy started before the app brings the simulated history in warms up on it, and trades none of it', async () => {
  const t = Date.parse('2026-12-06T10:00:30Z');
  // The app's way: the 1m history left for after the first frame (cli/session-commands.ts tui).
  const session = await createSession({ persist: false, seed: 1, clock: () => t, tickMs: 0, venueConfig: { historyLater: true } });
  try {
    assert.equal(selectSeries(session.state().market, 'sim:BTC/USDT:1m'), undefined, 'no history yet');
    const host = startStrategy(session, { strategy: buyAlways, params: {}, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', size: '100USDT' });
    assert.ok(host.candlesSeen() >= 200, `warmed up on the history: ${host.candlesSeen()} candles`);
    await host.idle();
    assert.equal(session.orders({ all: true }).length, 0, 'nothing traded on the history');
    session.warmUp?.();
    assert.equal(session.orders({ all: true }).length, 0, 'nothing brought in twice');
  } finally {
    await session.close();
  }
});
