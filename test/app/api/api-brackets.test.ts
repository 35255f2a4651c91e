import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiFixture } from './api-fixture.js';

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(cond(), 'the condition came true');
}

test('api: POST orders with tp and sl is a bracket (its exits rest as an OCO once it fills); a half bracket or a wrong-way one is refused, nothing placed', async () => {
  const f = await apiFixture();
  try {
    const p = f.session.ticker('BTC/USDT').last;
    const tp = Math.round(p * 1.05);
    const sl = Math.round(p * 0.95);
    const half = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.01, tp } });
    assert.equal(half.status, 400);
    assert.deepEqual([half.body.code, half.body.field], ['input.invalid', 'sl']);
    const wrong = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.01, tp: sl, sl: tp } });
    assert.equal(wrong.status, 422, JSON.stringify(wrong.body));
    assert.equal(wrong.body.code, 'order.terms');
    assert.equal(f.session.orders({ all: true }).length, 0);

    const r = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.01, tp, sl } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'filled');
    await until(() => f.session.orders().length === 2);
    const exits = f.session.orders();
    assert.deepEqual(exits.map((o) => [o.side, o.qty, o.price ?? o.stopPrice]), [['sell', 0.01, tp], ['sell', 0.01, sl]]);
    await f.session.store.whenDurable();
    const lines = f.session.history({ type: 'user/command' }).map((e) => (e.event as { data: { line: string } }).data.line);
    assert.equal(lines.at(-1), `buy BTC/USDT 0.01 --tp ${tp} --sl ${sl}`);
  } finally {
    await f.close();
  }
});

test('api: DELETE orders cancels every open order, or those of ?symbol=; an unknown market is a 400', async () => {
  const f = await apiFixture();
  try {
    const b = f.session.ticker('BTC/USDT').last;
    const e = f.session.ticker('ETH/USDT').last;
    for (const body of [{ symbol: 'BTC/USDT', side: 'buy', quantity: 0.001, price: Math.round(b * 0.97) }, { symbol: 'ETH/USDT', side: 'buy', quantity: 0.01, price: Math.round(e * 0.97) }]) {
      assert.equal((await f.call('POST', '/api/v1/orders', { body })).status, 201);
    }
    const bad = await f.call('DELETE', '/api/v1/orders?symbol=NOPE/USDT');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'market.unknown');
    const one = await f.call('DELETE', '/api/v1/orders?symbol=ETH/USDT');
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, { cancelled: ['2'], problems: [] });
    const all = await f.call('DELETE', '/api/v1/orders');
    assert.deepEqual(all.body, { cancelled: ['1'], problems: [] });
    assert.equal(f.session.orders().length, 0);
    const doc = await f.call('GET', '/api/v1/openapi.json');
    assert.ok(doc.body.paths['/api/v1/orders'].delete, 'documented from the one route table');
  } finally {
    await f.close();
  }
});
