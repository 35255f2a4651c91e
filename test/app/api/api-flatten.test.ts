import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiFixture } from './api-fixture.js';

test('api flatten: stops every strategy, cancels every order, refuses orders (409) until resume', async () => {
  const f = await apiFixture();
  try {
    const s = f.session;
    await s.startStrategy({ strategy: 'sma', symbol: 'ETH/USDT' });
    const limit = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'sell', quantity: 0.001, price: Math.round(s.ticker('BTC/USDT').last * 1.03) } });
    assert.equal(limit.status, 422, 'nothing to sell yet: a refusal, not an order');
    const buy = await f.call('POST', '/api/v1/orders', { body: { symbol: 'ETH/USDT', side: 'buy', quantity: 0.1, price: Math.round(s.ticker('ETH/USDT').last * 0.97) } });
    assert.equal(buy.status, 201);

    const flat = await f.call('POST', '/api/v1/flatten', { body: { reason: 'test' } });
    assert.equal(flat.status, 200, JSON.stringify(flat.body));
    assert.deepEqual(flat.body.cancelled, [buy.body.id]);
    assert.equal(flat.body.stopped.length, 1);
    assert.equal(s.orders().length, 0, 'no open order is left');
    assert.ok(s.strategies().every((x) => x.status === 'stopped'));
    const status = (await f.call('GET', '/api/v1/status')).body;
    assert.equal(status.halted.reason, 'test');
    assert.equal(status.halted.source, 'api');

    const refused = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.001 } });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(s.orders({ all: true }).filter((o) => o.status === 'filled').length, 0);

    const resumed = await f.call('POST', '/api/v1/resume');
    assert.equal(resumed.status, 200);
    assert.equal(resumed.body.halted, null);
    assert.equal((await f.call('GET', '/api/v1/status')).body.halted, undefined);
    assert.equal((await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.001 } })).status, 201, 'orders are taken again');
  } finally {
    await f.close();
  }
});
