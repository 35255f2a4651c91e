import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { isOpenStatus, type DomainEvent } from '../../../source/domain/index.js';
import { startStrategy } from '../../../source/app/strategy-runtime/strategy-host.js';
import { gridStrategy } from '../../../source/strategies/grid.js';

async function replaySession(seed = 11) {
  const series = generateCandles(600, { seed, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series, fee: 0.001 });
  const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 } });
  const c0 = series.c[0];
  const step = Math.round(c0 * 0.002);
  const lower = Math.round(c0) - 6 * step;
  return { venue, session, params: { lower, upper: lower + 12 * step, levels: 13 } };
}

const openOf = (session: Awaited<ReturnType<typeof replaySession>>['session'], id: string) => session.orders({ all: true }).filter((o) => o.strategyId === id && isOpenStatus(o.status));

test('a grid started like any strategy rests its orders through the one order path; a halt refuses its buys, recorded once as facts the trader sees', async () => {
  const { venue, session, params } = await replaySession();
  try {
    const v = await session.startStrategy({ strategy: 'grid', symbol: 'BTC/USDT', size: '100USDT', params });
    assert.match(v.id, /^grid-BTCUSDT-1m-/);
    for (let i = 0; i < 3; i++) {
      venue.next();
      await session.strategiesIdle();
    }
    const resting = () => openOf(session, v.id).filter((o) => o.type === 'limit');
    assert.ok(resting().length >= 6, `its grid rests (${resting().length} orders)`);
    assert.ok(resting().length <= params.levels - 1);
    // Halted: what it places that opens (its buys) is refused with trading.halted, as a trader's order.
    const refused: DomainEvent[] = [];
    session.store.observe((batch) => refused.push(...batch.map((e) => e.event).filter((e) => e.type === 'strategy/refused' && e.data.strategyId === v.id)));
    session.dispatch([{ type: 'trading/halted', data: { reason: 'test halt', source: 'shell', ts: venue.now } }]);
    for (const o of resting()) await session.cancel(o.id);
    for (let i = 0; i < 3; i++) {
      venue.next();
      await session.strategiesIdle();
    }
    assert.equal(session.state().ledger.strategyHolds?.[v.id]?.reason.code, 'trading.halted', 'the refusal stands as the instance\'s hold');
    assert.ok(refused.every((e) => e.type === 'strategy/refused' && e.data.reason.code === 'trading.halted'));
    assert.equal(refused.length, 1, 'the same refusal on the next candles is not news');
    assert.ok(resting().every((o) => o.side === 'sell'), 'only its sells (they take exposure off) rest while halted');
  } finally {
    await session.close();
  }
});

test('stopping a grid cancels its resting orders and keeps its position', async () => {
  const { venue, session, params } = await replaySession();
  try {
    const v = await session.startStrategy({ strategy: 'grid', symbol: 'BTC/USDT', size: '100USDT', params });
    for (let i = 0; i < 3; i++) {
      venue.next();
      await session.strategiesIdle();
    }
    assert.ok(openOf(session, v.id).length > 0);
    const r = await session.stopStrategy(v.id);
    assert.match(r.text, /stopped grid-BTCUSDT-1m-\d+; its position is kept/);
    assert.equal(openOf(session, v.id).length, 0);
  } finally {
    await session.close();
  }
});

test('a grid whose close leaves its range stops with its orders cancelled (grid.outOfRange stop), or holds its book as a recorded hold (hold)', async () => {
  for (const outOfRange of ['stop', 'hold'] as const) {
    const series = generateCandles(600, { seed: 11, timeframeMs: 60_000 });
    const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series, fee: 0.001 });
    const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 } });
    try {
      // A range so narrow the price leaves it within a few candles.
      const c0 = series.c[0];
      const host = startStrategy(session, { strategy: gridStrategy, params: { lower: Math.round(c0 * 0.999), upper: Math.round(c0 * 1.001), levels: 3 }, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', size: '100USDT', outOfRange });
      let i = 0;
      while (venue.next() && i++ < 300 && host.running() && !session.state().ledger.strategyHolds?.[host.id]) await host.idle();
      await host.idle();
      if (outOfRange === 'stop') {
        assert.equal(host.running(), false);
        assert.equal(session.state().ledger.strategies[host.id]?.status, 'stopped');
        assert.equal(openOf(session, host.id).length, 0, 'its orders cancelled');
      } else {
        assert.equal(host.running(), true);
        assert.equal(session.state().ledger.strategyHolds?.[host.id]?.reason.code, 'strategy.hold.out-of-range');
        assert.ok(openOf(session, host.id).length > 0, 'its book held');
        await host.stop();
      }
    } finally {
      await session.close();
    }
  }
});

// Walk (round 6): `stop grid-ETHUSDT-1m-1 --close` previewed "sell 0.0001 ETH (about 0.34 USDT)" (the free base) and sold 0.0334 (its sells' base, freed by the stop): flatten's preview too.
test('stop --close on a grid previews the sale of its whole holding, the base its resting sells hold included (the stop takes them off first), and sells that', async () => {
  const { venue, session, params } = await replaySession();
  try {
    const v = await session.startStrategy({ strategy: 'grid', symbol: 'BTC/USDT', size: '100USDT', params });
    for (let i = 0; i < 3; i++) {
      venue.next();
      await session.strategiesIdle();
    }
    const own = session.strategies().find((s) => s.id === v.id)!.position;
    assert.ok(own > 0 && openOf(session, v.id).some((o) => o.side === 'sell'), 'it holds base, most of it in its resting sells');
    assert.ok(session.balance().BTC.free < own, 'little of it free');
    const preview = session.closePreview(v.id);
    assert.ok(Math.abs(preview.qty - own) < 1e-5, `the preview sells its holding: ${preview.text} (holds ${own})`);
    const r = await session.stopStrategy(v.id, { close: true });
    assert.ok(r.sold, r.text);
    assert.equal(r.sold.qty, preview.qty, 'what was said is what was sold');
  } finally {
    await session.close();
  }
});
