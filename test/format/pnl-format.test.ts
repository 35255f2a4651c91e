import assert from 'node:assert/strict';
import { test } from 'node:test';
import { takenOverText } from '../../source/format/pnl-format.js';

test('what manual took over of an instance\'s position is said in the words of its market: closed (a perpetual), sold or moved (spot)', () => {
  assert.equal(takenOverText({ id: 'sma-ls-1', symbol: 'BTC/USDT:USDT', qty: -0.05000000000000001, unrealised: -40.944 }), 'manual takes over -0.05 BTC of sma-ls-1 (closed outside it): unrealised -40.94 USDT at its entry');
  assert.equal(takenOverText({ id: 'sma-1', symbol: 'ETH/BTC', qty: 0.0095, unrealised: 0.00012 }), 'manual takes over 0.0095 ETH of sma-1 (sold or moved outside it): unrealised +0.00012000 BTC at its entry');
});
