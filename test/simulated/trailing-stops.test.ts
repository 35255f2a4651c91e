import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MatchingEngine } from '../../source/adapters/simulated/matching-engine.js';
import type { DomainEvent, OrderBook } from '../../source/domain/index.js';
import { withTrail } from '../../source/engine/trailing-stop.js';
import { BTC, order } from '../helpers/fixtures.js';

/** Trailing stops on the simulated exchange: held, trailed on trades, fired once as a market order. */
const book: OrderBook = { venue: 'sim', symbol: 'BTC/USDT', bids: [[99, 1], [98, 2]], asks: [[101, 1], [102, 1]], ts: 1 };

function engine() {
  return new MatchingEngine({ venue: 'sim', instruments: [BTC], makerFee: 0.001, takerFee: 0.001, balances: { USDT: { free: 1000, locked: 0 }, BTC: { free: 1, locked: 0 } }, clock: () => 7 });
}
const types = (evs: DomainEvent[]) => evs.map((e) => e.type);
const trails = (evs: DomainEvent[]) => evs.flatMap((e) => (e.type === 'runtime/trail' ? [e.data.trigger] : []));

test('a trailing sell holds its base, moves on new highs only, and fires once', () => {
  const e = engine();
  const o = { ...order('1', { side: 'sell', type: 'market', price: undefined, qty: 1 }), ...withTrail({ venue: 'sim', symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 1, trailing: { distance: 10, unit: 'price' } }, 100) };
  assert.equal(o.stopPrice, 90);
  const placed = e.submit(o, book);
  assert.ok(!types(placed).includes('order/rejected'), JSON.stringify(placed));
  assert.deepEqual(e.balanceOf('BTC'), { free: 0, locked: 1 });
  assert.deepEqual(trails(e.onTrade('BTC/USDT', 105, book)), [95]);
  assert.deepEqual(e.onTrade('BTC/USDT', 104, book), [], 'no new high: nothing said');
  assert.deepEqual(trails(e.onTrade('BTC/USDT', 108, book)), [98]);
  const fired = e.onTrade('BTC/USDT', 98, book);
  assert.deepEqual(types(fired).filter((t) => t.startsWith('order/')), ['order/triggered', 'order/filled']);
  const notice = fired.find((x) => x.type === 'system/notice');
  assert.match(notice?.type === 'system/notice' ? notice.data.message : '', /trailing stop 98/);
  assert.deepEqual(e.balanceOf('BTC'), { free: 0, locked: 0 });
  assert.deepEqual(e.onTrade('BTC/USDT', 50, book), [], 'fired once');
});

test('a trailing buy with an activation price waits for it, then trails the lows', () => {
  const e = engine();
  const req = withTrail({ venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 1, trailing: { distance: 5, unit: 'percent', activation: 90 } }, 100);
  const o = { ...order('2', { side: 'buy', type: 'market', price: undefined, qty: 1 }), ...req };
  e.submit(o, book);
  assert.deepEqual(e.onTrade('BTC/USDT', 120, book), [], 'not active: a rise sets nothing off');
  assert.deepEqual(trails(e.onTrade('BTC/USDT', 90, book)).map((t) => Math.round(t * 100) / 100), [94.5]);
  assert.deepEqual(trails(e.onTrade('BTC/USDT', 80, book)), [84]);
  assert.ok(types(e.onTrade('BTC/USDT', 84, book)).includes('order/filled'));
});

test('a cancelled trailing stop releases its hold and never fires; a restored one trails from its trigger as placed', () => {
  const e = engine();
  const o = { ...order('3', { side: 'sell', type: 'market', price: undefined, qty: 1 }), ...withTrail({ venue: 'sim', symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 1, trailing: { distance: 10, unit: 'price' } }, 100) };
  e.submit(o, book);
  e.cancel('3');
  assert.deepEqual(e.balanceOf('BTC'), { free: 1, locked: 0 });
  assert.deepEqual(e.onTrade('BTC/USDT', 10, book), []);
  const again = engine();
  again.restore({ ...o, status: 'open' });
  assert.deepEqual(trails(again.onTrade('BTC/USDT', 101, book)), [91]);
});
