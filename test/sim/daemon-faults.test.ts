import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { SimDaemon } from '../../sim/daemon-faults.js';

test('simulated daemon clients: refused as their mistake, an overlong line dropped, an order whose client vanished still recorded', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 5, notifyIntervalMs: 0 });
  const d = new SimDaemon(session);
  try {
    assert.match(d.act({ kind: 'badRequest', method: 'dropTables', args: [] }), /^refused: unknown method "dropTables"/);
    assert.match(d.act({ kind: 'garbage', text: 'not json\n' }), /^refused: bad request: not JSON/);
    assert.equal(d.act({ kind: 'garbage', text: '{"id":1,"method":' }), 'client gone', 'half a line, then gone');
    assert.match(d.act({ kind: 'overlong', bytes: 10_000 }), /^refused: bad request: a line longer than 4096 bytes/);
    d.act({ kind: 'stall' });
    for (let i = 0; i < 200; i++) session.watch(i % 2 ? 'BTC/USDT' : 'ETH/USDT', i % 4 < 2);
    assert.equal(d.act({ kind: 'order', order: { symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.01 }, vanish: true }), 'client gone');
    for (let i = 0; i < 50 && session.orders({ all: true }).length === 0; i++) await new Promise((r) => setImmediate(r));
    assert.equal(session.orders({ all: true }).length, 1, 'the order went through although its client left');
    d.settle();
    assert.deepEqual(d.internalErrors, []);
  } finally {
    await d.close();
    await session.close();
  }
});
