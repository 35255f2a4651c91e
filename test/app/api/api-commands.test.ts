import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SignalResult } from '../../../source/app/session/session-types.js';
import { readToken } from '../../../source/app/api/api-token.js';
import { apiFixture, type ApiFixture } from './api-fixture.js';

async function commands(f: ApiFixture): Promise<{ line: string; source: string }[]> {
  await f.session.store.whenDurable();
  return f.session.history({ type: 'user/command' }).map((e) => (e.event as { data: { line: string; source: string } }).data);
}

test('api: an order through the API is the session\'s order, recorded with source api; a refusal is 4xx with its code', async () => {
  const f = await apiFixture();
  try {
    const r = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: '0.01' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'filled');
    assert.deepEqual(f.session.orders({ all: true }).map((o) => o.id), [r.body.id]);
    assert.deepEqual((await commands(f)).at(-1), { line: 'buy BTC/USDT 0.01', source: 'api' });

    const big = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 1000, force: true } });
    assert.equal(big.status, 422);
    assert.match(big.body.code, /^(risk|balance)\./);
    assert.equal(typeof big.body.message, 'string');
    const unknown = await f.call('POST', '/api/v1/orders', { body: { symbol: 'NOPE/USDT', side: 'buy', quantity: 1 } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'market.unknown');
    const fat = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'sell', quantity: 0.001, price: Math.round(f.session.ticker('BTC/USDT').last * 0.5) } });
    assert.equal(fat.status, 422, 'a price far from the market asks twice, as on the keyboard');
    assert.equal(fat.body.code, 'order.confirm');
    assert.equal(f.session.orders({ all: true }).filter((o) => o.status !== 'rejected').length, 1, 'no refused order was placed');

    const limit = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'sell', quantity: 0.005, price: Math.round(f.session.ticker('BTC/USDT').last * 1.03) } });
    assert.equal(limit.status, 201);
    assert.equal(limit.body.status, 'open');
    const cancelled = await f.call('DELETE', `/api/v1/orders/${limit.body.id}`);
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.equal((await f.call('DELETE', '/api/v1/orders/99999')).body.code, 'order.not-found');
    assert.equal((await f.call('DELETE', '/api/v1/orders/99999')).status, 404);
    assert.equal((await f.call('DELETE', '/api/v1/orders/abc')).status, 400);
  } finally {
    await f.close();
  }
});

test('api: strategies start and stop through the session; unknown ones are 404, bad ones 400', async () => {
  const f = await apiFixture();
  try {
    const started = await f.call('POST', '/api/v1/strategies', { body: { strategy: 'sma', symbol: 'ETH/USDT', size: '50USDT', params: { fast: 5, slow: 20 } } });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(f.session.strategies()[0].id, started.body.id);
    assert.deepEqual((await commands(f)).at(-1), { line: 'start sma ETH/USDT --size 50USDT --fast 5 --slow 20', source: 'api' });
    // The API's params are numbers (a duration in ms); the recorded command reads as typed, as start takes it.
    const dca = await f.call('POST', '/api/v1/strategies', { body: { strategy: 'dca', symbol: 'ETH/USDT', size: '50USDT', params: { every: 3_600_000, 'on-drop': 2 } } });
    assert.equal(dca.status, 201, JSON.stringify(dca.body));
    assert.deepEqual((await commands(f)).at(-1), { line: 'start dca ETH/USDT --size 50USDT --every 1h --on-drop 2%', source: 'api' });
    await f.call('DELETE', `/api/v1/strategies/${dca.body.id}`);
    const bad = await f.call('POST', '/api/v1/strategies', { body: { strategy: 'no-such', symbol: 'ETH/USDT' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'strategy.unknown');
    assert.equal((await f.call('DELETE', '/api/v1/strategies/nope-1')).status, 404);
    const stopped = await f.call('DELETE', `/api/v1/strategies/${started.body.id}?close=true`);
    assert.equal(stopped.status, 200);
    assert.equal(stopped.body.id, started.body.id);
    assert.equal(f.session.strategies()[0].status, 'stopped');
  } finally {
    await f.close();
  }
});

test('api: a strategy starts with its own exits (stopLoss, takeProfit, trailing); a bad one is 400 and starts nothing', async () => {
  const f = await apiFixture();
  try {
    const started = await f.call('POST', '/api/v1/strategies', { body: { strategy: 'sma', symbol: 'ETH/USDT', size: '50USDT', stopLoss: '3%', trailing: '2%' } });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.deepEqual(f.session.state().ledger.strategies[started.body.id as string].exits, { stopLoss: 3, trailing: 2 });
    assert.deepEqual((await commands(f)).at(-1), { line: 'start sma ETH/USDT --size 50USDT --stop-loss 3% --trailing 2%', source: 'api' });
    const bad = await f.call('POST', '/api/v1/strategies', { body: { strategy: 'sma', symbol: 'ETH/USDT', takeProfit: '150%' } });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.match(bad.body.message as string, /bad --take-profit "150%": a percent of the entry price above 0 and below 100/);
    assert.equal(bad.body.code, 'strategy.exits');
    assert.equal(bad.body.field, 'takeProfit');
    assert.equal(f.session.strategies().length, 1);
  } finally {
    await f.close();
  }
});

test('api: each bad input of POST /strategies is refused with its own code and the field it is about; nothing starts', async () => {
  const f = await apiFixture();
  try {
    const sma = { strategy: 'sma', symbol: 'ETH/USDT', size: '50USDT' };
    const cases: [Record<string, unknown>, number, string, string, RegExp][] = [
      [{ ...sma, size: 'abc' }, 400, 'strategy.size', 'size', /^bad size "abc": /],
      [{ ...sma, size: '0USDT' }, 400, 'strategy.size', 'size', /^bad size "0USDT": it must be above zero$/],
      [{ ...sma, size: '150%' }, 400, 'strategy.size', 'size', /a share of equity is at most 100%/],
      // A size that parses but breaks a limit: the check that said no, about the size.
      [{ ...sma, size: '9000000USDT' }, 422, 'risk.notional', 'size', /^size 9000000USDT refused: its first order would be /],
      [{ ...sma, params: { fast: 0 } }, 400, 'strategy.params', 'params.fast', /^sma --fast must be a whole number from /],
      [{ ...sma, params: { nope: 1 } }, 400, 'strategy.params', 'params.nope', /^sma has no parameter "nope"/],
      // The strategy's own check (fast below slow), from its create().
      [{ ...sma, params: { fast: 30, slow: 10 } }, 400, 'strategy.params', 'params', /^sma needs --fast below --slow \(got fast 30, slow 10\)$/],
      [{ ...sma, symbol: 'NOPE/USDT' }, 400, 'market.unknown', 'symbol', /^unknown symbol NOPE\/USDT on /],
      [{ ...sma, timeframe: '7m' }, 400, 'strategy.timeframe', 'timeframe', /^bad timeframe "7m": use one of /],
      [{ ...sma, strategy: 'no-such' }, 400, 'strategy.unknown', 'strategy', /^unknown strategy "no-such"/],
      [{ ...sma, strategy: '/nowhere/mine.mjs' }, 400, 'strategy.unknown', 'strategy', /^strategy file \/nowhere\/mine\.mjs does not exist$/],
      [{ ...sma, stopLoss: '0%' }, 400, 'strategy.exits', 'stopLoss', /^bad --stop-loss "0%"/],
    ];
    for (const [body, status, code, field, message] of cases) {
      const r = await f.call('POST', '/api/v1/strategies', { body });
      const what = JSON.stringify(body);
      assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
      assert.deepEqual(Object.keys(r.body as object).sort(), ['code', 'field', 'message'], what);
      assert.equal(r.body.code, code, what);
      assert.equal(r.body.field, field, what);
      assert.match(r.body.message as string, message, what);
    }
    assert.equal(f.session.strategies().length, 0, 'none of them started');
  } finally {
    await f.close();
  }
});

test('api bad input: malformed JSON, a huge body, a wrong content type, unknown fields and routes: one clear error each, nothing changes', async () => {
  const f = await apiFixture();
  try {
    const seq = f.session.state().lastSeq;
    const cases: [string, string, Parameters<typeof f.call>[2], number, string][] = [
      ['POST', '/api/v1/orders', { raw: '{"symbol": "BTC/USDT", ' }, 400, 'body.json'],
      ['POST', '/api/v1/orders', { raw: JSON.stringify({ symbol: 'BTC/USDT', side: 'buy', quantity: 0.01, pad: 'x'.repeat(200_000) }) }, 413, 'body.too-large'],
      ['POST', '/api/v1/orders', { raw: 'symbol=BTC', type: 'application/x-www-form-urlencoded' }, 415, 'body.content-type'],
      ['POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.01, leverage: 100 } }, 400, 'input.invalid'],
      ['POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'hold', quantity: 0.01 } }, 400, 'input.invalid'],
      ['POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: '1e3' } }, 400, 'input.invalid'],
      ['POST', '/api/v1/orders', { body: [1, 2] }, 400, 'body.json'],
      ['POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.01, price: 5, type: 'market' } }, 400, 'input.invalid'],
      ['GET', '/api/v1/nothing', {}, 404, 'route.unknown'],
      ['PUT', '/api/v1/orders', {}, 405, 'route.method'],
      ['GET', '/api/v1/events', {}, 426, 'route.method'],
    ];
    for (const [method, path, o, status, code] of cases) {
      const r = await f.call(method, path, o);
      assert.equal(r.status, status, `${method} ${path} ${JSON.stringify(o).slice(0, 80)}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, code);
      assert.ok(r.body.message.length > 10 && !r.body.message.includes('\n'), r.body.message);
    }
    const unknownRoute = await f.call('GET', '/api/v1/nothing');
    assert.match(unknownRoute.body.message, /GET \/api\/v1\/status/, 'the 404 lists the routes');
    assert.equal(f.session.state().lastSeq, seq, 'no event was recorded');
    assert.equal(f.session.orders({ all: true }).length, 0);
    assert.equal((await f.call('GET', '/api/v1/status')).status, 200, 'and the API goes on');
  } finally {
    await f.close();
  }
});

test('api signals: the signal token in the body is checked here and never passed on; the port\'s answer is the reply', async () => {
  const seen: { body: unknown; authentic: boolean }[] = [];
  const f = await apiFixture({
    session: (s) => ({
      ...s,
      signal: async (body: unknown, o: { authentic: boolean }): Promise<SignalResult> => {
        seen.push({ body, authentic: o.authentic });
        // The port's own refusal for a bad token (h/signals' code) travels as it is.
        return o.authentic ? { accepted: true, orders: ['1'] } : { accepted: false, refusal: { code: 'signal.token' as 'event.invalid', text: 'bad token', field: 'token' } };
      },
    }),
  });
  try {
    const token = readToken(f.dir, 'signals')!;
    assert.notEqual(token, f.token, 'a signal token apart from the API token');
    const good = await f.call('POST', '/api/v1/signals', { auth: null, raw: JSON.stringify({ token, strategy: 'webhook-1', action: 'buy', id: 'a1' }), type: 'text/plain' });
    assert.equal(good.status, 200);
    assert.deepEqual(good.body, { accepted: true, orders: ['1'] });
    const bad = await f.call('POST', '/api/v1/signals', { auth: null, body: { token: f.token, strategy: 'webhook-1', action: 'buy', id: 'a2' } });
    assert.equal(bad.status, 401, 'the API token is not the signal token');
    assert.equal(bad.body.code, 'signal.token');
    assert.equal(bad.body.field, 'token');
    assert.deepEqual(seen, [
      { body: { strategy: 'webhook-1', action: 'buy', id: 'a1' }, authentic: true },
      { body: { strategy: 'webhook-1', action: 'buy', id: 'a2' }, authentic: false },
    ], 'the port hears every signal, without its token');
    const unreadable = await f.call('POST', '/api/v1/signals', { auth: null, raw: 'BTC crossed up', type: 'text/plain' });
    assert.equal(unreadable.status, 401, 'no token in it: refused by the port');
    assert.deepEqual(seen[2], { body: 'BTC crossed up', authentic: false }, 'a body that is not JSON still reaches the port, to be recorded');
    assert.equal((await f.call('POST', '/api/v1/signals', { auth: null, raw: 'x', type: 'application/xml' })).status, 415);
    assert.equal((await f.call('POST', '/api/v1/signals', { auth: null, raw: `{"token":"${'x'.repeat(70_000)}"}` })).status, 413);
    assert.equal(seen.length, 3, 'a body refused before reading is not a signal');
  } finally {
    await f.close();
  }
});

test('api while the daemon stops: orders, starts and resume are refused (503); cancels and reads still answer', async () => {
  const f = await apiFixture();
  try {
    const limit = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.001, price: Math.round(f.session.ticker('BTC/USDT').last * 0.97) } });
    assert.equal(limit.status, 201);
    f.daemon.refuseOrders('the daemon is stopping');
    const refused = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.001 } });
    assert.equal(refused.status, 503);
    assert.equal(refused.body.code, 'daemon.stopping');
    assert.equal((await f.call('POST', '/api/v1/strategies', { body: { strategy: 'sma', symbol: 'BTC/USDT' } })).status, 503);
    assert.equal((await f.call('POST', '/api/v1/resume')).status, 503);
    assert.equal((await f.call('DELETE', `/api/v1/orders/${limit.body.id}`)).status, 200, 'taking risk off is never refused');
    assert.equal((await f.call('GET', '/api/v1/status')).body.stopping, true);
    assert.equal(f.session.orders({ all: true }).length, 1);
  } finally {
    await f.close();
  }
});
