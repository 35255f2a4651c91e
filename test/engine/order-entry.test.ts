import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../source/app/session.js';
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
