import assert from 'node:assert/strict';
import { test } from 'node:test';
import { positionsNote } from '../../source/web/positions-note.js';

test('the status page: a perpetual near its liquidation is named beside the margin ratio, which says nothing of an isolated one', () => {
  const far = { symbol: 'BTC/USDT:USDT', side: 'BOTH', qty: -0.06, markPrice: 79_000, liquidationPrice: 118_000 };
  const near = { symbol: 'ETH/USDT:USDT', side: 'BOTH', qty: 0.8075, markPrice: 3_722.63, liquidationPrice: 3_659.15 };
  assert.equal(positionsNote(0, [far]), 'margin ratio 0.00%', 'far from it: the ratio alone, as before');
  assert.equal(positionsNote(0, [far, near]), 'margin ratio 0.00% · ETH/USDT:USDT 1.7% from liquidation');
  assert.equal(positionsNote(0.1, [{ ...near, side: 'LONG' }]), 'margin ratio 10.00% · ETH/USDT:USDT LONG 1.7% from liquidation', 'hedge mode names the side');
});
