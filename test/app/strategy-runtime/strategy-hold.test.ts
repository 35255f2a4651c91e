import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { startStrategy } from '../../../source/app/strategy-runtime/strategy-host.js';
import { smaCross } from '../../../source/strategies/sma-cross.js';

test('defect 8: while the link is down a strategy holds: signals are recorded, no order is sent', async () => {
  const series = generateCandles(1_500, { seed: 9, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12 } });
  const said: string[] = [];
  const host = startStrategy(session, { strategy: smaCross, params: { fast: 10, slow: 30 }, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', onOrder: (t) => said.push(t) });
  try {
    session.dispatch([{ type: 'market/connection', data: { venue: venue.venue, state: 'reconnecting', detail: 'tickers: NetworkError' } }]);
    for (let i = 0; i < 700 && venue.next(); i++) await host.idle();
    const signals = session.history({ type: 'strategy/signal' }).length;
    assert.ok(signals >= 2, `the strategy kept deciding (${signals} signals)`);
    assert.equal(session.orders({ all: true }).length, 0, 'nothing sent while down');
    assert.ok(said.some((t) => /buy held: .*the link to .* is down/.test(t)), said.join('\n'));
    session.dispatch([{ type: 'market/connection', data: { venue: venue.venue, state: 'connected' } }]);
    while (venue.next()) await host.idle();
    assert.ok(session.orders({ all: true }).length > 0, 'orders again once the link is back');
  } finally {
    await host.stop();
    await session.close();
  }
});
