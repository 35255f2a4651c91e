import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import type { DomainEvent, Order } from '../../source/domain/index.js';
import type { OcoResult } from '../../source/engine/order-entry.js';
import type { EventSink, VenuePort } from '../../source/engine/ports.js';
import type { LedgerState } from '../../source/store/index.js';

/*
 * placeOco's leg-by-leg path (the simulated exchange, paper): what the take-profit limit leg
 * did at once decides the rest. Filled: done. Partly filled: the rest cancelled, the pair
 * placed again for it. Unknown: settled by a reconcile first, never reported "not placed".
 */

/** ccxt's class names, as the venue would throw them (a network error leaves an order unknown). */
class NetworkError extends Error {}
class RequestTimeout extends NetworkError {}

/**
 * The simulated exchange, except for the next plain limit order: `partial` fills half of it at
 * once (and its rest is cancelled when asked), `lost` reaches the exchange but its answer is
 * held back (the send throws a timeout) until `reconcile()` delivers it.
 */
class Scripted implements VenuePort {
  readonly venue: string;
  readonly label = 'SCRIPTED';
  readonly stopOrders = true;
  next?: 'partial' | 'lost';
  private sink!: EventSink;
  private holding = false;
  private held: DomainEvent[] = [];
  private readonly partial = new Set<string>();
  constructor(private readonly inner: SimVenue, private readonly clock: () => number) {
    this.venue = inner.venue;
  }
  start(sink: EventSink, ledger: LedgerState): Promise<void> {
    this.sink = sink;
    return this.inner.start((e) => (this.holding ? this.held.push(...e) : sink(e)), ledger);
  }
  stop(): Promise<void> {
    return this.inner.stop();
  }
  async submit(order: Order): Promise<void> {
    const script = order.type === 'limit' && order.stopPrice === undefined ? this.next : undefined;
    this.next = undefined;
    if (script === 'partial') {
      this.partial.add(order.id);
      const qty = order.qty / 2;
      const ts = this.clock();
      this.sink([
        { type: 'order/accepted', data: { id: order.id, exchangeOrderId: `x-${order.id}`, ts } },
        { type: 'order/partiallyFilled', data: { fill: { tradeId: `t-${order.id}`, orderId: order.id, venue: order.venue, symbol: order.symbol, side: order.side, qty, price: order.price!, fee: 0, feeAsset: 'USDT', liquidity: 'taker', ts } } },
      ]);
      return;
    }
    if (script === 'lost') {
      this.holding = true;
      try {
        await this.inner.submit(order);
      } finally {
        this.holding = false;
      }
      throw new RequestTimeout('binance POST /api/v3/order request timed out (10000 ms)');
    }
    return this.inner.submit(order);
  }
  async cancel(order: Order): Promise<void> {
    if (!this.partial.has(order.id)) return this.inner.cancel(order);
    this.sink([{ type: 'order/cancelled', data: { id: order.id, reason: 'cancelled by user', ts: this.clock() } }]);
  }
  /** What a reconcile would find: the answers held back. */
  reconcile(): void {
    const events = this.held;
    this.held = [];
    this.sink(events);
  }
}

async function scripted(seed = 3): Promise<{ s: Session; venue: Scripted }> {
  const now = 1_700_000_000_000;
  const venue = new Scripted(new SimVenue({ seed, clock: () => now, tickMs: 0 }), () => now);
  const s = await createSession({ persist: false, venue, clock: () => now });
  return { s, venue };
}

const order = (s: Session, id: string): Order => s.state().ledger.orders[id];

/** The OCO's orders, or the test fails with its error. */
function legs(r: OcoResult | undefined): readonly Order[] {
  if (!r) return assert.fail('no result');
  if (!r.ok) return assert.fail(r.error);
  return r.orders;
}

/** Waits (without timing anything) until `cond` holds. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(cond(), 'the condition came true');
}

test('OCO leg by leg: a take-profit leg that fills at once is done (the OCO is that order), no stop, no error', async () => {
  const now = 1_700_000_000_000;
  const s = await createSession({ persist: false, venue: new SimVenue({ seed: 3, clock: () => now, tickMs: 0 }), clock: () => now });
  try {
    const sym = 'BTC/USDT';
    assert.ok((await s.buy(sym, 0.01)).ok);
    const bid = s.ticker(sym).bid;
    // The market has passed the take-profit: a sell limit under the bid trades at once.
    const r = await s.oco({ symbol: sym, side: 'sell', qty: 0.01, price: Math.round(bid * 0.999), stopPrice: Math.round(bid * 0.99) });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.orders.length, 1);
    assert.equal(r.orders[0].status, 'filled');
    assert.equal(s.orders().filter((o) => o.stopPrice !== undefined).length, 0, 'no stop placed for a position already closed');
    assert.equal(s.balance().BTC.locked, 0);
  } finally {
    await s.close();
  }
});

test('OCO leg by leg: a take-profit leg partly filled at once has its rest cancelled and the pair placed again for the rest', async () => {
  const { s, venue } = await scripted();
  try {
    const sym = 'BTC/USDT';
    assert.ok((await s.buy(sym, 0.02)).ok);
    const p = s.ticker(sym).last;
    venue.next = 'partial';
    const r = await s.oco({ symbol: sym, side: 'sell', qty: 0.02, price: Math.round(p * 1.01), stopPrice: Math.round(p * 0.99) });
    assert.ok(r.ok, r.ok ? '' : r.error);
    const [first, tp, sl] = r.orders;
    assert.deepEqual([first.status, first.filledQty], ['cancelled', 0.01], 'the first limit leg: half filled, the rest cancelled');
    assert.deepEqual([tp.status, tp.type, tp.qty, tp.price], ['open', 'limit', 0.01, Math.round(p * 1.01)]);
    assert.deepEqual([sl.status, sl.qty, sl.stopPrice, sl.ocoWith], ['open', 0.01, Math.round(p * 0.99), tp.id], 'the stop covers the rest, linked to the new limit leg');
    assert.equal(s.balance().BTC.locked, 0.01, 'one hold, for the rest');
  } finally {
    await s.close();
  }
});

test('OCO leg by leg: a take-profit leg whose answer is lost waits for the reconcile: open -> its stop placed; filled -> done', async () => {
  const { s, venue } = await scripted();
  try {
    const sym = 'BTC/USDT';
    assert.ok((await s.buy(sym, 0.02)).ok);
    const p = s.ticker(sym).last;
    venue.next = 'lost';
    let result: OcoResult | undefined;
    void s.oco({ symbol: sym, side: 'sell', qty: 0.01, price: Math.round(p * 1.01), stopPrice: Math.round(p * 0.99) }).then((r) => (result = r));
    await until(() => s.orders().some((o) => o.status === 'unknown'));
    const lost = s.orders().find((o) => o.status === 'unknown')!;
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    assert.equal(result, undefined, 'nothing decided (nor reported "not placed") while the leg is unknown');
    assert.ok(s.history({ type: 'system/notice' }).some((e) => e.event.type === 'system/notice' && /answer for the limit order \d+ was lost/.test(e.event.data.message)), 'the trader is told why the stop waits');
    venue.reconcile();
    await until(() => result !== undefined);
    const [tp, sl] = legs(result);
    assert.equal(tp.id, lost.id);
    assert.equal(order(s, tp.id).status, 'open');
    assert.deepEqual([sl.status, sl.ocoWith, sl.qty], ['open', tp.id, 0.01]);

    // Lost, and the exchange had filled it: once settled the take-profit is done.
    const bid = s.ticker(sym).bid;
    venue.next = 'lost';
    result = undefined;
    void s.oco({ symbol: sym, side: 'sell', qty: 0.01, price: Math.round(bid * 0.999), stopPrice: Math.round(bid * 0.99) }).then((r) => (result = r));
    await until(() => s.orders().filter((o) => o.status === 'unknown').length === 1);
    venue.reconcile();
    await until(() => result !== undefined);
    assert.deepEqual(legs(result).map((o) => o.status), ['filled']);
  } finally {
    await s.close();
  }
});
