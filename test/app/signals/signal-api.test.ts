import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readToken } from '../../../source/app/api/api-token.js';
import { apiFixture } from '../api/api-fixture.js';

test('a TradingView alert through POST /api/v1/signals trades the webhook instance once; a wrong token is refused and logged', async () => {
  const f = await apiFixture();
  try {
    const started = await f.call('POST', '/api/v1/strategies', { body: { strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' } });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const id = started.body.id as string;
    const token = readToken(f.dir, 'signals')!;
    // TradingView posts its message as text/plain.
    const alert = (t: string, action: string, sid: string) => f.call('POST', '/api/v1/signals', { auth: null, raw: JSON.stringify({ token: t, strategy: id, action, id: sid }), type: 'text/plain' });
    const buy = await alert(token, 'buy', 'tv-1');
    assert.equal(buy.status, 200, JSON.stringify(buy.body));
    assert.equal(buy.body.accepted, true);
    assert.equal(buy.body.orders.length, 1);
    const again = await alert(token, 'buy', 'tv-1');
    assert.equal(again.status, 200);
    assert.equal(again.body.duplicate, true);
    const bad = await alert('nope', 'sell', 'tv-2');
    assert.equal(bad.status, 401);
    const short = await alert(token, 'short', 'tv-3');
    assert.equal(short.status >= 400 && short.status < 500, true, String(short.status));
    assert.equal(short.body.code, 'signal.spot-short');
    const mine = Object.values(f.session.state().ledger.orders).filter((o) => o.strategyId === id);
    assert.equal(mine.length, 1, 'the same id twice traded once');
    const codes = f.session.history({ type: 'signal' }).map((e) => (e.event.type === 'signal/received' ? `${e.event.data.accepted}:${e.event.data.code ?? (e.event.data.duplicate ? 'dup' : '')}` : ''));
    assert.deepEqual(codes, ['true:', 'false:dup', 'false:signal.token', 'false:signal.spot-short']);
    assert.ok(!JSON.stringify(f.session.history()).includes(token), 'the token is nowhere in the ledger');
  } finally {
    await f.close();
  }
});
