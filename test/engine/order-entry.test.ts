import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../source/app/session/session.js';
import type { Order } from '../../source/domain/index.js';
import type { EventSink, VenuePort } from '../../source/engine/ports.js';
import type { LedgerState } from '../../source/store/index.js';

/** ccxt's class names, as the venue would throw them. */
class NetworkError extends Error {}
class RequestTimeout extends NetworkError {}
class InvalidOrder extends Error {}

/** The simulated venue, except that `submit` throws what it is told to. */
class Throwing implements VenuePort {
  readonly venue: string;
  readonly label = 'THROWING';
  error: Error = new RequestTimeout('binance POST /api/v3/order request timed out (10000 ms)');
  constructor(private readonly inner: SimVenue) {
    this.venue = inner.venue;
  }
  start(sink: EventSink, ledger: LedgerState): Promise<void> {
    return this.inner.start(sink, ledger);
  }
  stop(): Promise<void> {
    return this.inner.stop();
  }
  async submit(_order: Order): Promise<void> {
    throw this.error;
  }
  cancel(order: Order): Promise<void> {
    return this.inner.cancel(order);
  }
}

test('defect 2: a network error thrown by the venue leaves the order unknown; an exchange refusal rejects it', async () => {
  const venue = new Throwing(new SimVenue({ seed: 5, clock: () => 1_700_000_000_000, tickMs: 0 }));
  const s = await createSession({ persist: false, venue, clock: () => 1_700_000_000_000 });
  try {
    const r = await s.buy('BTC/USDT', 0.001);
    assert.ok(r.ok);
    assert.equal(r.order.status, 'unknown');
    assert.match(r.order.reason!, /request timed out.*it may have been placed/);
    venue.error = new InvalidOrder('binance {"code":-1013,"msg":"Filter failure: LOT_SIZE"}');
    const r2 = await s.buy('BTC/USDT', 0.001);
    assert.equal(r2.ok && r2.order.status, 'rejected');
  } finally {
    await s.close();
  }
});

test('typed refusals end to end: a risk refusal carries its code, an exchange refusal is recorded with one, a socket code means unknown', async () => {
  const venue = new Throwing(new SimVenue({ seed: 5, clock: () => 1_700_000_000_000, tickMs: 0 }));
  const s = await createSession({ persist: false, venue, clock: () => 1_700_000_000_000 });
  try {
    const big = await s.buy('BTC/USDT', 5);
    assert.equal(big.ok, false);
    assert.equal(!big.ok && big.refusal.code, 'risk.notional');
    assert.equal(!big.ok && big.error, !big.ok && big.refusal.text, 'one line, the refusal\'s');
    // Node's socket error: known by its code, whatever its words.
    venue.error = Object.assign(new Error('read failed'), { code: 'ECONNRESET' });
    const lost = await s.buy('BTC/USDT', 0.001);
    assert.equal(lost.ok && lost.order.status, 'unknown');
    // Words that sound like a timeout, from an exchange that said no: rejected, with the code recorded.
    venue.error = new InvalidOrder('binance {"code":-1013,"msg":"socket hang up, timed out, ECONNRESET"}');
    const no = await s.buy('BTC/USDT', 0.001);
    assert.equal(no.ok && no.order.status, 'rejected');
    const cancel = await s.cancel('999');
    assert.equal(!cancel.ok && cancel.refusal.code, 'order.not-found');
  } finally {
    await s.close();
  }
});

test('a refusal of the pre-trade checks is recorded as order/refused (what was asked, the refusal), and shown in the log; a malformed request is recorded without its bad fields', async () => {
  const now = 1_700_000_000_000;
  const s = await createSession({ persist: false, venue: new SimVenue({ seed: 5, clock: () => now, tickMs: 0 }), clock: () => now });
  try {
    const big = await s.buy('BTC/USDT', 5);
    assert.ok(!big.ok && big.refusal.code === 'risk.notional');
    const bad = await s.buy('BTC/USDT', Number.NaN);
    assert.ok(!bad.ok);
    const refused = s.history({ type: 'order/refused' }).flatMap((e) => (e.event.type === 'order/refused' ? [e.event.data] : []));
    assert.equal(refused.length, 2);
    assert.deepEqual(refused[0].order, { venue: s.venue, symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 5 });
    assert.equal(refused[0].reason.code, 'risk.notional');
    assert.equal(refused[1].order.qty, undefined, 'NaN is not recorded as a quantity');
    assert.equal(refused[1].reason.code, bad.ok ? '' : bad.refusal.code);
    assert.equal(s.orders().length, 0, 'nothing was placed');
  } finally {
    await s.close();
  }
});
