import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkOrdersIntent, diffResting } from '../../source/engine/resting-orders.js';
import { limitQty } from '../../source/engine/strategy-size.js';

test('diffResting: kept orders stay, unwanted ones are cancelled, missing ones placed in the strategy\'s order', () => {
  const resting = [
    { id: '1', side: 'buy' as const, price: 90, qty: 1 },
    { id: '2', side: 'buy' as const, price: 80, qty: 1 },
    { id: '3', side: 'sell' as const, price: 110, qty: 0.5 },
  ];
  const d = diffResting([{ side: 'buy', price: 90 }, { side: 'sell', price: 110, qty: 0.5 }, { side: 'sell', price: 120, qty: 0.5 }, { side: 'buy', price: 70 }], resting);
  assert.deepEqual(d.cancel, ['2']);
  assert.deepEqual(d.place, [{ side: 'sell', price: 120, qty: 0.5 }, { side: 'buy', price: 70 }]);
});

test('diffResting: a named quantity must match (a sell of another size is replaced); no quantity matches any; two alike need two', () => {
  const resting = [{ id: '7', side: 'sell' as const, price: 110, qty: 0.4 }, { id: '8', side: 'buy' as const, price: 90, qty: 3 }];
  assert.deepEqual(diffResting([{ side: 'sell', price: 110, qty: 0.5 }, { side: 'buy', price: 90 }, { side: 'buy', price: 90 }], resting), {
    cancel: ['7'],
    place: [{ side: 'sell', price: 110, qty: 0.5 }, { side: 'buy', price: 90 }],
  });
  // Float dust in a price computed twice is the same price.
  assert.deepEqual(diffResting([{ side: 'buy', price: 0.1 + 0.2 }], [{ id: '9', side: 'buy', price: 0.3, qty: 1 }]), { cancel: [], place: [] });
  assert.deepEqual(diffResting([], resting).cancel, ['7', '8']);
});

test('checkOrdersIntent: plain data out, a clear reason for each bad field', () => {
  const ok = checkOrdersIntent({ resting: [{ side: 'buy', price: 90 }], buy: 2, reason: 'r' });
  assert.deepEqual(ok, { ok: true, intent: { resting: [{ side: 'buy', price: 90 }], buy: 2, reason: 'r' } });
  for (const [bad, why] of [
    [{ resting: [{ side: 'hold', price: 1 }], reason: '' }, /each resting order/],
    [{ resting: [{ side: 'buy', price: -1 }], reason: '' }, /price > 0/],
    [{ resting: 'x', reason: '' }, /array/],
    [{ buy: 1.5, reason: '' }, /whole number/],
    [{ sell: 0, reason: '' }, /sell is a base quantity/],
  ] as const) {
    const r = checkOrdersIntent(bad as never);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', why);
  }
});

test('limitQty: a base size as it is; a quote amount with its fee inside, floored to the lot', () => {
  assert.equal(limitQty({ kind: 'base', qty: 0.01, asset: 'BTC' }, 100, 0, 0.001), 0.01);
  assert.equal(limitQty({ kind: 'quote', amount: 100.1, asset: 'USDT' }, 100, 0, 0.001), 1);
  assert.equal(limitQty({ kind: 'quote', amount: 100, asset: 'USDT' }, 30, 0, 0, 0.01), 3.33);
  assert.equal(limitQty({ kind: 'equity', percent: 10, }, 50, 1_000, 0), 2);
});
