import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { assertError, hmac, request, signed, type Creds } from './binance-client.js';

let sbx: Sandbox;
let c: Creds;
before(async () => {
  sbx = await startSandbox({ seed: 2, tickMs: 1 << 30 });
  c = { url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret };
});
after(() => sbx.close());

const key = () => ({ 'X-MBX-APIKEY': sbx.apiKey });

test('the docs\' HMAC example signature is what our signer computes', () => {
  const payload = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
  assert.equal(hmac(payload, 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j'), 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
});

test('a signature over the query string is accepted (GET and POST)', async () => {
  assert.equal((await signed(c, 'GET', '/api/v3/account', {}, 'query')).status, 200);
  const r = await signed(c, 'POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' }, 'query');
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test('a signature over the body alone is accepted', async () => {
  const r = await signed(c, 'POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' }, 'body');
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test('a signature over the query string concatenated without separator to the body is accepted', async () => {
  const r = await signed(c, 'POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '10000' }, 'split');
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test('a signature made with "&" between query and body is not Binance\'s and is refused (-1022)', async () => {
  const query = 'symbol=BTCUSDT&side=BUY&type=MARKET';
  const body = `quantity=0.001&timestamp=${Date.now()}`;
  const r = await request(sbx.url, 'POST', '/api/v3/order/test', query, `${body}&signature=${hmac(`${query}&${body}`, sbx.secret)}`, key());
  assertError(r, 400, -1022, /Signature for this request is not valid/);
});

test('HMAC signatures are not case-sensitive', async () => {
  const q = `timestamp=${Date.now()}`;
  const r = await request(sbx.url, 'GET', '/api/v3/account', `${q}&signature=${hmac(q, sbx.secret).toUpperCase()}`, '', key());
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test('timestamps in microseconds are accepted', async () => {
  const q = `timestamp=${Date.now() * 1000}`;
  const r = await request(sbx.url, 'GET', '/api/v3/account', `${q}&signature=${hmac(q, sbx.secret)}`, '', key());
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test('recvWindow above 60000 is refused (-1102); a fractional one is accepted', async () => {
  assertError(await signed(c, 'GET', '/api/v3/account', { recvWindow: 60001 }), 400, -1102, /recvWindow.*60000/);
  assert.equal((await signed(c, 'GET', '/api/v3/account', { recvWindow: '6000.5' })).status, 200);
  assertError(await signed(c, 'GET', '/api/v3/account', { recvWindow: 'soon' }), 400, -1100, /'recvWindow'/);
});

test('a timestamp older than recvWindow, or more than 1 s ahead, is -1021', async () => {
  assertError(await signed(c, 'GET', '/api/v3/account', { timestamp: Date.now() - 10_000, recvWindow: 5000 }), 400, -1021, /outside of the recvWindow/);
  assertError(await signed(c, 'GET', '/api/v3/account', { timestamp: Date.now() + 5_000 }), 400, -1021, /ahead of the server/);
});

test('missing timestamp, missing signature, missing or unknown key', async () => {
  const noTs = 'recvWindow=5000';
  assertError(await request(sbx.url, 'GET', '/api/v3/account', `${noTs}&signature=${hmac(noTs, sbx.secret)}`, '', key()), 400, -1102, /'timestamp'/);
  assertError(await request(sbx.url, 'GET', '/api/v3/account', `timestamp=${Date.now()}`, '', key()), 400, -1102, /'signature'/);
  const q = `timestamp=${Date.now()}`;
  assertError(await request(sbx.url, 'GET', '/api/v3/account', `${q}&signature=${hmac(q, sbx.secret)}`), 401, -2014, /API-key format invalid/);
  assertError(await request(sbx.url, 'GET', '/api/v3/account', `${q}&signature=${hmac(q, sbx.secret)}`, '', { 'X-MBX-APIKEY': 'someone-else' }), 401, -2015);
});

test('POST /sandbox/faults needs the sandbox API key, and checks what it is given', async () => {
  assertError(await request(sbx.url, 'POST', '/sandbox/faults', '', '{"delayMs":1}'), 401, -2015, /sandbox API key/);
  assertError(await request(sbx.url, 'POST', '/sandbox/faults', '', '{"slowness":1}', key()), 400, -1103, /unknown fault 'slowness'/);
  assertError(await request(sbx.url, 'POST', '/sandbox/faults', '', '{"delayMs":-5}', key()), 400, -1130);
  const set = await request<{ garbageFrames?: number }>(sbx.url, 'POST', '/sandbox/faults', '', '{"garbageFrames":0}', key());
  assert.equal(set.status, 200);
  assert.equal(sbx.faults.garbageFrames, 0);
  await request(sbx.url, 'POST', '/sandbox/faults', '', '{"garbageFrames":null}', key());
  assert.equal(sbx.faults.garbageFrames, undefined);
});
