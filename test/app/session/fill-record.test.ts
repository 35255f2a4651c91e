import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillRecord, orderRecord } from '../../../source/app/session/fill-record.js';
import { MAX_CLOSED_ORDERS, MAX_FILLS } from '../../../source/store/index.js';
import { runLine } from '../../../source/shell/run-line.js';
import type { Fill } from '../../../source/domain/index.js';
import { periodPnl } from '../../../source/engine/pnl-period.js';
import { apiFixture } from '../api/api-fixture.js';

test('fill record: past the state\'s cap every fill is still counted (the ledger read once, then kept up), and GET pnl uses them all', async () => {
  const f = await apiFixture({ fsync: false });
  try {
    const s = f.session;
    const trade = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) assert.ok((await s.order({ symbol: 'BTC/USDT', side: i % 2 ? 'sell' : 'buy', type: 'market', qty: 0.001 })).ok);
      await s.store.whenDurable();
    };
    const fromLedger = (): Fill[] => s.history({ type: 'order/filled' }).flatMap((e) => (e.event.type === 'order/filled' ? [e.event.data.fill] : []));
    // The state trims its list lazily, back to MAX_FILLS once it holds a quarter more.
    const held = MAX_FILLS + (MAX_FILLS >> 2);
    const all = fillRecord(s);
    await trade(10);
    assert.deepEqual(all(), s.trades(), 'under the cap: the state\'s own list');
    await trade(held);
    assert.ok(s.state().ledger.fillCount > s.trades().length, 'the state no longer holds every fill');
    assert.deepEqual(all(), fromLedger(), 'past it: every fill, in order');
    await trade(7);
    assert.deepEqual(all(), fromLedger(), 'new fills are added from the state, none twice');
    // More new fills than the state holds since the last call: the file is read again.
    await trade(held + 3);
    const every = all();
    assert.equal(every.length, 10 + held + 7 + held + 3);
    assert.deepEqual(every, fromLedger());
    const pnl = (await f.call('GET', '/api/v1/pnl?period=month')).body;
    assert.equal(pnl.byQuote.USDT.trades, every.filter((x) => x.ts >= pnl.from).length);
    assert.deepEqual(pnl, JSON.parse(JSON.stringify(periodPnl(every, 'month', pnl.to, () => s.ticker('BTC/USDT').last))));
  } finally {
    await f.close();
  }
});

test('orders --csv past the state\'s cap of closed orders: every order on record, oldest first, each in its final state', async () => {
  const f = await apiFixture({ fsync: false });
  try {
    const s = f.session;
    const n = MAX_CLOSED_ORDERS + (MAX_CLOSED_ORDERS >> 2) + 60;
    for (let i = 0; i < n; i++) assert.ok((await s.order({ symbol: 'BTC/USDT', side: i % 2 ? 'sell' : 'buy', type: 'market', qty: 0.001 })).ok);
    const p = s.ticker('BTC/USDT').last;
    const resting = await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.001, price: Math.round(p * 0.9) });
    assert.ok(resting.ok);
    await s.store.whenDurable();
    assert.ok(s.orders({ all: true }).length < n, 'the state no longer holds every order');
    const out = await runLine(s, 'orders --csv', { source: 'shell', color: false });
    assert.equal(out.ok, true, out.text);
    const rows = out.text.split('\r\n').slice(1);
    assert.equal(rows.length, n + 1, 'every order: the closed ones and the resting one');
    const ids = rows.map((r) => r.split(',')[14]);
    assert.deepEqual(ids, Array.from({ length: n + 1 }, (_, i) => String(i + 1)), 'oldest first, none twice');
    assert.match(rows[0], /,BTC\/USDT,buy,market,0\.001,,,0\.001,[\d.]+,filled,[\d.]+,USDT,1,/, 'the first order, long gone from the state, as it ended');
    assert.match(rows[n], /,limit,0\.001,\d+,,0,,open,0,,/);
    // What is recorded but not yet on disk is in the state, so the export has it too.
    const every = orderRecord(s);
    assert.equal(every.length, n + 1);
  } finally {
    await f.close();
  }
});

test('fill record: partial fills are fills too (an order filled in two trades is two rows), past the state\'s cap as well', async () => {
  const f = await apiFixture({ fsync: false });
  try {
    const s = f.session;
    const ts = s.now();
    const fill = (orderId: string, k: number, qty: number): Fill => ({ tradeId: `t${orderId}-${k}`, orderId, venue: s.venue, symbol: 'BTC/USDT', side: 'buy', qty, price: 90_000, fee: 0.01, feeAsset: 'USDT', liquidity: 'taker', ts });
    // Synthetic orders, each filled in two trades (the venue's own answer, as it would arrive).
    const orders = MAX_FILLS;
    for (let i = 1; i <= orders; i++) {
      const id = `x${i}`;
      s.store.dispatch([
        { type: 'order/submitted', data: { order: { id, clientOrderId: id, venue: s.venue, symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.002, tif: 'GTC', status: 'submitted', filledQty: 0, avgPrice: 0, fee: 0, createdAt: ts, updatedAt: ts } } },
        { type: 'order/partiallyFilled', data: { fill: fill(id, 1, 0.001) } },
        { type: 'order/filled', data: { fill: fill(id, 2, 0.001) } },
      ]);
    }
    await s.store.whenDurable();
    assert.ok(s.state().ledger.fillCount > s.trades().length, 'past the cap');
    const all = fillRecord(s)();
    assert.equal(all.length, 2 * orders);
    assert.deepEqual(all.slice(0, 2).map((x) => x.tradeId), ['tx1-1', 'tx1-2']);
  } finally {
    await f.close();
  }
});
