import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent } from '../../../source/domain/index.js';
import { replaySession } from '../../helpers/bad-strategies.js';
import { watchHeartbeats } from '../../../source/app/strategy-runtime/run-heartbeat.js';

/**
 * After a reconnect a real venue resyncs: it fetches its recent 1m history again (ccxt-venue's
 * resyncCandles, 240 candles) and emits each as a closed candle, most of them ones the running
 * strategies were fed already. Found walking: a stream dropped on the sandbox stopped every
 * running instance ("was fed the candle of ... after ...: candles must arrive once each").
 */
test('a venue resync after a reconnect sends closed candles again: running strategies skip those they saw, stay running and trade on', async () => {
  const { session, venue } = await replaySession();
  try {
    for (const tf of ['1m', '5m']) {
      const v = await session.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '200USDT', timeframe: tf as '1m' | '5m', params: { fast: 3, slow: 8 } });
      assert.equal(v.status, 'running');
    }
    for (let i = 0; i < 12 && venue.next(); i++) await session.strategiesIdle();
    const seen = session.strategies().map((v) => v.id);
    // atapi run's line per candle: a bar reported once, not again at the resync.
    const beats: number[] = [];
    const unwatch = watchHeartbeats(session, { strategyId: seen[0]!, symbol: 'BTC/USDT', timeframe: '1m', since: 0 }, (h) => beats.push(h.ts));
    venue.next();
    await session.strategiesIdle();
    await new Promise((r) => setImmediate(r));
    assert.equal(beats.length, 1);
    // The resync: the last 30 closed candles again, oldest first, in one batch.
    const key = `${venue.venue}:BTC/USDT:1m`;
    const again: DomainEvent[] = (session.state().market.candles[key] ?? []).slice(-30).map((candle) => ({ type: 'market/candle', data: { venue: venue.venue, symbol: 'BTC/USDT', timeframe: '1m', candle, closed: true } }));
    assert.equal(again.length, 30);
    session.dispatch(again);
    await session.strategiesIdle();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(beats.length, 1, 'no heartbeat for a bar reported already');
    unwatch();
    for (const id of seen) {
      const v = session.strategies().find((x) => x.id === id)!;
      assert.equal(v.status, 'running', `${id}: ${v.problem ?? ''}`);
      assert.equal(v.live, true, id);
    }
    assert.ok(!session.state().ledger.notices.some((n) => n.level === 'error'), session.state().ledger.notices.map((n) => n.message).join('\n'));
    const signals = (): number => session.state().ledger.strategies[seen[0]!]?.lastSignal?.ts ?? 0;
    const before = signals();
    // Fed on: new candles still reach them, each once.
    for (let i = 0; i < 60 && venue.next(); i++) await session.strategiesIdle();
    assert.ok(session.strategies().every((v) => v.status === 'running'));
    assert.ok(signals() > before, 'the 1m instance signalled on candles after the resync');
  } finally {
    await session.close();
  }
});

test('candles that closed while the link was down, arriving together at the resync, are seen in order but acted on only at the newest: no burst of stale trades', async () => {
  const { session, venue } = await replaySession();
  try {
    const id = (await session.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '200USDT', params: { fast: 2, slow: 4 } })).id;
    for (let i = 0; i < 5 && venue.next(); i++) await session.strategiesIdle();
    const key = `${venue.venue}:BTC/USDT:1m`;
    const last = session.state().market.candles[key]!.at(-1)!;
    // 24 missed minutes of a zigzag sharp enough to cross the averages again and again.
    const missed: DomainEvent[] = Array.from({ length: 24 }, (_, k) => {
      const c = last.c * (Math.floor(k / 3) % 2 === 0 ? 1.05 : 0.95);
      return { type: 'market/candle', data: { venue: venue.venue, symbol: 'BTC/USDT', timeframe: '1m', candle: { t: last.t + (k + 1) * 60_000, o: c, h: c, l: c, c, v: 1 }, closed: true } };
    });
    const orderCount = (): number => session.state().ledger.orderCount;
    const orders = orderCount();
    let signals = 0;
    const stop = session.store.observe((batch) => {
      for (const env of batch) if (env.event.type === 'strategy/signal' && env.event.data.strategyId === id) signals++;
    });
    session.dispatch(missed);
    await session.strategiesIdle();
    stop();
    const v = session.strategies().find((x) => x.id === id)!;
    assert.equal(v.status, 'running');
    assert.ok(signals <= 1, `${signals} signals from one catch-up batch`);
    assert.ok(orderCount() - orders <= 1, `${orderCount() - orders} orders from one catch-up batch`);
  } finally {
    await session.close();
  }
});
