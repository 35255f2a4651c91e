import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { arbCommand } from '../../../source/shell/commands/arb.js';
import { SPOT_FEES } from '../../../source/engine/fees.js';

const T0 = 1_700_000_000_000;

test('arb scan over sim and sim2: every shared market, the best direction at the size, net of both venues\' fees, inventory per venue; stale books flagged', async () => {
  let now = T0;
  const s = await createSession({ persist: false, venues: ['sim', 'sim2'], seed: 11, tickMs: 0, clock: () => now });
  try {
    const rows = s.arbScan();
    assert.ok(rows.length >= 5, `${rows.length} markets`);
    const btc = s.arbScan({ symbol: 'btc/usdt', size: '0.05BTC' })[0];
    assert.equal(btc.symbol, 'BTC/USDT');
    const e = btc.best!;
    assert.notEqual(e.buyVenue, e.sellVenue);
    assert.equal(e.qty, 0.05);
    const fee = (v: string): number => s.state().market.instruments[`${v}:BTC/USDT`]!.takerFee ?? SPOT_FEES.taker;
    const expectFees = e.buyAvg * e.qty * fee(e.buyVenue) + e.sellAvg * e.qty * fee(e.sellVenue);
    assert.ok(Math.abs(e.fees - expectFees) < 1e-6, `${e.fees} vs ${expectFees}`);
    assert.ok(Math.abs(e.net - (e.gross - e.fees)) < 1e-9);
    assert.deepEqual(btc.inventory.map((i) => [i.venue, i.base, i.quote]), [['sim', 0, 10_000], ['sim2', 0, 10_000]]);
    // No base held anywhere: the sell leg cannot come from inventory.
    assert.ok(e.problems.some((p) => p.code === 'arb.inventory'));
    now += 60_000;
    assert.ok(s.arbScan({ symbol: 'BTC/USDT' })[0].best!.problems.some((p) => p.code === 'arb.stale'), 'books a minute old are stale');
    assert.throws(() => s.arbScan({ symbol: 'BTC/USDT', size: '5ETH' }), /trades BTC for USDT/);
  } finally {
    await s.close();
  }
});

test('arb scan needs two venues; the shell command parses its words without touching the session', async () => {
  const s = await createSession({ persist: false, seed: 11, tickMs: 0, clock: () => T0 });
  try {
    assert.throws(() => s.arbScan(), /--venues sim,sim2/);
  } finally {
    await s.close();
  }
  assert.deepEqual(arbCommand.parse(['scan', 'BTC/USDT', '--size', '500USDT']), { ok: true, args: { sub: 'scan', symbol: 'BTC/USDT', size: '500USDT' } });
  assert.equal(arbCommand.parse([]).ok, false);
  assert.equal(arbCommand.parse(['scan', '--size']).ok, false);
  assert.equal(arbCommand.parse(['frobnicate']).ok, false);
  assert.deepEqual(arbCommand.parse(['txs']), { ok: true, args: { sub: 'txs' } });
});
