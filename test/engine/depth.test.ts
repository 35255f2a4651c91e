import assert from 'node:assert/strict';
import { test } from 'node:test';
import { depthBar, depthLadder } from '../../source/engine/depth.js';

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
