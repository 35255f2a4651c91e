import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import type { Order } from '../../source/domain/index.js';
import type { EventSink, VenuePort } from '../../source/engine/ports.js';
import type { LedgerState } from '../../source/store/index.js';
import { runLine } from '../../source/shell/run-line.js';

const T0 = 1_700_000_000_000;

/** A resting limit buy of 0.01 BTC 1% under the bid. */
async function restingBuy(s: Session): Promise<Order> {
  const bid = s.book('BTC/USDT', 1).bids[0][0];
  const r = await s.buy('BTC/USDT', 0.01, Math.round(bid * 0.99));
  assert.ok(r.ok && r.order.status === 'open', r.ok ? r.order.status : r.error);
  return r.order;
}

test('amend: cancel-replace with the new price and quantity; the new order names the old; funds follow', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const old = await restingBuy(s);
    const lockedBefore = s.balance().USDT.locked;
    const r = await s.amend(old.id, { price: old.price! - 100, qty: 0.02 });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.order.status, 'open');
    assert.equal(r.order.replaces, old.id);
    assert.equal(r.order.qty, 0.02);
    assert.equal(r.order.price, old.price! - 100);
    assert.equal(s.orders({ all: true }).find((o) => o.id === old.id)?.status, 'cancelled');
    assert.deepEqual(s.orders().map((o) => o.id), [r.order.id], 'one order rests: the replacement');
    assert.ok(s.balance().USDT.locked > lockedBefore * 1.9, 'the new, larger order holds its funds');
    const types = s.history().map((e) => e.event.type).filter((t) => t.startsWith('order/'));
    assert.deepEqual(types.slice(-3), ['order/cancelled', 'order/submitted', 'order/accepted']);
    // Price only: the quantity still to fill is kept.
    const r2 = await s.amend(r.order.id, { price: old.price! });
    assert.ok(r2.ok && r2.order.qty === 0.02 && r2.order.price === old.price && r2.order.replaces === r.order.id);
  } finally {
    await s.close();
  }
});

test('amend: a change that cannot pass the risk check leaves the old order resting, untouched', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const old = await restingBuy(s);
    const n = s.history().length;
    const r = await s.amend(old.id, { qty: 1000 });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /^amend 1: order notional .* exceeds the limit/);
    assert.equal(s.orders()[0].status, 'open');
    assert.equal(s.history().length, n, 'nothing happened');
    for (const [change, why] of [[{}, /needs a new price, a new quantity/], [{ price: -1 }, /bad price -1/], [{ qty: 0.01 }, /nothing to change/]] as const) {
      const x = await s.amend(old.id, change);
      assert.match(x.ok ? '' : x.error, why);
    }
    const none = await s.amend('99', { price: 1 });
    assert.match(none.ok ? '' : none.error, /no order with id 99/);
    const market = await s.buy('BTC/USDT', 0.001);
    assert.ok(market.ok);
    const filled = await s.amend(market.order.id, { price: 1 });
    assert.match(filled.ok ? '' : filled.error, /is filled; only a resting \(open\) order can be amended/);
  } finally {
    await s.close();
  }
});

/** The simulated venue, except that the link drops just as a cancel lands. */
class DropsOnCancel implements VenuePort {
  readonly venue: string;
  readonly label = 'DROPS';
  private sink?: EventSink;
  constructor(private readonly inner: SimVenue) {
    this.venue = inner.venue;
  }
  start(sink: EventSink, ledger: LedgerState): Promise<void> {
    this.sink = sink;
    return this.inner.start(sink, ledger);
  }
  stop(): Promise<void> {
    return this.inner.stop();
  }
  submit(order: Order): Promise<void> {
    return this.inner.submit(order);
  }
  async cancel(order: Order): Promise<void> {
    await this.inner.cancel(order);
    this.sink!([{ type: 'market/connection', data: { venue: this.venue, state: 'reconnecting', detail: 'test: link dropped' } }]);
  }
}

test('amend: cancelled but the replacement refused: said plainly, and both facts are in the log', async () => {
  const venue = new DropsOnCancel(new SimVenue({ seed: 1, clock: () => T0, tickMs: 0 }));
  const s = await createSession({ persist: false, venue, clock: () => T0 });
  try {
    const old = await restingBuy(s);
    const r = await s.amend(old.id, { price: old.price! - 50 });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /^amend 1: order 1 was cancelled, but its replacement 2 was refused: not sent: the link to sim is down.*; no order is resting now$/);
    const all = s.orders({ all: true });
    assert.equal(all.find((o) => o.id === '1')?.status, 'cancelled');
    const repl = all.find((o) => o.id === '2');
    assert.equal(repl?.status, 'rejected');
    assert.equal(repl?.replaces, '1');
    const types = s.history().map((e) => e.event.type).filter((t) => t.startsWith('order/'));
    assert.deepEqual(types.slice(-3), ['order/cancelled', 'order/submitted', 'order/rejected']);
  } finally {
    await s.close();
  }
});

test('shell amend: usage errors in one line; amend ID --price P replaces; the fat-finger guard applies', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  const run = (line: string) => runLine(s, line, { source: 'shell', color: false });
  try {
    const old = await restingBuy(s);
    assert.match((await run('amend')).text, /amend needs an order id/);
    assert.match((await run('amend 1')).text, /amend needs --price, --qty, or both/);
    assert.match((await run('amend x --price 1')).text, /bad order id "x"/);
    assert.match((await run('amend 1 --price abc')).text, /bad price "abc"/);
    assert.match((await run('amend 1 --size 3')).text, /unknown option --size/);
    let out = await run(`amend 1 --price ${old.price! * 2}`);
    assert.equal(out.ok, false);
    assert.match(out.text, /^\[PAPER · SIM\] amend 1 not sent: price .* above the market .*add --force/);
    assert.equal(s.orders()[0].id, '1');
    out = await run(`amend 1 --price ${old.price! - 10} --qty=0.005`);
    assert.equal(out.ok, true, out.text);
    assert.match(out.text, /^\[PAPER · SIM\] order 1 replaced by order 2: buy 0\.005 BTC\/USDT limit [\d,]+\.\d\d open$/);
  } finally {
    await s.close();
  }
});
