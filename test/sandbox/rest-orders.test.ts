import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { assertError, get, signed, type Creds } from './binance-client.js';

// A market that does not move during the test: every fill is decided by the book we read.
let sbx: Sandbox;
let c: Creds;
before(async () => {
  sbx = await startSandbox({ seed: 5, tickMs: 1 << 30 });
  c = { url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret };
});
after(() => sbx.close());

interface Order {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  status: string;
  type: string;
  timeInForce: string;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  origQuoteOrderQty: string;
  fills?: { price: string; qty: string; commission: string; commissionAsset: string; tradeId: number }[];
}
type Book = { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
const book = async (symbol: string) => (await get<Book>(c.url, '/api/v3/depth', { symbol, limit: 20 })).body;

test('MARKET buy by quoteOrderQty spends at most the quote amount and fills a lot-rounded quantity', async () => {
  const r = await signed<Order>(c, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '100' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'FILLED');
  assert.equal(r.body.origQuoteOrderQty, '100.00000000');
  const spent = Number(r.body.cummulativeQuoteQty);
  assert.ok(spent > 95 && spent <= 100, `spent ${spent}`);
  assert.equal(r.body.origQty, r.body.executedQty);
  assert.ok(Number.isInteger(Math.round(Number(r.body.executedQty) / 0.00001 * 1e6) / 1e6), 'a whole number of lots');
  assert.ok(r.body.fills!.length >= 1);
});

test('MARKET sell by quoteOrderQty sells what brings in at most the quote amount', async () => {
  const r = await signed<Order>(c, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quoteOrderQty: '50' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'FILLED');
  const got = Number(r.body.cummulativeQuoteQty);
  assert.ok(got > 45 && got <= 50, `received ${got}`);
});

test('MARKET by quantity: FULL response with fills, fixed 8-decimal numbers, commission asset named', async () => {
  const r = await signed<Order>(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.executedQty, '0.01000000');
  assert.equal(r.body.price, '0.00000000');
  assert.match(r.body.fills![0].price, /^\d+\.\d{8}$/);
  assert.match(r.body.fills![0].commission, /^\d+\.\d{8}$/);
  assert.equal(r.body.fills![0].commissionAsset, 'USDT');
});

test('newOrderRespType ACK and RESULT give the documented shapes', async () => {
  const ack = await signed<Record<string, unknown>>(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01', newOrderRespType: 'ACK' });
  assert.deepEqual(Object.keys(ack.body).sort(), ['clientOrderId', 'orderId', 'orderListId', 'symbol', 'transactTime']);
  const result = await signed<Record<string, unknown>>(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01', newOrderRespType: 'RESULT' });
  assert.equal(result.body.status, 'FILLED');
  assert.equal('fills' in result.body, false);
});

test('LIMIT without timeInForce is refused (-1102), as Binance requires it', async () => {
  const r = await signed(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '1000' });
  assertError(r, 400, -1102, /'timeInForce'/);
});

test('LIMIT GTC away from the market rests NEW; query by orderId and by origClientOrderId', async () => {
  const r = await signed<Order>(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '1000', newClientOrderId: 'rest-gtc-1' });
  assert.equal(r.body.status, 'NEW');
  assert.equal(r.body.clientOrderId, 'rest-gtc-1');
  const byId = await signed<Order>(c, 'GET', '/api/v3/order', { symbol: 'ETHUSDT', orderId: r.body.orderId });
  assert.equal(byId.body.clientOrderId, 'rest-gtc-1');
  const byClient = await signed<Order>(c, 'GET', '/api/v3/order', { symbol: 'ETHUSDT', origClientOrderId: 'rest-gtc-1' });
  assert.equal(byClient.body.orderId, r.body.orderId);
  assertError(await signed(c, 'GET', '/api/v3/order', { symbol: 'ETHUSDT' }), 400, -1102, /origClientOrderId.*orderId|orderId.*origClientOrderId/);
  assertError(await signed(c, 'GET', '/api/v3/order', { symbol: 'ETHUSDT', orderId: 999999 }), 400, -2013, /Order does not exist/);
});

test('LIMIT FOK that the book cannot fill whole expires with nothing filled', async () => {
  const b = await book('ETHUSDT');
  const bestAsk = Number(b.asks[0][0]);
  const size = Number(b.asks[0][1]);
  // Priced at the best ask, asking for more than rests there: FOK must kill it, not rest it.
  const qty = (Math.floor((size * 2) / 0.0001) * 0.0001).toFixed(4);
  const r = await signed<Order>(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'FOK', quantity: qty, price: bestAsk.toFixed(2) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'EXPIRED');
  assert.equal(r.body.executedQty, '0.00000000');
  assert.equal(r.body.timeInForce, 'FOK');
  const open = await signed<Order[]>(c, 'GET', '/api/v3/openOrders', { symbol: 'ETHUSDT' });
  assert.equal(open.body.some((o) => o.orderId === r.body.orderId), false);
});

test('LIMIT FOK that the book can fill fills whole', async () => {
  const b = await book('ETHUSDT');
  const r = await signed<Order>(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'FOK', quantity: '0.01', price: Number(b.asks[0][0]).toFixed(2) });
  assert.equal(r.body.status, 'FILLED');
  assert.equal(r.body.executedQty, '0.01000000');
});

test('LIMIT IOC takes what crosses now and never rests: below the ask it expires unfilled, at the ask it fills', async () => {
  // (A partial IOC fill needs more than one whole book level, which a 10,000 USDT account cannot pay.)
  const b = await book('ETHUSDT');
  const below = (Number(b.asks[0][0]) - 1).toFixed(2);
  const missed = await signed<Order>(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity: '0.01', price: below });
  assert.equal(missed.status, 200, JSON.stringify(missed.body));
  assert.equal(missed.body.status, 'EXPIRED');
  assert.equal(missed.body.executedQty, '0.00000000');
  const hit = await signed<Order>(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity: '0.01', price: b.asks[0][0] });
  assert.equal(hit.body.status, 'FILLED');
  const open = (await signed<Order[]>(c, 'GET', '/api/v3/openOrders', { symbol: 'ETHUSDT' })).body;
  assert.equal(open.some((o) => o.orderId === missed.body.orderId || o.orderId === hit.body.orderId), false);
});

test('LIMIT_MAKER rests when it would not take, and is refused when it would', async () => {
  const b = await book('ETHUSDT');
  const rests = await signed<Order>(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT_MAKER', quantity: '0.01', price: '1500.00', newOrderRespType: 'RESULT' });
  assert.equal(rests.body.status, 'NEW');
  assert.equal(rests.body.type, 'LIMIT_MAKER');
  const takes = await signed(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT_MAKER', quantity: '0.01', price: Number(b.asks[0][0]).toFixed(2) });
  assertError(takes, 400, -2010, /Order would immediately match and take\./);
});

test('cancel by origClientOrderId answers with origClientOrderId and the cancel\'s own clientOrderId', async () => {
  await signed(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '1000', newClientOrderId: 'to-cancel-1' });
  const r = await signed<Order & { origClientOrderId: string }>(c, 'DELETE', '/api/v3/order', { symbol: 'ETHUSDT', origClientOrderId: 'to-cancel-1', newClientOrderId: 'my-cancel-1' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'CANCELED');
  assert.equal(r.body.origClientOrderId, 'to-cancel-1');
  assert.equal(r.body.clientOrderId, 'my-cancel-1');
  assertError(await signed(c, 'DELETE', '/api/v3/order', { symbol: 'ETHUSDT', origClientOrderId: 'to-cancel-1' }), 400, -2011, /Unknown order sent/);
});

test('DELETE openOrders cancels every open order on the symbol; none left is -2011', async () => {
  // LTC trades near 100: bids at 50 rest.
  for (const p of ['50', '51']) assert.equal((await signed<Order>(c, 'POST', '/api/v3/order', { symbol: 'LTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.2', price: p, newClientOrderId: `all-${p}` })).body.status, 'NEW');
  const r = await signed<{ status: string; origClientOrderId: string }[]>(c, 'DELETE', '/api/v3/openOrders', { symbol: 'LTCUSDT' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.map((o) => [o.origClientOrderId, o.status]).sort(), [['all-50', 'CANCELED'], ['all-51', 'CANCELED']]);
  assert.deepEqual((await signed<Order[]>(c, 'GET', '/api/v3/openOrders', { symbol: 'LTCUSDT' })).body, []);
  const again = await signed(c, 'DELETE', '/api/v3/openOrders', { symbol: 'LTCUSDT' });
  assertError(again, 400, -2011);
});

test('cancelReplace cancels one order and places another; a failed cancel with STOP_ON_FAILURE is -2022', async () => {
  const first = await signed<Order>(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '1100', newClientOrderId: 'cr-1' });
  const r = await signed<{ cancelResult: string; newOrderResult: string; cancelResponse: { origClientOrderId: string }; newOrderResponse: Order }>(c, 'POST', '/api/v3/order/cancelReplace', {
    symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.02', price: '1200', cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: first.body.orderId, newClientOrderId: 'cr-2',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.cancelResult, 'SUCCESS');
  assert.equal(r.body.cancelResponse.origClientOrderId, 'cr-1');
  assert.equal(r.body.newOrderResponse.clientOrderId, 'cr-2');
  const failed = await signed<{ code: number; data: { cancelResult: string; newOrderResult: string } }>(c, 'POST', '/api/v3/order/cancelReplace', {
    symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.02', price: '1200', cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: first.body.orderId,
  });
  assertError(failed, 400, -2022);
  assert.equal(failed.body.data.cancelResult, 'FAILURE');
  assert.equal(failed.body.data.newOrderResult, 'NOT_ATTEMPTED');
  // ALLOW_FAILURE: the cancel fails, the new order is placed: partial success, HTTP 409 as documented.
  const partial = await signed<{ code: number; data: { cancelResult: string; newOrderResult: string } }>(c, 'POST', '/api/v3/order/cancelReplace', {
    symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.02', price: '1200', cancelReplaceMode: 'ALLOW_FAILURE', cancelOrderId: first.body.orderId,
  });
  assertError(partial, 409, -2021);
  assert.deepEqual([partial.body.data.cancelResult, partial.body.data.newOrderResult], ['FAILURE', 'SUCCESS']);
});

test('order/test checks an order without placing it', async () => {
  const before = (await signed<Order[]>(c, 'GET', '/api/v3/allOrders', { symbol: 'BNBUSDT' })).body.length;
  const ok = await signed(c, 'POST', '/api/v3/order/test', { symbol: 'BNBUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '100' });
  assert.deepEqual(ok.body, {});
  const rates = await signed<{ standardCommissionForOrder: { taker: string } }>(c, 'POST', '/api/v3/order/test', { symbol: 'BNBUSDT', side: 'BUY', type: 'MARKET', quantity: '0.1', computeCommissionRates: 'true' });
  assert.equal(rates.body.standardCommissionForOrder.taker, '0.00100000');
  assertError(await signed(c, 'POST', '/api/v3/order/test', { symbol: 'BNBUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.1', price: '100' }), 400, -1102, /timeInForce/);
  assert.equal((await signed<Order[]>(c, 'GET', '/api/v3/allOrders', { symbol: 'BNBUSDT' })).body.length, before);
});

test('allOrders and myTrades: by orderId, fromId and limit, in id order', async () => {
  const placed: number[] = [];
  for (let i = 0; i < 3; i++) placed.push((await signed<Order>(c, 'POST', '/api/v3/order', { symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', quantity: '0.1' })).body.orderId);
  const all = (await signed<Order[]>(c, 'GET', '/api/v3/allOrders', { symbol: 'SOLUSDT' })).body;
  assert.deepEqual(all.map((o) => o.orderId), placed);
  const from = (await signed<Order[]>(c, 'GET', '/api/v3/allOrders', { symbol: 'SOLUSDT', orderId: placed[1], limit: 1 })).body;
  assert.deepEqual(from.map((o) => o.orderId), [placed[1]]);
  const trades = (await signed<{ id: number; orderId: number }[]>(c, 'GET', '/api/v3/myTrades', { symbol: 'SOLUSDT' })).body;
  assert.ok(trades.length >= 3);
  const ofOrder = (await signed<{ id: number; orderId: number }[]>(c, 'GET', '/api/v3/myTrades', { symbol: 'SOLUSDT', orderId: placed[2] })).body;
  assert.ok(ofOrder.length >= 1 && ofOrder.every((t) => t.orderId === placed[2]));
  const fromId = (await signed<{ id: number }[]>(c, 'GET', '/api/v3/myTrades', { symbol: 'SOLUSDT', fromId: trades[1].id, limit: 1 })).body;
  assert.deepEqual(fromId.map((t) => t.id), [trades[1].id]);
  const window = (await signed<unknown[]>(c, 'GET', '/api/v3/myTrades', { symbol: 'SOLUSDT', startTime: Date.now() + 60_000, endTime: Date.now() + 120_000 })).body;
  assert.deepEqual(window, []);
  assertError(await signed(c, 'GET', '/api/v3/myTrades', { symbol: 'SOLUSDT', fromId: 1, startTime: 1 }), 400, -1128);
  assertError(await signed(c, 'GET', '/api/v3/myTrades', {}), 400, -1102, /'symbol'/);
});

test('with Binance\'s commissions a buy pays in the base asset it receives, a sell in the quote asset', async () => {
  const bsbx = await startSandbox({ seed: 5, tickMs: 1 << 30, commission: 'binance' });
  const bc = { url: bsbx.url, apiKey: bsbx.apiKey, secret: bsbx.secret };
  try {
    const buy = await signed<Order>(bc, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.1' });
    assert.equal(buy.body.fills![0].commissionAsset, 'ETH');
    assert.equal(buy.body.fills![0].commission, '0.00010000');
    type Acct = { balances: { asset: string; free: string }[] };
    const eth = async () => Number((await signed<Acct>(bc, 'GET', '/api/v3/account', {})).body.balances.find((b) => b.asset === 'ETH')!.free);
    const usdt = async () => Number((await signed<Acct>(bc, 'GET', '/api/v3/account', {})).body.balances.find((b) => b.asset === 'USDT')!.free);
    assert.equal(await eth(), 0.0999);
    // Exactly what was paid for: no fee in USDT on the buy.
    assert.equal(Math.round((10_000 - (await usdt())) * 1e6) / 1e6, Math.round(Number(buy.body.cummulativeQuoteQty) * 1e6) / 1e6);
    assertError(await signed(bc, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: '0.1' }), 400, -2010, /insufficient balance/);
    const sell = await signed<Order>(bc, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: '0.0999' });
    assert.equal(sell.body.status, 'FILLED');
    assert.equal(sell.body.fills![0].commissionAsset, 'USDT');
    assert.equal(await eth(), 0);
  } finally {
    await bsbx.close();
  }
});
