import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { simProfile } from '../../../source/app/session/sim-venues.js';
import { extractGlobalOptions } from '../../../source/cli/global-options.js';
import { entryLedgerName, entryVenues } from '../../../source/app/session/open-session.js';

const T0 = 1_700_000_000_000;

test('--venues sim,sim2: one session, one ledger, each venue its own book, balances and fee schedule; prices related but not equal', async () => {
  const s = await createSession({ persist: false, venues: ['sim', 'sim2'], seed: 11, tickMs: 0, clock: () => T0 });
  try {
    assert.deepEqual(s.venueIds(), ['sim', 'sim2']);
    assert.equal(s.venue, 'sim');
    assert.equal(s.label, 'SIM + SIM2');
    const a = s.state().market.tickers['sim:BTC/USDT']!;
    const b = s.state().market.tickers['sim2:BTC/USDT']!;
    assert.notEqual(a.last, b.last, 'the two venues quote different prices');
    assert.ok(Math.abs(a.last / b.last - 1) < 0.02, `related prices: ${a.last} and ${b.last}`);
    assert.equal(s.balance('sim').USDT.free, 10_000);
    assert.equal(s.balance('sim2').USDT.free, 10_000);
    const inst2 = s.state().market.instruments['sim2:BTC/USDT']!;
    assert.equal(inst2.takerFee, simProfile('sim2', 11).fees!.taker);
    assert.equal(s.state().market.instruments['sim:BTC/USDT']!.takerFee, undefined, 'the first sim is the plain simulated exchange');

    const r = await s.order({ venue: 'sim2', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.01 });
    assert.ok(r.ok && r.order.status === 'filled' && r.order.venue === 'sim2', JSON.stringify(r));
    assert.equal(s.balance('sim2').BTC.free, 0.01);
    assert.equal(s.balance('sim').BTC, undefined, 'the other venue is untouched');
    assert.equal(s.trades().at(-1)!.venue, 'sim2');
    const fee = s.trades().at(-1)!.fee;
    assert.ok(Math.abs(fee - 0.01 * s.trades().at(-1)!.price * inst2.takerFee!) < 1e-6, `sim2's own fee: ${fee}`);

    const own = await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.01 });
    assert.ok(own.ok && own.order.venue === 'sim', 'no venue named: the session\'s own');
    assert.deepEqual(s.orders({ all: true }).map((o) => o.venue).sort(), ['sim', 'sim2']);

    const bad = await s.order({ venue: 'kraken', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.01 });
    assert.ok(!bad.ok && bad.refusal.code === 'order.venue' && bad.refusal.field === 'venue', JSON.stringify(bad));
    assert.match(bad.error, /sim, sim2/);
  } finally {
    await s.close();
  }
});

test('a single venue is as before: venueIds is the one venue, no fee on its instruments', async () => {
  const s = await createSession({ persist: false, seed: 11, tickMs: 0, clock: () => T0 });
  try {
    assert.deepEqual(s.venueIds(), ['sim']);
    assert.equal(s.label, 'SIM');
  } finally {
    await s.close();
  }
});

test('the same seed draws one path: sim2 without its skew would quote what sim quotes', () => {
  const plain = new SimVenue({ seed: 4, clock: () => T0, tickMs: 0 });
  const skewed = new SimVenue({ venue: 'sim2', seed: 4, clock: () => T0, tickMs: 0, skew: { offset: 0.01, noise: 0, revertSeconds: 60, seed: 1 } });
  const p = plain.market.prices()['BTC/USDT'];
  assert.equal(skewed.market.prices()['BTC/USDT'], p, 'the path kept for a restart is the shared one');
  const quoted = skewed.market.book('BTC/USDT')!.bids[0][0];
  assert.ok(Math.abs(quoted / p - 1.01) < 0.001, `quoted ${quoted} is the path ${p} plus 1%`);
});

test('latency: an order reaches the matching engine on the first tick after its latency, on the market as it is then; a cancel overtakes it', async () => {
  let now = T0;
  const events: { type: string; data: { id?: string; fill?: { orderId: string } } }[] = [];
  const filled = (id: string): boolean => events.some((e) => e.type === 'order/filled' && e.data.fill?.orderId === id);
  // A timer that never fires on its own: the test ticks.
  const v = new SimVenue({ venue: 'sim2', seed: 4, clock: () => now, tickMs: 1e9, latencyMs: 100, backfillMinutes: 0 });
  const { createStore } = await import('../../../source/store/index.js');
  const store = createStore({ clock: () => now });
  await v.start((e) => { events.push(...(e as never[])); store.dispatch(e); }, store.getState().ledger);
  try {
    const order = { id: '1', venue: 'sim2', symbol: 'BTC/USDT', side: 'buy' as const, type: 'market' as const, qty: 0.01, filledQty: 0, status: 'submitted' as const, createdAt: now };
    await v.submit(order as never);
    assert.ok(!filled('1') && !events.some((e) => e.type === 'order/accepted'), 'nothing before the latency');
    now += 50;
    v.tick();
    assert.ok(!filled('1'), 'still on its way');
    now += 60;
    v.tick();
    assert.ok(filled('1'), 'filled once it arrived');
    await v.submit({ ...order, id: '2' } as never);
    await v.cancel({ ...order, id: '2' } as never);
    assert.ok(events.some((e) => e.type === 'order/cancelled' && e.data.id === '2'));
    now += 200;
    v.tick();
    assert.ok(!filled('2'), 'the cancelled one never traded');
  } finally {
    await v.stop();
    await store.close();
  }
});

test('--venues on the command line, the setting, and the ledger they share', () => {
  const { options } = extractGlobalOptions(['--venues', 'sim,SIM2', 'balance'], {});
  assert.deepEqual(options.venues, ['sim', 'sim2']);
  assert.equal(options.exchange, 'sim');
  assert.throws(() => extractGlobalOptions(['--venues', 'sim,sim'], {}), /sim twice/);
  assert.throws(() => extractGlobalOptions(['--venues', 'sim,', 'x'], {}), /separated by commas/);
  assert.throws(() => extractGlobalOptions(['--exchange', 'binance', '--venues', 'sim,sim2'], {}), /one of --exchange and --venues/);
  const entry = { exchange: 'sim', venues: ['sim', 'sim2'], dataDir: '/nonexistent', noPersist: true };
  assert.deepEqual(entryVenues(entry), ['sim', 'sim2']);
  assert.equal(entryLedgerName(entry, false), 'sim_sim2');
  assert.deepEqual(entryVenues({ exchange: 'sim', dataDir: '/nonexistent', noPersist: true }), ['sim']);
});
