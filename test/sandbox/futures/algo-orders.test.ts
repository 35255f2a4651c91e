import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCcxtExchange } from '../../../source/adapters/ccxt/ccxt-client.js';
import { startSandbox, type Sandbox } from '../../../source/sandbox/sandbox-server.js';
import { get, signed } from '../binance-client.js';
import { missing, sieb } from '../npm-clients.js';

/**
 * USD-M conditional orders through Binance's algo service (issue 26, item 5): POST
 * /fapi/v1/algoOrder, queried, cancelled, and set off by the price into the order path.
 */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 81, tickMs: 30 });
});
after(() => sbx.close());
const c = () => ({ url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret });
const last = async (symbol: string) => Number((await get<{ price: string }>(sbx.url, '/fapi/v1/ticker/price', { symbol })).body.price);
type Algo = { algoId: number; algoStatus: string; orderType: string; triggerPrice: string; actualOrderId?: string };

test('raw: a stop set off by the last price places its MARKET order; an untouched one is cancelled; one already reached is -2021', async () => {
  // A buy stop just above the price, which the price control sets off below, and a sell stop 1%
  // under it, which stays untouched: at 10 under, the walk carrying on from the jump could set off
  // both under load (then no stop was left open to cancel). The price moves while a request
  // travels: a stop it already passed is -2021, then placed again.
  const stop = async (side: 'BUY' | 'SELL') => {
    for (let tries = 0; ; tries++) {
      assert.ok(tries < 20, 'the price outran twenty placements');
      const p = await last('BTCUSDT');
      const r = await signed<Algo & { code?: number }>(c(), 'POST', '/fapi/v1/algoOrder', { algoType: 'CONDITIONAL', symbol: 'BTCUSDT', side, type: 'STOP_MARKET', quantity: '0.002', triggerPrice: (side === 'BUY' ? p + 10 : p * 0.99).toFixed(1) });
      if (r.body.code !== -2021) return r;
    }
  };
  const up = await stop('BUY');
  const down = await stop('SELL');
  assert.equal(up.status, 200, JSON.stringify(up.body));
  assert.deepEqual([up.body.algoStatus, up.body.orderType], ['NEW', 'STOP_MARKET']);
  // Then the price steps 0.1% up by the sandbox's price control (the walk carries on from there), past
  // the upper one (10 above): waiting for the walk itself to reach either took seconds. A 1% jump
  // outran the perpetual's mark under load and the close-all order was REJECTED.
  sbx.exchange.market.moveTo('BTC/USDT', sbx.exchange.market.prices()['BTC/USDT'] * 1.001);
  const end = Date.now() + 30_000;
  let done: Algo | undefined;
  while (!done && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    for (const a of [up.body, down.body]) {
      const now = (await signed<Algo>(c(), 'GET', '/fapi/v1/algoOrder', { algoId: a.algoId })).body;
      if (now.algoStatus !== 'NEW') done = now;
    }
  }
  assert.ok(done, 'one of the stops was set off');
  assert.equal(done.algoStatus, 'FINISHED');
  const order = (await signed<{ status: string; type: string }>(c(), 'GET', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: done.actualOrderId! })).body;
  assert.deepEqual([order.type, order.status], ['MARKET', 'FILLED']);
  const other = done.algoId === up.body.algoId ? down.body : up.body;
  const open = (await signed<Algo[]>(c(), 'GET', '/fapi/v1/openAlgoOrders', { symbol: 'BTCUSDT' })).body;
  assert.deepEqual(open.map((a) => a.algoId), [other.algoId]);
  const cancelled = await signed<{ algoId: number; code: string }>(c(), 'DELETE', '/fapi/v1/algoOrder', { algoId: other.algoId });
  assert.deepEqual([cancelled.body.algoId, cancelled.body.code], [other.algoId, '200']);
  const now = await last('BTCUSDT');
  const reached = await signed<{ code: number }>(c(), 'POST', '/fapi/v1/algoOrder', { algoType: 'CONDITIONAL', symbol: 'BTCUSDT', side: 'BUY', type: 'STOP_MARKET', quantity: '0.002', triggerPrice: (now * 0.5).toFixed(1) });
  assert.equal(reached.body.code, -2021);
});

test('binance (tiagosiebler) USDMClient: submitNewAlgoOrder, getOpenAlgoOrders, getAlgoOrder, cancelAlgoOrder', { skip: !sieb && missing('binance') }, async () => {
  const usdm = new (sieb as unknown as { USDMClient: new (o: Record<string, unknown>) => Record<string, (p?: unknown) => Promise<unknown>> }).USDMClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  const p = await last('ETHUSDT');
  const placed = (await usdm.submitNewAlgoOrder({ algoType: 'CONDITIONAL', symbol: 'ETHUSDT', side: 'SELL', type: 'TAKE_PROFIT', quantity: 0.1, price: (p * 1.5).toFixed(2), triggerPrice: (p * 1.4).toFixed(2), clientAlgoId: 'tp-1' })) as Algo & { clientAlgoId: string; price: string };
  assert.deepEqual([placed.algoStatus, placed.clientAlgoId], ['NEW', 'tp-1']);
  assert.equal(((await usdm.getOpenAlgoOrders({ symbol: 'ETHUSDT' })) as Algo[]).length, 1);
  assert.equal(((await usdm.getAlgoOrder({ clientAlgoId: 'tp-1' })) as Algo).algoId, placed.algoId);
  assert.equal(((await usdm.cancelAlgoOrder({ algoId: placed.algoId })) as { code: string }).code, '200');
  assert.equal(((await usdm.getAlgoOrder({ algoId: placed.algoId })) as Algo).algoStatus, 'CANCELED');
});

test('ccxt binanceusdm: a stop-market order with triggerPrice goes to the algo service and is fetched and cancelled there', async () => {
  const ex = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret, timeoutMs: 5_000 })) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  try {
    const p = await last('SOLUSDT');
    const o = (await ex.createOrder('SOL/USDT:USDT', 'market', 'buy', 1, undefined, { triggerPrice: (p * 2).toFixed(2) })) as { id: string; status: string; triggerPrice: number };
    assert.equal(o.status, 'open');
    assert.ok(Math.abs(o.triggerPrice - p * 2) < 0.02);
    const cancelled = (await ex.cancelOrder(o.id, 'SOL/USDT:USDT', { trigger: true })) as { id: string };
    assert.equal(cancelled.id, o.id);
  } finally {
    await ex.close();
  }
});
