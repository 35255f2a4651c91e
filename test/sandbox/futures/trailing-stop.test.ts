import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCcxtExchange } from '../../../source/adapters/ccxt/ccxt-client.js';
import { trailed, type Trail } from '../../../source/sandbox/futures/algo-orders.js';
import { startSandbox, type Sandbox } from '../../../source/sandbox/sandbox-server.js';
import { assertError, get, signed } from '../binance-client.js';
import { missing, sieb } from '../npm-clients.js';

/**
 * USD-M TRAILING_STOP_MARKET through the algo service (issue 26): `callbackRate` (0.1 to 10),
 * `activatePrice` ahead of the market, set off when the price turns back by the rate from its
 * best since activation, then a MARKET order through the order path.
 */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 85, tickMs: 30 });
});
after(() => sbx.close());
const c = () => ({ url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret });
const last = async (symbol: string) => Number((await get<{ price: string }>(sbx.url, '/fapi/v1/ticker/price', { symbol })).body.price);
type Algo = { algoId: number; algoStatus: string; orderType: string; priceRate?: string; activatePrice?: string; actualOrderId?: string; code?: number };
const trailing = { algoType: 'CONDITIONAL', symbol: 'BTCUSDT', type: 'TRAILING_STOP_MARKET', quantity: '0.002' };

test('the trailing rule: inactive until activatePrice, then follows the best price and sets off at a turn of the rate', () => {
  const sell: Trail = { rate: 1, activatePrice: 110 };
  assert.deepEqual([100, 105, 109.9].map((p) => trailed(sell, 'SELL', p)), [false, false, false], 'not active below 110');
  assert.equal(sell.extreme, undefined);
  assert.deepEqual([110, 120, 119, 118.81].map((p) => trailed(sell, 'SELL', p)), [false, false, false, false]);
  assert.equal(sell.extreme, 120);
  assert.equal(trailed(sell, 'SELL', 118.8), true, '1% under the high of 120');
  const buy: Trail = { rate: 2, extreme: 100 };
  assert.deepEqual([95, 96.8].map((p) => trailed(buy, 'BUY', p)), [false, false]);
  assert.equal(trailed(buy, 'BUY', 97), true, '2% over the low of 95');
});

test('raw: a trailing stop with the smallest callback rate sets off as the price turns, placing its MARKET order; exchangeInfo lists the type', async () => {
  const info = await get<{ symbols: { symbol: string; orderTypes: string[] }[] }>(sbx.url, '/fapi/v1/exchangeInfo');
  assert.ok(info.body.symbols[0].orderTypes.includes('TRAILING_STOP_MARKET'));
  const buy = await signed<Algo>(c(), 'POST', '/fapi/v1/algoOrder', { ...trailing, side: 'BUY', callbackRate: '0.1' });
  const sell = await signed<Algo>(c(), 'POST', '/fapi/v1/algoOrder', { ...trailing, side: 'SELL', callbackRate: '0.1' });
  assert.equal(buy.status, 200, JSON.stringify(buy.body));
  assert.deepEqual([buy.body.orderType, buy.body.algoStatus, buy.body.priceRate], ['TRAILING_STOP_MARKET', 'NEW', '0.1']);
  // The price turned up 0.3% by the sandbox's price control (the walk carries on from there): the
  // buy's trail, from its low, sets off. Waiting for the walk itself to turn took 1-8 s.
  sbx.exchange.market.moveTo('BTC/USDT', sbx.exchange.market.prices()['BTC/USDT'] * 1.003);
  let done: Algo | undefined;
  const end = Date.now() + 60_000;
  while (!done && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    for (const a of [buy.body, sell.body]) {
      const q = await signed<Algo>(c(), 'GET', '/fapi/v1/algoOrder', { algoId: a.algoId });
      if (q.body.algoStatus !== 'NEW') done = q.body;
    }
  }
  assert.ok(done, 'the price turned by 0.1% within a minute');
  assert.equal(done.algoStatus, 'FINISHED');
  const order = await signed<{ type: string; status: string }>(c(), 'GET', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: done.actualOrderId! });
  assert.deepEqual([order.body.type, order.body.status], ['MARKET', 'FILLED']);
  await signed(c(), 'DELETE', '/fapi/v1/algoOpenOrders', { symbol: 'BTCUSDT' });
});

test('raw: refusals: no callbackRate (-1102), one out of 0.1..10 (-1130), an activatePrice the market has passed (-2021)', async () => {
  assertError(await signed(c(), 'POST', '/fapi/v1/algoOrder', { ...trailing, side: 'SELL' }), 400, -1102, /callbackRate/);
  assertError(await signed(c(), 'POST', '/fapi/v1/algoOrder', { ...trailing, side: 'SELL', callbackRate: '11' }), 400, -1130, /callbackRate/);
  const p = await last('BTCUSDT');
  assertError(await signed(c(), 'POST', '/fapi/v1/algoOrder', { ...trailing, side: 'SELL', callbackRate: '1', activatePrice: (p * 0.5).toFixed(1) }), 400, -2021, /activatePrice must be above/);
  const ok = await signed<Algo>(c(), 'POST', '/fapi/v1/algoOrder', { ...trailing, side: 'SELL', callbackRate: '1', activatePrice: (p * 2).toFixed(1) });
  assert.equal(Number(ok.body.activatePrice), Number((p * 2).toFixed(1)));
  await signed(c(), 'DELETE', '/fapi/v1/algoOrder', { algoId: ok.body.algoId });
});

test('ccxt binanceusdm: a trailing stop through fapiPrivatePostAlgoOrder, fetched in openAlgoOrders', async () => {
  const ex = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret, timeoutMs: 5_000 })) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  try {
    const p = await last('ETHUSDT');
    const r = (await ex.fapiPrivatePostAlgoOrder({ algoType: 'CONDITIONAL', symbol: 'ETHUSDT', side: 'BUY', type: 'TRAILING_STOP_MARKET', quantity: '0.1', callbackRate: '2', activatePrice: (p * 0.5).toFixed(2) })) as Algo;
    assert.equal(r.orderType, 'TRAILING_STOP_MARKET');
    const open = (await ex.fapiPrivateGetOpenAlgoOrders({ symbol: 'ETHUSDT' })) as Algo[];
    assert.ok(open.some((a) => a.algoId === r.algoId && a.priceRate === '2.0'));
    await ex.fapiPrivateDeleteAlgoOrder({ algoId: r.algoId });
  } finally {
    await ex.close();
  }
});

test('binance (tiagosiebler) USDMClient: submitNewAlgoOrder with TRAILING_STOP_MARKET', { skip: !sieb && missing('binance') }, async () => {
  const usdm = new (sieb as unknown as { USDMClient: new (o: Record<string, unknown>) => Record<string, (p?: unknown) => Promise<unknown>> }).USDMClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  const p = await last('SOLUSDT');
  const r = (await usdm.submitNewAlgoOrder({ algoType: 'CONDITIONAL', symbol: 'SOLUSDT', side: 'SELL', type: 'TRAILING_STOP_MARKET', quantity: 1, callbackRate: 0.5, activatePrice: Number((p * 2).toFixed(2)) })) as Algo;
  assert.deepEqual([r.orderType, r.algoStatus, r.priceRate], ['TRAILING_STOP_MARKET', 'NEW', '0.5']);
  await usdm.cancelAlgoOrder({ algoId: r.algoId });
});
