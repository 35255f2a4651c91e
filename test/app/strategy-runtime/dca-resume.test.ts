import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { startStrategy } from '../../../source/app/strategy-runtime/strategy-host.js';
import { dcaStrategy } from '../../../source/strategies/dca.js';

async function replaySession() {
  const series = generateCandles(600, { seed: 5, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series, fee: 0.001 });
  const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 } });
  return { venue, session };
}

test('a dca resumed after a restart does not take itself for new: no second "first buy", its clock counts from its last buy', async () => {
  const { venue, session } = await replaySession();
  try {
    const every = 10 * 60_000;
    const opts = { strategy: dcaStrategy, params: { every, 'on-drop': 0 }, symbol: 'BTC/USDT', timeframe: '1m' as const, mode: 'paper' as const, size: '100USDT' };
    const first = startStrategy(session, opts);
    const signals = () => session.history().filter((e) => e.event.type === 'strategy/signal' && e.event.data.strategyId === first.id).map((e) => (e.event.type === 'strategy/signal' ? e.event.data.reason : ''));
    const buys = () => session.orders({ all: true }).filter((o) => o.strategyId === first.id && o.side === 'buy').length;
    for (let i = 0; i < 3; i++) {
      venue.next();
      await first.idle();
    }
    assert.deepEqual(signals(), ['dca: first buy']);
    assert.equal(buys(), 1);
    // A restart: the instance stays recorded running and is resumed by a new host, as a daemon's start does.
    first.detach();
    const again = startStrategy(session, { ...opts, id: first.id, resume: true });
    for (let i = 0; i < 3; i++) {
      venue.next();
      await again.idle();
    }
    assert.deepEqual(signals(), ['dca: first buy'], 'nothing bought on resuming: its last buy was 4 minutes ago, it buys every 10');
    assert.equal(buys(), 1);
    for (let i = 0; i < 8; i++) {
      venue.next();
      await again.idle();
    }
    assert.deepEqual(signals(), ['dca: first buy', 'dca: 10 min since the last buy'], 'the clock went on from the buy before the restart');
    assert.equal(buys(), 2);
  } finally {
    await session.close();
  }
});
