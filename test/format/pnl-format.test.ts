import assert from 'node:assert/strict';
import { test } from 'node:test';
import { takenOverText } from '../../source/format/pnl-format.js';

test('what manual took over of an instance\'s position is said in the words of its market: closed (a perpetual), sold or moved (spot)', () => {
  assert.equal(takenOverText({ id: 'sma-ls-1', symbol: 'BTC/USDT:USDT', qty: -0.05000000000000001, entry: 79_067.66 }), 'manual takes over -0.05 BTC of sma-ls-1 (closed outside it) at its entry 79,067.66 USDT: the close is yours, on the manual line');
  assert.equal(takenOverText({ id: 'sma-1', symbol: 'ETH/BTC', qty: 0.0095, entry: 0.0312 }), 'manual takes over 0.0095 ETH of sma-1 (sold or moved outside it) at its entry 0.03120000 BTC: the close is yours, on the manual line');
});
