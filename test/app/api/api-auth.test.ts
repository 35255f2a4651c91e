import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { rotateToken, tokenMatches, tokenPath } from '../../../source/app/api/api-token.js';
import { apiFixture } from './api-fixture.js';

test('api: 401 without a token, with a wrong one, and for an unknown route; nothing else said', async () => {
  const f = await apiFixture();
  try {
    const seq = f.session.state().lastSeq;
    for (const [auth, path] of [[null, '/api/v1/status'], ['wrong-token-wrong-token', '/api/v1/balances'], [`${f.token}x`, '/api/v1/status'], [null, '/api/v1/nope'], [null, '/api'], ['', '/api/v1/openapi.json']] as const) {
      const r = await f.call('GET', path, { auth });
      assert.equal(r.status, 401, `${auth} ${path}`);
      assert.deepEqual(Object.keys(r.body).sort(), ['code', 'message']);
      assert.equal(r.body.code, 'auth.token');
    }
    const order = await f.call('POST', '/api/v1/orders', { auth: null, body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.01 } });
    assert.equal(order.status, 401);
    assert.equal(f.session.orders({ all: true }).length, 0, 'an unauthorised order is not placed');
    assert.equal(f.session.state().lastSeq, seq, 'nothing recorded');
    assert.equal((await f.call('GET', '/api/v1/status')).status, 200, 'the token opens it');
  } finally {
    await f.close();
  }
});

test('api token: 0600, compared in constant time, and a rotation takes effect at once', async () => {
  const f = await apiFixture();
  try {
    assert.equal(fs.statSync(tokenPath(f.dir, 'api')).mode & 0o777, 0o600);
    assert.equal(fs.statSync(tokenPath(f.dir, 'signals')).mode & 0o777, 0o600);
    assert.ok(f.token.length >= 40);
    assert.ok(tokenMatches(f.token, f.token) && !tokenMatches(undefined, f.token) && !tokenMatches('short', f.token));
    const fresh = rotateToken(f.dir, 'api');
    assert.notEqual(fresh, f.token);
    assert.equal((await f.call('GET', '/api/v1/status')).status, 401, 'the old token no longer works');
    assert.equal((await f.call('GET', '/api/v1/status', { auth: fresh })).status, 200, 'the new one does, without a restart');
    fs.rmSync(tokenPath(f.dir, 'api'));
    assert.equal((await f.call('GET', '/api/v1/status', { auth: fresh })).status, 200, 'a removed file keeps the last token, never an open door');
    assert.equal((await f.call('GET', '/api/v1/status', { auth: null })).status, 401);
  } finally {
    await f.close();
  }
});
