import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillRecord } from '../../../source/app/session/fill-record.js';
import { MAX_FILLS } from '../../../source/store/index.js';
import type { Fill } from '../../../source/domain/index.js';
import { periodPnl } from '../../../source/engine/pnl-period.js';
import { apiFixture } from '../api/api-fixture.js';

test('fill record: past the state\'s cap every fill is still counted (the ledger read once, then kept up), and GET pnl uses them all', async () => {
  const f = await apiFixture();
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
