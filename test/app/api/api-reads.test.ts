import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROUTES } from '../../../source/app/api/api-routes.js';
import { accountValuation } from '../../../source/engine/equity.js';
import { periodPnl } from '../../../source/engine/pnl-period.js';
import { selectMarkedPositions, selectTicker } from '../../../source/store/index.js';
import { apiFixture } from './api-fixture.js';

test('api reads: each endpoint answers the session\'s own figures', async () => {
  const f = await apiFixture();
  try {
    const s = f.session;
    assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
    assert.ok((await s.sell('BTC/USDT', 0.004)).ok);
    const eth = s.ticker('ETH/USDT').last;
    assert.ok((await s.buy('ETH/USDT', 0.1, Math.round(eth * 0.97))).ok, 'a resting limit order');
    assert.equal(s.orders().length, 1);
    const started = await s.startStrategy({ strategy: 'sma', symbol: 'ETH/USDT' });
    const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

    const status = (await f.call('GET', '/api/v1/status')).body;
    assert.equal(status.pid, process.pid);
    assert.equal(status.venue, s.venue);
    assert.equal(status.mode, 'paper');
    assert.deepEqual(status.strategies, [{ id: started.id, name: 'sma', symbol: 'ETH/USDT' }]);
    assert.equal(status.halted, undefined, 'no kill switch set: no halted field');
    assert.equal(typeof status.link.state, 'string');
    assert.deepEqual(status.link, json(f.daemon.status().link));

    assert.deepEqual((await f.call('GET', '/api/v1/balances')).body, json(s.balance()));
    const positions = (await f.call('GET', '/api/v1/positions')).body;
    assert.deepEqual(positions.spot, json(selectMarkedPositions(s.state(), s.venue).filter((p) => p.qty !== 0)));
    assert.equal(positions.spot[0].symbol, 'BTC/USDT');
    assert.deepEqual((await f.call('GET', '/api/v1/orders')).body, json(s.orders()));
    assert.deepEqual((await f.call('GET', '/api/v1/orders?all=true')).body, json(s.orders({ all: true })));
    assert.deepEqual((await f.call('GET', '/api/v1/trades')).body, json(s.trades()));
    assert.deepEqual((await f.call('GET', '/api/v1/trades?limit=1')).body, json(s.trades().slice(-1)));
    assert.deepEqual((await f.call('GET', '/api/v1/strategies')).body.map((x: { id: string }) => x.id), s.strategies().map((x) => x.id));
    const pnl = (await f.call('GET', '/api/v1/pnl?period=week')).body;
    const want = periodPnl(s.trades(), 'week', pnl.to, (sym) => selectTicker(s.state(), s.venue, sym)?.last);
    assert.ok(pnl.byQuote.USDT.trades === 2 && pnl.byQuote.USDT.fees > 0);
    assert.deepEqual(pnl, json(want));
    const history = (await f.call('GET', '/api/v1/history?type=order/filled&limit=5')).body;
    assert.equal(history.length, 2);
    assert.deepEqual(history, json(s.history({ type: 'order/filled', limit: 5 })));
  } finally {
    await f.close();
  }
});

test('api equity: the value now is the engine\'s valuation, and the samples the daemon took after since', async () => {
  const f = await apiFixture();
  try {
    const s = f.session;
    assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
    const r = (await f.call('GET', '/api/v1/equity')).body;
    const { t, ...now } = r.now;
    assert.deepEqual(now, JSON.parse(JSON.stringify(accountValuation(s.state(), s.venue))));
    assert.equal(typeof t, 'number');
    assert.equal(r.points.length, 1, 'one sample taken when the API started');
    assert.ok(r.points[0].v > 0);
    assert.deepEqual((await f.call('GET', `/api/v1/equity?since=${r.points[0].t}`)).body.points, [], 'nothing after the last sample');
  } finally {
    await f.close();
  }
});

test('api reads: bad query values are one clear 400 each', async () => {
  const f = await apiFixture();
  try {
    for (const [path, field] of [['/api/v1/pnl?period=year', 'period'], ['/api/v1/trades?limit=0', 'limit'], ['/api/v1/history?limit=abc', 'limit'], ['/api/v1/orders?all=maybe', 'all'], ['/api/v1/history?type=..%2F..', 'type'], ['/api/v1/balances?asset=BTC', 'asset'], ['/api/v1/pnl?period=day&from=1', 'from'], ['/api/v1/equity?since=yesterday', 'since'], ['/api/v1/equity?since=-5', 'since']]) {
      const r = await f.call('GET', path);
      assert.equal(r.status, 400, path);
      assert.equal(r.body.code, 'input.invalid');
      assert.equal(r.body.field, field);
    }
  } finally {
    await f.close();
  }
});

test('openapi.json is OpenAPI 3.1 and documents every route the server serves', async () => {
  const f = await apiFixture();
  try {
    const doc = (await f.call('GET', '/api/v1/openapi.json')).body;
    assert.equal(doc.openapi, '3.1.0');
    for (const r of ROUTES) {
      const path = `/api/v1${r.path.replace(/:([a-z]+)/g, '{$1}')}`;
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      assert.ok(op, `${r.method} ${path} is documented`);
      if (r.body) assert.deepEqual(Object.keys(op.requestBody.content['application/json'].schema.properties), Object.keys(r.body));
    }
    assert.ok(doc.paths['/api/v1/events'].get, 'the event stream too');
    const listed = Object.values(doc.paths as Record<string, object>).reduce((n, p) => n + Object.keys(p).length, 0);
    assert.equal(listed, ROUTES.length + 1, 'and nothing the server does not serve');
  } finally {
    await f.close();
  }
});

test('api: a bug behind a route is a 500 api.internal that says the request may not have been done, logged with its stack; the API goes on', async () => {
  const logged: { event: string; fields?: Record<string, unknown> }[] = [];
  const f = await apiFixture({
    log: (event, fields) => logged.push({ event, fields }),
    session: (s) => ({ ...s, balance: () => { throw new TypeError('boom'); } }),
  });
  try {
    const r = await f.call('GET', '/api/v1/balances');
    assert.equal(r.status, 500);
    assert.equal(r.body.code, 'api.internal');
    assert.ok(!JSON.stringify(r.body).includes('boom'), 'the bug\'s words stay in the log');
    const failed = logged.find((l) => l.event === 'api-failed');
    assert.match(String(failed?.fields?.error), /TypeError: boom/);
    assert.equal((await f.call('GET', '/api/v1/status')).status, 200);
  } finally {
    await f.close();
  }
});

test('GET alerts: the alerts set now and those that fired, as the state holds them (the status page reads it)', async () => {
  const f = await apiFixture();
  try {
    const last = f.session.ticker('BTC/USDT').last;
    const a = f.session.alert('BTC/USDT', '>', Math.round(last * 1.5));
    const r = await f.call('GET', '/api/v1/alerts');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { set: JSON.parse(JSON.stringify([a])), triggered: [] });
    assert.equal((await f.call('GET', '/api/v1/alerts', { auth: null })).status, 401);
  } finally {
    await f.close();
  }
});
