import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { orderStatusText } from '../../source/format/order-status-text.js';
import { runLine } from '../../source/shell/run-line.js';

test('an open order whose cancel was asked reads cancelling until the exchange answers; a settled one its status', () => {
  assert.equal(orderStatusText({ status: 'open', cancelAsked: { by: 'trader' } }), 'cancelling');
  assert.equal(orderStatusText({ status: 'partially_filled', cancelAsked: { by: 'trader' } }), 'cancelling');
  assert.equal(orderStatusText({ status: 'open' }), 'open');
  assert.equal(orderStatusText({ status: 'filled', cancelAsked: { by: 'trader' } }), 'filled');
});

// Walk (round 6): a cancel asked while the exchange was unreachable waited, and `orders` listed the
// order as plain "open": the trader took the cancel for lost.
test('orders lists an order whose cancel is on its way as cancelling', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const placed = await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.001, price: 50_000 });
    assert.ok(placed.ok);
    const id = placed.order.id;
    const line = async () => (await runLine(s, 'orders', { source: 'shell', color: false })).text.split('\n').find((l) => l.trim().startsWith(id)) ?? '';
    assert.match(await line(), / open /);
    // What `cancel` records before it sends (order-entry.ts): the answer has not come yet.
    s.dispatch([{ type: 'order/cancel-asked', data: { id, by: { by: 'trader' }, ts: Date.now() } }]);
    assert.match(await line(), / cancelling /);
  } finally {
    await s.close();
  }
});
