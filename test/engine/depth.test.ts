import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Order } from '../../source/domain/index.js';
import { bookLadder, depthBar, depthLadder, groupLevels, groupPrice, groupStep, ownOrders, restingPrice } from '../../source/engine/depth.js';

test('depth ladder: best first, cumulative quantity, at most n levels', () => {
  const rows = depthLadder([[100, 1], [99, 2], [98, 3]], 2);
  assert.deepEqual(rows, [{ price: 100, qty: 1, cumulative: 1 }, { price: 99, qty: 2, cumulative: 3 }]);
  assert.deepEqual(depthLadder([], 5), []);
});

test('depth bar: scaled to the deeper side, never empty for real depth, never wider than its room', () => {
  assert.equal(depthBar(5, 10, 20), 10);
  assert.equal(depthBar(10, 10, 20), 20);
  assert.equal(depthBar(0.0001, 10, 20), 1);
  assert.equal(depthBar(0, 10, 20), 0);
  assert.equal(depthBar(5, 0, 20), 0);
  assert.equal(depthBar(50, 10, 20), 20);
});

test('grouping: bids down to the step, asks up, quantities summed, best first; no float dust', () => {
  assert.equal(groupStep(0.01, 10), 0.1);
  assert.equal(groupStep(0.01, 1000), 10);
  assert.equal(groupPrice(104_000.37, 1, 'bid'), 104_000);
  assert.equal(groupPrice(104_000.37, 1, 'ask'), 104_001);
  assert.equal(groupPrice(104_000, 1, 'ask'), 104_000, 'a level on the step stays');
  assert.equal(groupPrice(0.30000000000000004, 0.1, 'ask'), 0.3);
  assert.deepEqual(groupLevels([[100.05, 1], [100.02, 2], [99.99, 3], [99.9, 4]], 0.1, 'bid'), [[100, 3], [99.9, 7]]);
  assert.deepEqual(groupLevels([[100.01, 1], [100.1, 2], [100.11, 3]], 0.1, 'ask'), [[100.1, 3], [100.2, 3]]);
});

test('book ladder: own orders at their level, a row of their own between levels, and counted when further out', () => {
  const bids = [[100, 1], [99, 2], [98, 3], [97, 4]] as const;
  const own = [{ price: 99, qty: 0.5 }, { price: 98.5, qty: 0.25 }, { price: 90, qty: 1 }];
  const { rows, beyond } = bookLadder(bids, own, { step: 1, side: 'bid', n: 4, grouped: false });
  assert.deepEqual(rows.map((r) => [r.price, r.qty, r.cumulative, r.own]), [[100, 1, 1, 0], [99, 2, 3, 0.5], [98.5, 0, 3, 0.25], [98, 3, 6, 0]]);
  assert.equal(beyond, 1, 'the order at 90 is further out than the rows shown');
  const grouped = bookLadder([[100.4, 1], [100.2, 2], [99.7, 3]], [{ price: 100.3, qty: 0.1 }], { step: 1, side: 'bid', n: 5, grouped: true });
  assert.deepEqual(grouped.rows.map((r) => [r.price, r.qty, r.own, r.partial === true]), [[100, 3, 0.1, false], [99, 3, 0, true]]);
  assert.equal(grouped.beyond, 0);
  const asks = bookLadder([[101, 1], [102, 1]], [{ price: 100.5, qty: 2 }], { step: 1, side: 'ask', n: 2, grouped: false });
  assert.deepEqual(asks.rows.map((r) => [r.price, r.own]), [[100.5, 2], [101, 0]], 'an own ask inside the spread is the best ask');
});

test('own orders: open limits rest at their price; a stop waits off the book until it fires', () => {
  const base = { venue: 'sim', symbol: 'BTC/USDT', type: 'limit', qty: 1, filledQty: 0.25, avgPrice: 0, fee: 0, createdAt: 0, updatedAt: 0, clientOrderId: 'x' } as const;
  const orders: Record<string, Order> = {
    1: { ...base, id: '1', side: 'buy', price: 99, status: 'open' },
    2: { ...base, id: '2', side: 'sell', price: 105, status: 'partially_filled' },
    3: { ...base, id: '3', side: 'sell', price: 90, stopPrice: 91, status: 'open' },
    4: { ...base, id: '4', side: 'sell', price: 92, stopPrice: 93, status: 'open', triggeredAt: 5 },
    5: { ...base, id: '5', side: 'buy', price: 98, status: 'filled' },
    6: { ...base, id: '6', side: 'buy', price: 98, status: 'open', symbol: 'ETH/USDT' },
    7: { ...base, id: '7', side: 'buy', type: 'market', status: 'open' },
  };
  assert.equal(restingPrice(orders[3]), undefined);
  assert.equal(restingPrice(orders[4]), 92);
  assert.deepEqual(ownOrders(orders, 'sim', 'BTC/USDT'), { bids: [{ price: 99, qty: 0.75 }], asks: [{ price: 105, qty: 0.75 }, { price: 92, qty: 0.75 }] });
});
