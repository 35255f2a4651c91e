import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { assertError, signed, type Creds } from './binance-client.js';

// One test per documented error of POST /api/v3/order, through order/test where nothing must be placed.
let sbx: Sandbox;
let c: Creds;
before(async () => {
  sbx = await startSandbox({ seed: 4, tickMs: 1 << 30 });
  c = { url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret };
});
after(() => sbx.close());

const order = (p: Record<string, string>) => signed(c, 'POST', '/api/v3/order', p);
const base = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '10000' };

test('missing symbol is -1102; unknown symbol is -1121', async () => {
  const { symbol: _, ...noSymbol } = base;
  assertError(await order(noSymbol), 400, -1102, /'symbol'/);
  assertError(await order({ ...base, symbol: 'FOOBAR' }), 400, -1121, /Invalid symbol/);
});

test('missing side is -1102; a bad side is -1117', async () => {
  const { side: _, ...noSide } = base;
  assertError(await order(noSide), 400, -1102, /'side'/);
  assertError(await order({ ...base, side: 'HOLD' }), 400, -1117, /Invalid side/);
});

test('missing type is -1102; a bad type is -1116; a stop type without its stopPrice is -1102', async () => {
  const { type: _, ...noType } = base;
  assertError(await order(noType), 400, -1102, /'type'/);
  assertError(await order({ ...base, type: 'BEST' }), 400, -1116, /Invalid orderType/);
  assertError(await order({ ...base, type: 'STOP_LOSS_LIMIT' }), 400, -1102, /'stopPrice'/);
});

test('a bad timeInForce is -1115; timeInForce on a MARKET order is -1106', async () => {
  assertError(await order({ ...base, timeInForce: 'FOREVER' }), 400, -1115, /Invalid timeInForce/);
  assertError(await order({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', timeInForce: 'GTC' }), 400, -1106, /'timeInForce' sent when not required/);
});

test('LIMIT without price or quantity is -1102', async () => {
  const { price: _p, ...noPrice } = base;
  const { quantity: _q, ...noQty } = base;
  assertError(await order(noPrice), 400, -1102, /'price'/);
  assertError(await order(noQty), 400, -1102, /'quantity'/);
});

test('MARKET with neither quantity nor quoteOrderQty is -1102; with both, -1106', async () => {
  assertError(await order({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET' }), 400, -1102, /'quantity' or 'quoteOrderQty'/);
  assertError(await order({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', quoteOrderQty: '100' }), 400, -1106);
});

test('a malformed number is -1100; too many decimals is -1111', async () => {
  assertError(await order({ ...base, quantity: '1e-3' }), 400, -1100, /'quantity'/);
  assertError(await order({ ...base, price: '10000.123456789' }), 400, -1111, /'price' has too much precision/);
});

test('filters: PRICE_FILTER, LOT_SIZE, NOTIONAL (-1013); quoteOrderQty below the minimum notional is NOTIONAL', async () => {
  assertError(await order({ ...base, price: '10000.001' }), 400, -1013, /Filter failure: PRICE_FILTER/);
  assertError(await order({ ...base, quantity: '0.000001' }), 400, -1013, /Filter failure: LOT_SIZE/);
  assertError(await order({ ...base, quantity: '0.0001', price: '100' }), 400, -1013, /Filter failure: NOTIONAL/);
  assertError(await order({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '1' }), 400, -1013, /Filter failure: NOTIONAL/);
});

test('insufficient balance is -2010 with Binance\'s words', async () => {
  assertError(await order({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '10' }), 400, -2010, /Account has insufficient balance for requested action\./);
});

test('a newClientOrderId outside ^[.A-Z:/a-z0-9_-]{1,36}$ is -1100; reusing an open one is -2010 Duplicate', async () => {
  assertError(await order({ ...base, newClientOrderId: 'has space' }), 400, -1100, /'newClientOrderId'/);
  await order({ ...base, newClientOrderId: 'dup-1' });
  assertError(await order({ ...base, newClientOrderId: 'dup-1' }), 400, -2010, /Duplicate order sent/);
});

test('a bad newOrderRespType is -1130', async () => {
  assertError(await order({ ...base, newOrderRespType: 'ALL' }), 400, -1130, /'newOrderRespType'/);
});

test('cancel with neither orderId nor origClientOrderId is -1102; an unknown order is -2011', async () => {
  assertError(await signed(c, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT' }), 400, -1102);
  assertError(await signed(c, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: 424242 }), 400, -2011, /Unknown order sent/);
});

test('an unknown path is a Binance-shaped 404', async () => {
  assertError(await signed(c, 'GET', '/api/v3/myFilters', {}), 404, -1000, /does not serve/);
});

test('a parameter sent twice is -1101, in the query string or across query and body', async () => {
  const { request, hmac } = await import('./binance-client.js');
  const q = `symbol=BTCUSDT&symbol=ETHUSDT&timestamp=${Date.now()}`;
  assertError(await request(sbx.url, 'GET', '/api/v3/openOrders', `${q}&signature=${hmac(q, sbx.secret)}`, '', { 'X-MBX-APIKEY': sbx.apiKey }), 400, -1101, /Duplicate values/);
  const query = 'symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001';
  const body = `quantity=0.002&timestamp=${Date.now()}`;
  assertError(await request(sbx.url, 'POST', '/api/v3/order/test', query, `${body}&signature=${hmac(query + body, sbx.secret)}`, { 'X-MBX-APIKEY': sbx.apiKey }), 400, -1101);
  assertError(await request(sbx.url, 'GET', '/api/v3/depth', 'symbol=BTCUSDT&limit=5&limit=10'), 400, -1101);
});
