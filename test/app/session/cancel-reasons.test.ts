import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { cancelReason } from '../../../source/domain/index.js';

/*
 * A cancel's recorded reason says who asked: the trader, a strategy (re-laying or stopping),
 * flatten (and the protection that set it off), an amend. Before, every one read
 * "cancelled by user", so a trader away was told they had cancelled a grid's orders.
 */

test('the trader\'s cancel, an amend and flatten each record who cancelled', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 11 });
  try {
    assert.ok((await session.buy('BTC/USDT', 0.02)).ok);
    const last = session.ticker('BTC/USDT').last;
    const a = await session.buy('BTC/USDT', 0.001, Math.round(last * 0.5));
    const stop = await session.order({ symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 0.003, stopPrice: Math.round(last * 0.6) });
    const b = await session.buy('BTC/USDT', 0.001, Math.round(last * 0.55));
    const c = await session.sell('BTC/USDT', 0.002, Math.round(last * 2));
    assert.ok(a.ok && stop.ok && b.ok && c.ok);
    const reason = (id: string): string | undefined => session.state().ledger.orders[id].reason;

    assert.ok((await session.cancel(a.order.id)).ok);
    assert.equal(reason(a.order.id), 'cancelled by the trader');
    assert.ok((await session.cancel(stop.order.id)).ok);
    assert.equal(reason(stop.order.id), 'cancelled by the trader (stop not triggered)');
    const amended = await session.amend(b.order.id, { price: Math.round(last * 0.52) });
    assert.ok(amended.ok, JSON.stringify(amended));
    assert.equal(reason(b.order.id), 'cancelled by amend (replaced by a new order)');

    const f = await session.flatten({ reason: 'away', source: 'shell' });
    assert.ok(f.cancelled.includes(c.order.id));
    assert.equal(reason(c.order.id), 'cancelled by flatten (trading halted)');
  } finally {
    await session.close();
  }
});

test('a grid\'s orders cancelled as it stops read that the strategy cancelled them; inside a flatten, that the flatten did', async () => {
  const series = generateCandles(600, { seed: 11, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series, fee: 0.001 });
  const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 } });
  try {
    const c0 = series.c[0];
    const step = Math.round(c0 * 0.002);
    const lower = Math.round(c0) - 6 * step;
    const v = await session.startStrategy({ strategy: 'grid', symbol: 'BTC/USDT', size: '100USDT', params: { lower, upper: lower + 12 * step, levels: 13 } });
    const w = await session.startStrategy({ strategy: 'grid', symbol: 'BTC/USDT', size: '100USDT', params: { lower: lower - step, upper: lower + 11 * step, levels: 13 } });
    for (let i = 0; i < 3; i++) {
      venue.next();
      await session.strategiesIdle();
    }
    const cancelledOf = (id: string) => Object.values(session.state().ledger.orders).filter((o) => o.strategyId === id && o.status === 'cancelled');
    const before = cancelledOf(v.id).length;
    await session.stopStrategy(v.id);
    const gone = cancelledOf(v.id).slice(before);
    assert.ok(gone.length > 0, 'its resting orders were cancelled');
    for (const o of gone) assert.equal(o.reason, `cancelled by strategy ${v.id} as it stopped`);

    // Flatten stops a strategy first, and its orders go as it stops: they read the flatten, the
    // halt a trader away is told of (they read "by strategy ... as it stopped" before).
    const resting = Object.values(session.state().ledger.orders).filter((o) => o.strategyId === w.id && (o.status === 'open' || o.status === 'partially_filled')).map((o) => o.id);
    assert.ok(resting.length > 0, 'the other grid rests orders');
    const f = await session.flatten({ reason: 'away', source: 'shell' });
    assert.deepEqual(f.stopped, [w.id]);
    for (const id of resting) assert.ok(f.cancelled.includes(id), `the answer counts order ${id} among its cancels`);
    for (const id of resting) assert.equal(session.state().ledger.orders[id].reason, 'cancelled by flatten (trading halted)', `order ${id}`);
  } finally {
    await session.close();
  }
});

test('each asker has its own words; a protection is named', () => {
  assert.equal(cancelReason({ by: 'strategy', id: 'grid-BTCUSDT-1m-1' }), 'cancelled by strategy grid-BTCUSDT-1m-1');
  assert.equal(cancelReason({ by: 'halt', rule: 'protect.maxDrawdownPercent' }), 'cancelled by flatten (trading halted by protection protect.maxDrawdownPercent)');
  assert.match(cancelReason({ by: 'arb' }), /^cancelled by atapi: /);
  assert.match(cancelReason({ by: 'oco', why: 'stop-failed' }), /OCO stop leg was not placed/);
});
