import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossesAtOpen, limitFillPrice } from '../../source/engine/backtest/fill-model.js';

// Hand-worked candles: open, high, low.
test('a resting buy at P fills at P when the low reaches P, never at a better price; a sell when the high does', () => {
  assert.equal(limitFillPrice('buy', 95, 100, 101, 94, false), 95);
  assert.equal(limitFillPrice('buy', 95, 100, 101, 95, false), 95, 'the low exactly at P fills');
  assert.equal(limitFillPrice('buy', 95, 100, 101, 95.01, false), undefined);
  // It stood in the book: an open gapping through it still fills it at its price.
  assert.equal(limitFillPrice('buy', 95, 90, 92, 89, false), 95);
  assert.equal(limitFillPrice('sell', 105, 100, 105, 99, false), 105);
  assert.equal(limitFillPrice('sell', 105, 100, 104.99, 99, false), undefined);
  assert.equal(limitFillPrice('sell', 105, 110, 111, 109, false), 105);
});

test('a fresh limit (placed at the close before) that the open is through fills at the open; else it rests and the range decides', () => {
  assert.equal(limitFillPrice('buy', 95, 93, 96, 92, true), 93, 'opened under the buy: takes the open');
  assert.equal(limitFillPrice('buy', 95, 100, 101, 94, true), 95, 'opened over it: rests, the low reaches it');
  assert.equal(limitFillPrice('buy', 95, 100, 101, 96, true), undefined);
  assert.equal(limitFillPrice('sell', 105, 107, 108, 104, true), 107, 'opened over the sell: takes the open');
  assert.equal(limitFillPrice('sell', 105, 100, 106, 99, true), 105);
  assert.equal(crossesAtOpen('buy', 95, 95), true);
  assert.equal(crossesAtOpen('sell', 105, 104), false);
});
