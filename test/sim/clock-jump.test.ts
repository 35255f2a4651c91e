import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CcxtVenue } from '../../source/adapters/ccxt/ccxt-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { SimCcxtExchange } from '../../sim/sim-ccxt-exchange.js';
import { notFilledAndRejected } from '../../sim/invariants.js';

/**
 * Found with the simulator's split clocks (the exchange keeps the world's time, atapi's wall
 * clock jumps): the window in which a sent order may still reach the exchange is measured on
 * atapi's wall clock. The order request is late (the reply times out, the look-up finds
 * nothing yet); 2 s later NTP moves the clock an hour forward; the next reconcile finds
 * nothing and decides "not placed" (rejected); 1 s after that the request reaches the
 * exchange, well inside Binance's 10 s receive window, and fills. The trader was told the
 * order was not placed, and the log holds order/rejected then order/filled.
 * Fixed: the window runs on a monotonic clock (`monotonic`, here the world's time).
 */
test('a forward clock jump does not turn an order that can still arrive into "not placed"', async () => {
  let worldNow = 1_700_000_000_000;
  let skew = 0;
  const wallClock = (): number => worldNow + skew;
  const ex = new SimCcxtExchange({ seed: 5, clock: () => worldNow });
  const sleeps: (() => void)[] = [];
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  };
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 4; i++) {
      for (const wake of sleeps.splice(0)) wake();
      await flush();
      ex.deliver();
      await flush();
    }
  };
  const venue = new CcxtVenue({
    exchange: ex, venue: 'binance-sim', label: 'BINANCE SIM', clock: wallClock, monotonic: () => worldNow, trading: true, symbols: ['BTC/USDT'],
    sleep: () => new Promise<void>((wake) => sleeps.push(wake)), random: () => 0.5,
  });
  const s = await createSession({ venue, clock: wallClock, persist: false, tickMs: 0, notifyIntervalMs: 0 });
  try {
    await flush();
    ex.failNext('createOrder', 'late');
    const placed = await s.buy('BTC/USDT', 0.001);
    assert.ok(placed.ok && placed.order.status === 'unknown');
    worldNow += 2_000;
    skew += 3_600_000;
    await settle();
    worldNow += 1_000;
    assert.equal(ex.releaseLate(), 1, 'the request reached the exchange inside its receive window');
    await settle();
    assert.equal(notFilledAndRejected(s.state().ledger, s.history()), undefined);
    assert.equal(s.orders({ all: true })[0].status, 'filled');
  } finally {
    await s.close();
  }
});
