import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { runOnce } from '../../../source/app/strategy-runtime/run-once.js';
import { candleAt } from '../../../source/domain/index.js';
import type { StrategyDefinition } from '../../../source/strategies/strategy.js';

/** Buys at the candle it is told to, so a test knows which evaluation signals. */
function buyAt(index: number): StrategyDefinition {
  return { name: 'buy-at', description: 'buys at one candle', params: {}, create: () => ({ onCandle: (_c, view) => (view.index === index ? { side: 'buy', reason: `candle ${index}` } : undefined) }) };
}

async function replaySession(candles: number) {
  const series = generateCandles(candles, { seed: 2, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 } });
  while (venue.next());
  return { session, venue, series };
}

test('--once evaluates only the last closed bar: a signal during warm-up places nothing', async () => {
  const { session, venue } = await replaySession(120);
  try {
    const early = await runOnce(session, { strategy: buyAt(3), params: {}, symbol: 'BTC/USDT', timeframe: '5m', mode: 'paper', strategyId: 't', now: venue.now + 1 });
    assert.equal(early.outcome, 'idle');
    assert.equal(early.warmup, 23, '24 closed 5m bars, the last one evaluated');
    assert.equal(session.orders({ all: true }).length, 0);
    assert.equal(session.history({ type: 'strategy/signal' }).length, 0);
  } finally {
    await session.close();
  }
});

test('--once: an order the venue has not settled is reported unsettled, not as done', async () => {
  const { session, venue } = await replaySession(60);
  try {
    // The replay venue fills at the next candle's open, which never comes: the order stays open.
    const r = await runOnce(session, { strategy: buyAt(59), params: {}, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', strategyId: 't', now: venue.now + 1, settleMs: 1 });
    assert.equal(r.outcome, 'unsettled');
    assert.equal(r.order?.strategyId, 't');
    assert.match(r.message, /^order 1 is still (submitted|open): not settled yet/);
    assert.equal(session.history({ type: 'strategy/signal' }).length, 1, 'the signal is in the log');
  } finally {
    await session.close();
  }
});

test('--once warms up on the venue\'s older candles of the timeframe, then the 1m ones, leaving out the open bar', async () => {
  const { session, venue, series } = await replaySession(90);
  try {
    // What session.loadCandles asks a venue for: candles of the timeframe before the 1m history.
    const firstHour = Math.floor(series.t[0] / 3_600_000) * 3_600_000;
    const hours = generateCandles(24, { seed: 3, timeframeMs: 3_600_000, start: firstHour - 23 * 3_600_000 });
    session.dispatch(Array.from({ length: hours.length }, (_, i) => ({ type: 'market/candle' as const, data: { venue: session.venue, symbol: 'BTC/USDT', timeframe: '1h' as const, candle: candleAt(hours, i), closed: true } })));
    // 23 older hours; the hour the 1m candles begin is theirs (the series starts on the hour).
    const signalAt = 23 + Math.floor((venue.now + 1 - firstHour) / 3_600_000) - 1;
    const r = await runOnce(session, { strategy: buyAt(signalAt), params: {}, symbol: 'BTC/USDT', timeframe: '1h', mode: 'paper', strategyId: 't', now: venue.now + 1, settleMs: 1 });
    assert.equal(r.warmup, signalAt, 'older hours, then those of the 1m candles, the open one left out');
    assert.equal(r.signal?.side, 'buy');
    assert.equal(r.closedAt % 3_600_000, 0);
    assert.ok(r.closedAt <= venue.now + 1);
  } finally {
    await session.close();
  }
});

test('--once lists its instance (stopped between runs) the first time it runs, so its position is never read as a pruned one', async () => {
  const { session, venue } = await replaySession(60);
  try {
    const r = await runOnce(session, { strategy: buyAt(59), params: {}, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', strategyId: 'buy-at-BTCUSDT-1m', now: venue.now + 1, settleMs: 1, size: '100USDT' });
    assert.equal(r.signal?.side, 'buy');
    const listed = session.state().ledger.strategies['buy-at-BTCUSDT-1m'];
    assert.ok(listed, 'listed after its first run (was: only its account, counted as a pruned instance)');
    assert.equal(listed.status, 'stopped', 'nothing runs it between cron calls: a daemon start must not resume it');
    assert.equal(listed.lastSignal?.side, 'buy', 'its signal shows on its row');
    const listing = session.history({ type: 'strategy/status' });
    assert.equal(listing.length, 1);
    assert.match(JSON.stringify(listing[0]), /"once":true/, 'said as listed by run --once, not as stopped by someone (the Log, the notifications)');
    // A second run finds it listed and leaves it as it stands.
    await runOnce(session, { strategy: buyAt(1_000), params: {}, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', strategyId: 'buy-at-BTCUSDT-1m', now: venue.now + 1, settleMs: 1 });
    assert.equal(session.history({ type: 'strategy/status' }).length, 1, 'listed once, not on every cron call');
  } finally {
    await session.close();
  }
});
