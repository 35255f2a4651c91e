import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCcxtExchange } from '../../source/adapters/ccxt/ccxt-client.js';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { signed } from './binance-client.js';
import { connector, missing, sieb, type ConnectorResponse } from './npm-clients.js';

/**
 * Endpoints bots call beside orders (issue 26, item 7): spot commission, prevented matches,
 * order count, all order lists; USD-M order test, batch orders, countdown cancel-all,
 * multi-assets mode; and -4120 for conditional orders on /fapi/v1/order, as Binance answers.
 */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 61, tickMs: 40 });
});
after(() => sbx.close());
const c = () => ({ url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret });

test('binance (tiagosiebler) spot: commission rates, prevented matches (none), order count, all order lists', { skip: !sieb && missing('binance') }, async () => {
  const rest = new sieb!.MainClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  const rates = (await rest.getCommissionRates({ symbol: 'BTCUSDT' })) as { symbol: string; standardCommission: { taker: string } };
  assert.deepEqual([rates.symbol, rates.standardCommission.taker], ['BTCUSDT', '0.00100000']);
  assert.deepEqual(await rest.getPreventedMatches({ symbol: 'BTCUSDT', orderId: 1 }), []);
  await rest.submitNewOrder({ symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.01, price: 1000 });
  const counts = (await rest.getOrderRateLimit()) as { interval: string; count: number; limit: number }[];
  assert.deepEqual(counts.map((r) => r.interval), ['SECOND', 'DAY']);
  assert.ok(counts.every((r) => r.count >= 1));
  assert.deepEqual(await rest.getAllOCO({}), []);
});

test('@binance/connector spot: order count and all order lists; the raw client: myPreventedMatches needs an id', { skip: !connector && missing('@binance/connector') }, async () => {
  const client = new connector!.Spot(sbx.apiKey, sbx.secret, { baseURL: sbx.url });
  const counts = (await client.orderCount()) as ConnectorResponse<{ rateLimitType: string; limit: number }[]>;
  assert.deepEqual(counts.data.map((r) => [r.rateLimitType, r.limit]), [['ORDERS', 100], ['ORDERS', 200000]]);
  assert.ok(Array.isArray(((await client.getOCOOrders()) as ConnectorResponse<unknown[]>).data));
  const bare = await signed<{ code: number }>(c(), 'GET', '/api/v3/myPreventedMatches', { symbol: 'BTCUSDT' });
  assert.deepEqual([bare.status, bare.body.code], [400, -1102]);
});

test('binance (tiagosiebler) USD-M: order test, batch orders placed and cancelled, countdown cancel-all, multi-assets mode, -4120', { skip: !sieb && missing('binance') }, async () => {
  const usdm = new (sieb as unknown as { USDMClient: new (o: Record<string, unknown>) => Record<string, (p?: unknown) => Promise<unknown>> }).USDMClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  assert.deepEqual(await usdm.testOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.01, price: 50000 }), {});
  const placed = (await usdm.submitMultipleOrders([
    { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '50000' },
    { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0', price: '50000' },
  ])) as ({ orderId: number; status: string } | { code: number })[];
  assert.equal((placed[0] as { status: string }).status, 'NEW');
  assert.equal((placed[1] as { code: number }).code, -4003, 'a bad entry is its own error, the others placed');
  const cancelled = (await usdm.cancelMultipleOrders({ symbol: 'BTCUSDT', orderIdList: [(placed[0] as { orderId: number }).orderId, 999999] })) as ({ status: string } | { code: number })[];
  assert.equal((cancelled[0] as { status: string }).status, 'CANCELED');
  assert.ok((cancelled[1] as { code: number }).code < 0);
  assert.deepEqual(await usdm.setCancelOrdersOnTimeout({ symbol: 'BTCUSDT', countdownTime: 60_000 }), { symbol: 'BTCUSDT', countdownTime: '60000' });
  assert.deepEqual(await usdm.getMultiAssetsMode(), { multiAssetsMargin: false });
  await assert.rejects(usdm.setMultiAssetsMode({ multiAssetsMargin: 'true' }), (e: { code?: number }) => e.code === -1130);
  await assert.rejects(usdm.submitNewOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: 0.01, stopPrice: 1000 }), (e: { code?: number; message?: string }) => e.code === -4120);
});

test('USD-M countdown cancel-all: the open orders of the symbol are cancelled once the countdown runs out', async () => {
  const order = await signed<{ orderId: number; status: string }>(c(), 'POST', '/fapi/v1/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '1000' });
  assert.equal(order.body.status, 'NEW');
  await signed(c(), 'POST', '/fapi/v1/countdownCancelAll', { symbol: 'ETHUSDT', countdownTime: 1 });
  const end = Date.now() + 15_000;
  let status = 'NEW';
  while (status === 'NEW' && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    status = (await signed<{ status: string }>(c(), 'GET', '/fapi/v1/order', { symbol: 'ETHUSDT', orderId: order.body.orderId })).body.status;
  }
  assert.equal(status, 'CANCELED');
});

test('ccxt binanceusdm: createOrders and cancelOrders through batchOrders; raw: a STOP_MARKET is -4120', async () => {
  const ex = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret, timeoutMs: 5_000 })) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  try {
    const orders = (await ex.createOrders([
      { symbol: 'ETH/USDT:USDT', type: 'limit', side: 'buy', amount: 0.1, price: 1000 },
      { symbol: 'ETH/USDT:USDT', type: 'limit', side: 'buy', amount: 0.1, price: 1001 },
    ])) as { id: string; status: string }[];
    assert.deepEqual(orders.map((o) => o.status), ['open', 'open']);
    const cancelled = (await ex.cancelOrders(orders.map((o) => o.id), 'ETH/USDT:USDT')) as { status: string }[];
    assert.deepEqual(cancelled.map((o) => o.status), ['canceled', 'canceled']);
    // ccxt itself refuses STOP_MARKET (exchangeInfo lists only LIMIT and MARKET); sent raw, it is Binance's -4120.
    const stop = await signed<{ code: number; msg: string }>(c(), 'POST', '/fapi/v1/order', { symbol: 'ETHUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: '0.1', stopPrice: '1000' });
    assert.deepEqual([stop.status, stop.body.code], [400, -4120]);
    assert.match(stop.body.msg, /^Order type not supported for this endpoint\. Please use the Algo Order API endpoints instead\./);
  } finally {
    await ex.close();
  }
});

test('USD-M commissionRate (the sandbox VIP 0 rates) through ccxt binanceusdm fetchTradingFee', async () => {
  const ex = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret, timeoutMs: 5_000 })) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  try {
    const fee = (await ex.fetchTradingFee('BTC/USDT:USDT')) as { maker: number; taker: number };
    assert.deepEqual([fee.maker, fee.taker], [0.0002, 0.0005]);
  } finally {
    await (ex.close as () => Promise<void>)?.();
  }
});

test('USD-M commissionRate through binance (tiagosiebler) USDMClient getAccountCommissionRate', { skip: !sieb && missing('binance') }, async () => {
  const usdm = new (sieb as unknown as { USDMClient: new (o: Record<string, unknown>) => Record<string, (p?: unknown) => Promise<unknown>> }).USDMClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  const rate = (await usdm.getAccountCommissionRate({ symbol: 'BTCUSDT' })) as { symbol: string; makerCommissionRate: string; takerCommissionRate: string };
  assert.deepEqual([rate.symbol, Number(rate.makerCommissionRate), Number(rate.takerCommissionRate)], ['BTCUSDT', 0.0002, 0.0005]);
});
