import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BracketEnded } from '../../../source/domain/index.js';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../../source/app/session/session.js';

/** A session on the simulated exchange whose market moves only when the test ticks it. */
async function simSession(seed: number): Promise<{ s: Session; tick: () => void }> {
  let now = 1_700_000_000_000;
  const venue = new SimVenue({ seed, clock: () => now, tickMs: 0 });
  const s = await createSession({ persist: false, venue, clock: () => now });
  return { s, tick: () => { now += 1000; venue.tick(); } };
}

const ended = (s: Session): BracketEnded[] => s.history({ type: 'bracket/ended' }).flatMap((e) => (e.event.type === 'bracket/ended' ? [e.event.data] : []));

/** Waits (without timing anything) until `cond` holds: the exits are placed a few promise turns after the fill. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(cond(), 'the condition came true');
}

test('bracket buy on paper/sim: entry fills, one OCO of take-profit and stop-loss for what filled, the first exit to fill cancels the other', async () => {
  for (const seed of [3, 5]) {
    const { s, tick } = await simSession(seed);
    try {
      const sym = 'BTC/USDT';
      const p = s.ticker(sym).last;
      const r = await s.bracket({ symbol: sym, side: 'buy', qty: 0.01, tp: Math.round(p * 1.002), sl: Math.round(p * 0.998) });
      assert.ok(r.ok && r.order.status === 'filled', JSON.stringify(r));
      await until(() => ended(s).length === 1);
      const end = ended(s)[0];
      if (end.outcome !== 'placed') assert.fail(JSON.stringify(end));
      assert.equal(end.qty, 0.01, 'exits for exactly what filled');
      const [tp, sl] = end.orderIds.map((id) => s.state().ledger.orders[id]);
      assert.deepEqual([tp.side, tp.type, tp.price, tp.qty], ['sell', 'limit', Math.round(p * 1.002), 0.01]);
      assert.deepEqual([sl.side, sl.stopPrice, sl.ocoWith, sl.qty], ['sell', Math.round(p * 0.998), tp.id, 0.01]);
      assert.equal(s.state().ledger.brackets?.[r.order.id], undefined, 'the state holds only brackets still waiting');
      for (let i = 0; i < 5000 && (tp.status === 'open' && s.state().ledger.orders[tp.id].status === 'open' && s.state().ledger.orders[sl.id].status === 'open'); i++) tick();
      const legs = [s.state().ledger.orders[tp.id], s.state().ledger.orders[sl.id]];
      assert.equal(legs.filter((o) => o.status === 'filled').length, 1, `seed ${seed}: one exit filled (${legs.map((o) => o.status).join(' ')})`);
      assert.equal(legs.filter((o) => o.status === 'cancelled').length, 1, `seed ${seed}: the other was cancelled`);
      const sold = s.trades().filter((f) => end.orderIds.includes(f.orderId)).reduce((a, f) => a + f.qty, 0);
      assert.equal(Math.round(sold * 1e8) / 1e8, 0.01, 'the exits sold what the entry bought, once');
    } finally {
      await s.close();
    }
  }
});

test('bracket: a resting limit entry keeps its bracket until done; cancelled unfilled it needs no exits; bad exits are refused before anything is placed', async () => {
  const { s } = await simSession(7);
  try {
    const sym = 'BTC/USDT';
    const p = s.ticker(sym).last;
    const low = Math.round(p * 0.5);
    const bad = await s.bracket({ symbol: sym, side: 'buy', qty: 0.01, price: low, tp: low - 10, sl: low - 20 });
    assert.ok(!bad.ok && bad.refusal.code === 'order.terms' && bad.refusal.field === 'tp', JSON.stringify(bad));
    assert.equal(s.orders().length, 0, 'nothing placed');
    // What the daemon's socket may pass on: refusals as data, never a throw.
    for (const junk of [null, { symbol: sym, side: 'buy', qty: 0.01 }, { symbol: sym, side: 'buy', qty: 0.01, tp: 'x', sl: 1 }]) {
      const r = await s.bracket(junk as never);
      assert.ok(!r.ok && ['market.unknown', 'price.invalid'].includes(r.refusal.code), JSON.stringify(r));
    }
    const nul = await s.order(null as never);
    assert.ok(!nul.ok && nul.refusal.code === 'market.unknown');
    assert.equal(s.orders({ all: true }).length, 0, 'nothing placed');
    const r = await s.bracket({ symbol: sym, side: 'buy', qty: 0.01, price: low, tp: Math.round(p * 0.6), sl: Math.round(p * 0.4) });
    assert.ok(r.ok && r.order.status === 'open', JSON.stringify(r));
    assert.equal(s.state().ledger.brackets?.[r.order.id]?.tp, Math.round(p * 0.6), 'the bracket is in the ledger with its entry');
    assert.deepEqual(s.history({ type: 'bracket/set' }).map((e) => e.seq), [s.history({ type: 'order/submitted' }).find((e) => e.event.type === 'order/submitted' && e.event.data.order.id === r.order.id)!.seq + 1], 'recorded in the same batch as the entry');
    const c = await s.cancelAll(sym);
    assert.deepEqual(c, { cancelled: [r.order.id], problems: [] });
    await until(() => ended(s).length === 1);
    assert.deepEqual(ended(s).map((e) => e.outcome), ['void']);
    assert.equal(s.orders().length, 0);
  } finally {
    await s.close();
  }
});

test('cancelAll: every open order of the venue, or of one market; an unknown market is a refusal in the answer', async () => {
  const { s } = await simSession(9);
  try {
    const b = s.ticker('BTC/USDT').last;
    const e = s.ticker('ETH/USDT').last;
    const ids = [];
    for (const r of [await s.buy('BTC/USDT', 0.001, Math.round(b * 0.5)), await s.buy('BTC/USDT', 0.001, Math.round(b * 0.6)), await s.buy('ETH/USDT', 0.01, Math.round(e * 0.5))]) {
      assert.ok(r.ok);
      ids.push(r.order.id);
    }
    assert.deepEqual(await s.cancelAll('btcusdt'), { cancelled: ids.slice(0, 2), problems: [] });
    assert.deepEqual(s.orders().map((o) => o.id), [ids[2]]);
    const bad = await s.cancelAll('NOPE/USDT');
    assert.deepEqual(bad.cancelled, []);
    assert.equal(bad.problems[0].code, 'market.unknown');
    assert.deepEqual(await s.cancelAll(), { cancelled: [ids[2]], problems: [] });
  } finally {
    await s.close();
  }
});

test('bracket: on a venue that cannot place the OCO of exits, the bracket is refused before its entry leaves (never an unprotected fill)', async () => {
  let now = 1_700_000_000_000;
  const venue = new SimVenue({ seed: 11, clock: () => now, tickMs: 0 });
  // A venue like a ccxt exchange without order lists: everything else as the simulated one.
  Object.defineProperty(venue, 'stopOrders', { value: false });
  const s = await createSession({ persist: false, venue, clock: () => now });
  try {
    const sym = 'BTC/USDT';
    const p = s.ticker(sym).last;
    const r = await s.bracket({ symbol: sym, side: 'buy', qty: 0.01, tp: Math.round(p * 1.002), sl: Math.round(p * 0.998) });
    assert.ok(!r.ok && r.refusal.code === 'venue.unsupported', JSON.stringify(r));
    assert.equal(s.orders().length, 0, 'no entry was placed');
    assert.equal(ended(s).length, 0);
  } finally {
    await s.close();
  }
});
