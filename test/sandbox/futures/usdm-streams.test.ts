import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../../source/sandbox/sandbox-server.js';
import { assertError, request, signed, Socket, type Creds } from '../binance-client.js';

/** The sandbox's USD-M websockets: market streams on /fstream and the listen-key user-data stream. */
let sbx: Sandbox;
let c: Creds;
before(async () => {
  sbx = await startSandbox({ seed: 8, tickMs: 40 });
  c = sbx;
});
after(async () => {
  await sbx.close();
});

type Ev = Record<string, unknown>;
const ws = (path: string) => Socket.open(`${sbx.wsUrl}${path}`);
const listenKey = async (method: 'POST' | 'PUT' | 'DELETE') => request<{ listenKey?: string; code?: number }>(c.url, method, '/fapi/v1/listenKey', '', '', { 'X-MBX-APIKEY': c.apiKey });

test('market streams on the routed path ccxt uses: SUBSCRIBE, mark price, book ticker, depth whose ids chain', async () => {
  const s = await ws('/fstream/market/ws/0');
  try {
    assert.deepEqual(await s.call({ method: 'SUBSCRIBE', params: ['btcusdt@markPrice@1s', 'btcusdt@bookTicker', 'btcusdt@depth@100ms', 'btcusdt@kline_1m', 'btcusdt@ticker'], id: 1 }), { result: null, id: 1 });
    const mark = await s.next<Ev>('a mark price update', (m) => m.e === 'markPriceUpdate');
    assert.equal(mark.s, 'BTCUSDT');
    assert.ok(Number(mark.p) > 0 && Number(mark.i) > 0);
    assert.equal(Number(mark.T) % (8 * 3_600_000), 0, 'next funding time at a mark');
    const bt = await s.next<Ev>('a book ticker', (m) => m.e === 'bookTicker');
    assert.ok(Number(bt.a) > Number(bt.b));
    const d1 = await s.next<Ev>('a depth update', (m) => m.e === 'depthUpdate');
    const d2 = await s.next<Ev>('the next depth update', (m) => m.e === 'depthUpdate');
    assert.equal(d2.pu, d1.u, 'pu is the previous event\'s u, as Binance futures chains them');
    const ticker = await s.next<Ev>('a 24hr ticker', (m) => m.e === '24hrTicker');
    assert.ok(Number(ticker.c) > 0);
    assert.deepEqual(await s.call({ method: 'SUBSCRIBE', params: ['btcusdt@nonsense'], id: 2 }), { code: 2, msg: 'Invalid request: invalid stream name btcusdt@nonsense', id: 2 });
    assert.deepEqual((await s.call<{ result: string[] }>({ method: 'LIST_SUBSCRIPTIONS', id: 3 })).result.length, 5);
  } finally {
    s.close();
  }
});

test('a raw stream URL and an aggTrade from a fill', async () => {
  const s = await ws('/fstream/ws/ethusdt@aggTrade');
  try {
    const placed = await signed(c, 'POST', '/fapi/v1/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    assert.equal(placed.status, 200);
    const t = await s.next<Ev>('an aggTrade', (m) => m.e === 'aggTrade');
    assert.equal(t.s, 'ETHUSDT');
    assert.equal(t.q, '0.0100');
    await signed(c, 'POST', '/fapi/v1/order', { symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: 0.01, reduceOnly: 'true' });
  } finally {
    s.close();
  }
});

test('the user-data stream: listen key, ORDER_TRADE_UPDATE and ACCOUNT_UPDATE, DELETE ends it', async () => {
  const first = await listenKey('POST');
  const again = await listenKey('POST');
  assert.equal(again.body.listenKey, first.body.listenKey, 'a live key is handed out again, as on Binance');
  const key = first.body.listenKey!;
  assert.equal((await listenKey('PUT')).body.listenKey, key);
  const user = await ws(`/fstream/ws/${key}`);
  const routed = await ws(`/fstream/private/ws?listenKey=${key}`);
  try {
    await signed(c, 'POST', '/fapi/v1/leverage', { symbol: 'BNBUSDT', leverage: 3 });
    const config = await user.next<{ ac: Ev }>('an ACCOUNT_CONFIG_UPDATE', (m) => (m as Ev).e === 'ACCOUNT_CONFIG_UPDATE');
    assert.deepEqual(config.ac, { s: 'BNBUSDT', l: 3 });
    await signed(c, 'POST', '/fapi/v1/order', { symbol: 'BNBUSDT', side: 'SELL', type: 'MARKET', quantity: 0.05, newClientOrderId: 'short-1' });
    const created = await user.next<{ o: Ev }>('the NEW order update', (m) => (m as Ev).e === 'ORDER_TRADE_UPDATE');
    assert.deepEqual([created.o.x, created.o.X, created.o.c, created.o.ps], ['NEW', 'NEW', 'short-1', 'BOTH']);
    const trade = await user.next<{ o: Ev }>('the TRADE update', (m) => (m as Ev).e === 'ORDER_TRADE_UPDATE');
    assert.deepEqual([trade.o.x, trade.o.X, trade.o.l, trade.o.N], ['TRADE', 'FILLED', '0.050', 'USDT']);
    assert.ok(Number(trade.o.n) > 0, 'the commission is on the trade');
    const account = await user.next<{ a: { m: string; B: Ev[]; P: Ev[] } }>('the ACCOUNT_UPDATE', (m) => (m as Ev).e === 'ACCOUNT_UPDATE');
    assert.equal(account.a.m, 'ORDER');
    assert.equal(account.a.B[0].a, 'USDT');
    assert.deepEqual([account.a.P[0].s, account.a.P[0].pa, account.a.P[0].ps, account.a.P[0].mt], ['BNBUSDT', '-0.050', 'BOTH', 'cross']);
    await routed.next('the same update on the routed private URL', (m) => (m as Ev).e === 'ACCOUNT_UPDATE');
    await signed(c, 'POST', '/fapi/v1/order', { symbol: 'BNBUSDT', side: 'BUY', type: 'MARKET', quantity: 0.05, reduceOnly: 'true' });
    const closed = await user.next<{ a: { P: Ev[] } }>('the closing ACCOUNT_UPDATE', (m) => (m as Ev).e === 'ACCOUNT_UPDATE');
    assert.equal(closed.a.P[0].pa, '0.000');

    assert.deepEqual((await listenKey('DELETE')).body, {});
    await assert.rejects(user.next('nothing after DELETE', () => false), /socket closed/);
    assertError(await listenKey('PUT'), 400, -1125, /^This listenKey does not exist\./);
  } finally {
    user.close();
    routed.close();
  }
  const refused = await ws('/fstream/private/ws?listenKey=nope');
  await assert.rejects(refused.next('nothing on an unknown key', () => false), /socket closed \(1008/);
});

test('a listen key not kept alive for 60 minutes expires with listenKeyExpired', async () => {
  let now = Date.now();
  const own = await startSandbox({ seed: 9, tickMs: 40, clock: () => now });
  try {
    const r = await request<{ listenKey: string }>(own.url, 'POST', '/fapi/v1/listenKey', '', '', { 'X-MBX-APIKEY': own.apiKey });
    const s = await Socket.open(`${own.wsUrl}/fstream/ws/${r.body.listenKey}`);
    now += 61 * 60_000;
    const expired = await s.next<Ev>('listenKeyExpired', (m) => m.e === 'listenKeyExpired');
    assert.equal(expired.listenKey, r.body.listenKey);
    await assert.rejects(s.next('nothing after expiry', () => false), /socket closed/);
  } finally {
    await own.close();
  }
});
