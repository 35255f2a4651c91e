import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { dayPnl, sessionDayPnl } from '../../source/engine/day-pnl.js';

const T0 = 1_700_000_000_000;

test('a session over two venues: equity and today\'s PnL are both venues\' added up, each from its own fills at its own prices; one venue is dayPnl exactly', async () => {
  const s = await createSession({ persist: false, venues: ['sim', 'sim2'], seed: 11, tickMs: 0, clock: () => T0 });
  try {
    assert.ok((await s.order({ venue: 'sim2', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.01 })).ok);
    const fills = s.fills();
    const a = dayPnl(s.state(), 'sim', fills.filter((f) => f.venue === 'sim'), T0);
    const b = dayPnl(s.state(), 'sim2', fills.filter((f) => f.venue === 'sim2'), T0);
    const both = sessionDayPnl(s.state(), s.venueIds(), fills, T0);
    assert.ok(Math.abs(both.equity.total - (a.equity.total + b.equity.total)) < 1e-9);
    assert.ok(both.equity.total > 19_000, `two accounts of 10,000 USDT each: ${both.equity.total}`);
    assert.ok(Math.abs(both.pnl - (a.pnl + b.pnl)) < 1e-9);
    assert.ok(b.pnl < 0, 'the buy paid its fee and spread on sim2');
    assert.deepEqual(sessionDayPnl(s.state(), ['sim'], fills, T0), dayPnl(s.state(), 'sim', fills, T0));
  } finally {
    await s.close();
  }
});
