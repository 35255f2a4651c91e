import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session.js';
import { completeLine } from '../../source/shell/run-line.js';

test('tab completion: command names, then symbols where a command takes one', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    assert.deepEqual(completeLine(s, 'tic'), ['tickers', 'ticker']);
    assert.deepEqual(completeLine(s, 'b'), ['book', 'buy', 'balance']);
    assert.deepEqual(completeLine(s, 'buy bt'), ['btC/USDT']);
    assert.deepEqual(completeLine(s, 'chart ETH'), ['ETH/USDT']);
    assert.ok(completeLine(s, 'ticker ').length >= 6);
    assert.deepEqual(completeLine(s, 'buy BTC/USDT 0.1 '), [], 'no symbol expected in the quantity');
    assert.deepEqual(completeLine(s, 'orders '), []);
  } finally {
    await s.close();
  }
});
