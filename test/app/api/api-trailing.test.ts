import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiFixture } from './api-fixture.js';

test('api: POST orders takes a trailing stop (trailing, activation) and tif/postOnly; bad terms are a 400 naming the field, nothing placed', async () => {
  const f = await apiFixture();
  try {
    assert.equal((await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.02 } })).status, 201);
    const bad = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'sell', quantity: 0.01, trailing: 'lots' } });
    assert.equal(bad.status, 400);
    assert.deepEqual([bad.body.code, bad.body.field], ['input.invalid', 'trailing']);
    const lonely = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'sell', quantity: 0.01, activation: 5 } });
    assert.deepEqual([lonely.status, lonely.body.field], [400, 'activation']);
    const priced = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'sell', quantity: 0.01, trailing: '2%', price: 5 } });
    assert.deepEqual([priced.status, priced.body.field], [400, 'price']);
    assert.equal(f.session.orders().length, 0);

    const r = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'sell', quantity: 0.01, trailing: '2%' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual([r.body.status, r.body.type, r.body.trailing], ['open', 'market', { distance: 2, unit: 'percent' }]);
    const listed = await f.call('GET', '/api/v1/orders');
    assert.equal(listed.body[0].trailing.unit, 'percent');

    const ask = f.session.book('BTC/USDT', 1).asks[0][0];
    const post = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.001, price: ask, postOnly: true } });
    assert.equal(post.status, 422, JSON.stringify(post.body));
    assert.equal(post.body.code, 'order.post-only');
    await f.session.store.whenDurable();
    const lines = f.session.history({ type: 'user/command' }).map((e) => (e.event as { data: { line: string } }).data.line);
    assert.ok(lines.includes('sell BTC/USDT 0.01 --trailing 2%'), lines.join('\n'));
  } finally {
    await f.close();
  }
});
