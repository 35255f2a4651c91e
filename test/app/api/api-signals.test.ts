import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readToken } from '../../../source/app/api/api-token.js';
import { apiFixture } from './api-fixture.js';

test('api signals end to end: a bad token is refused and logged, a good one trades through the webhook instance, the same id twice trades once', async () => {
  const f = await apiFixture();
  try {
    const started = await f.call('POST', '/api/v1/strategies', { body: { strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' } });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const id: string = started.body.id;
    const token = readToken(f.dir, 'signals')!;
    const send = (t: string, sid: string) => f.call('POST', '/api/v1/signals', { auth: null, raw: JSON.stringify({ token: t, strategy: id, action: 'buy', id: sid }), type: 'text/plain' });
    const bad = await send(f.token, 's1');
    assert.equal(bad.status, 401);
    assert.equal(bad.body.code, 'signal.token');
    assert.equal(f.session.orders({ all: true }).length, 0, 'nothing traded');
    const good = await send(token, 's2');
    assert.equal(good.status, 200, JSON.stringify(good.body));
    assert.equal(good.body.accepted, true);
    assert.equal(good.body.orders.length, 1);
    const again = await send(token, 's2');
    assert.equal(again.status, 200);
    assert.equal(again.body.duplicate, true);
    assert.equal(f.session.orders({ all: true }).length, 1, 'the same signal id twice trades once');
    // A refusal of the port is a 4xx with its code and field: a short on a spot market.
    const short = await f.call('POST', '/api/v1/signals', { auth: null, body: { token, strategy: id, action: 'short', id: 's3' } });
    assert.deepEqual([short.status, short.body.code, short.body.field], [422, 'signal.spot-short', 'action']);
    await f.session.store.whenDurable();
    const received = f.session.history({ type: 'signal' });
    assert.equal(received.length, 4, 'every signal is on the record');
    assert.ok(!JSON.stringify(f.session.history()).includes(token) && !JSON.stringify(f.session.history()).includes(f.token), 'no token in the ledger');
  } finally {
    await f.close();
  }
});
