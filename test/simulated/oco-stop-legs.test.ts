import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MatchingEngine } from '../../source/adapters/simulated/matching-engine.js';
import type { DomainEvent, OrderBook } from '../../source/domain/index.js';
import { BTC, order } from '../helpers/fixtures.js';

/**
 * An OCO of two stops (a take-profit with a stop-loss, as Binance's OCO allows): the first leg
 * holds the funds, the second shares the hold; whichever leg is set off, cancelled or ends the
 * other, the hold is released exactly once.
 */
const book: OrderBook = { venue: 'sim', symbol: 'BTC/USDT', bids: [[99, 1], [98, 2]], asks: [[101, 1], [102, 1]], ts: 1 };

function setup() {
  const e = new MatchingEngine({ venue: 'sim', instruments: [BTC], makerFee: 0.001, takerFee: 0.001, balances: { USDT: { free: 0, locked: 0 }, BTC: { free: 1, locked: 0 } }, clock: () => 7 });
  // A sell OCO: take-profit (triggers at or above 110) first, stop-loss (at or below 90) linked to it.
  const tp = order('1', { side: 'sell', type: 'market', price: undefined, qty: 1, stopPrice: 110, stopTrigger: 'above' });
  const sl = order('2', { side: 'sell', type: 'market', price: undefined, qty: 1, stopPrice: 90, stopTrigger: 'below', ocoWith: '1' });
  const placed = [...e.submit(tp, book), ...e.submit(sl, book)];
  assert.ok(!placed.some((x) => x.type === 'order/rejected'), JSON.stringify(placed));
  assert.deepEqual(e.balanceOf('BTC'), { free: 0, locked: 1 }, 'one hold for both legs');
  return e;
}

const cancelled = (evs: DomainEvent[]) => evs.flatMap((x) => (x.type === 'order/cancelled' ? [x.data.id] : []));
const triggered = (evs: DomainEvent[]) => evs.flatMap((x) => (x.type === 'order/triggered' ? [x.data.id] : []));

test('the first (holding) leg set off cancels the second and sells once', () => {
  const e = setup();
  const evs = e.onTrade('BTC/USDT', 111, book);
  assert.deepEqual(triggered(evs), ['1']);
  assert.deepEqual(cancelled(evs), ['2']);
  assert.ok(evs.some((x) => x.type === 'order/filled'));
  assert.deepEqual(e.balanceOf('BTC'), { free: 0, locked: 0 });
  assert.deepEqual(e.onTrade('BTC/USDT', 80, book), [], 'the cancelled leg never fires');
});

test('the second (sharing) leg set off cancels the first and takes over its hold', () => {
  const e = setup();
  const evs = e.onTrade('BTC/USDT', 89, book);
  assert.deepEqual(triggered(evs), ['2']);
  assert.deepEqual(cancelled(evs), ['1']);
  assert.ok(evs.some((x) => x.type === 'order/filled'));
  assert.deepEqual(e.balanceOf('BTC'), { free: 0, locked: 0 });
});

test('cancelling either leg cancels both and releases the hold once', () => {
  for (const id of ['1', '2']) {
    const e = setup();
    const evs = e.cancel(id);
    assert.deepEqual(cancelled(evs).sort(), ['1', '2']);
    assert.deepEqual(e.balanceOf('BTC'), { free: 1, locked: 0 }, `cancel ${id}`);
  }
});

test('a second leg linked to a stop that is itself a second leg, or of another quantity, is refused', () => {
  const e = setup();
  const third = e.submit(order('3', { side: 'sell', type: 'market', price: undefined, qty: 1, stopPrice: 80, stopTrigger: 'below', ocoWith: '2' }), book);
  assert.equal(third[0].type, 'order/rejected');
  const other = new MatchingEngine({ venue: 'sim', instruments: [BTC], makerFee: 0.001, takerFee: 0.001, balances: { USDT: { free: 0, locked: 0 }, BTC: { free: 2, locked: 0 } }, clock: () => 7 });
  other.submit(order('1', { side: 'sell', type: 'market', price: undefined, qty: 1, stopPrice: 110, stopTrigger: 'above' }), book);
  const r = other.submit(order('2', { side: 'sell', type: 'market', price: undefined, qty: 2, stopPrice: 90, stopTrigger: 'below', ocoWith: '1' }), book);
  assert.equal(r[0].type, 'order/rejected');
});
