import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCcxtExchange } from '../../../source/adapters/ccxt/ccxt-client.js';
import { startSandbox, type Sandbox } from '../../../source/sandbox/sandbox-server.js';
import { assertError, get, signed } from '../binance-client.js';
import { missing, sieb } from '../npm-clients.js';

/** USD-M algo orders with `closePosition=true` (issue 26): set off, they close the whole position on their side. */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 89, tickMs: 30 });
});
after(() => sbx.close());
const last = async (symbol: string) => Number((await get<{ price: string }>(sbx.url, '/fapi/v1/ticker/price', { symbol })).body.price);
type Algo = { algoId: number; algoStatus: string; closePosition: boolean; triggerTime: number; actualOrderId?: string; code?: number };
const amount = async (symbol: string) => Number((await signed<{ symbol: string; positionAmt: string }[]>(sbx, 'GET', '/fapi/v2/positionRisk', { symbol })).body.find((p) => p.symbol === symbol)!.positionAmt);

test('raw: a long closed whole by whichever close-all order (stop-loss or take-profit) the price reaches first', async () => {
  await signed(sbx, 'POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.004' });
  assert.equal(await amount('BTCUSDT'), 0.004);
  const place = async (type: string, sign: number) => {
    for (let tries = 0; ; tries++) {
      assert.ok(tries < 20, 'the price outran twenty placements');
      const p = await last('BTCUSDT');
      const r = await signed<Algo>(sbx, 'POST', '/fapi/v1/algoOrder', { algoType: 'CONDITIONAL', symbol: 'BTCUSDT', side: 'SELL', type, closePosition: 'true', triggerPrice: (p + sign * 10).toFixed(1) });
      if (r.body.code !== -2021) return r.body;
    }
  };
  const stop = await place('STOP_MARKET', -1);
  const profit = await place('TAKE_PROFIT_MARKET', 1);
  assert.equal(stop.closePosition, true);
  // Then the price steps 0.1% up by the sandbox's price control (the walk carries on from there), past
  // the upper one (10 above): waiting for the walk itself to reach either took seconds. A 1% jump
  // outran the perpetual's mark under load and the close-all order was REJECTED.
  sbx.exchange.market.moveTo('BTC/USDT', sbx.exchange.market.prices()['BTC/USDT'] * 1.001);
  let done: Algo | undefined;
  const end = Date.now() + 60_000;
  while (!done && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    const off: Algo[] = [];
    for (const a of [stop, profit]) {
      const q = await signed<Algo>(sbx, 'GET', '/fapi/v1/algoOrder', { algoId: a.algoId });
      if (q.body.algoStatus !== 'NEW') off.push(q.body);
    }
    // Under load both may be set off between two looks (the walk reaching the stop before the
    // jump, the second then finding no position: REJECTED): the one the price reached first.
    done = off.sort((x, y) => x.triggerTime - y.triggerTime)[0];
  }
  assert.ok(done, 'the price reached one of them within a minute');
  assert.equal(done.algoStatus, 'FINISHED');
  assert.equal(await amount('BTCUSDT'), 0, 'the whole position closed');
  await signed(sbx, 'DELETE', '/fapi/v1/algoOpenOrders', { symbol: 'BTCUSDT' });
});

test('raw: closePosition refusals: with quantity (-4137), with reduceOnly (-1106), on a STOP (-1106)', async () => {
  const base = { algoType: 'CONDITIONAL', symbol: 'BTCUSDT', side: 'SELL', closePosition: 'true', triggerPrice: ((await last('BTCUSDT')) * 0.5).toFixed(1) };
  assertError(await signed(sbx, 'POST', '/fapi/v1/algoOrder', { ...base, type: 'STOP_MARKET', quantity: '0.002' }), 400, -4137);
  assertError(await signed(sbx, 'POST', '/fapi/v1/algoOrder', { ...base, type: 'STOP_MARKET', reduceOnly: 'true' }), 400, -1106, /reduceOnly/);
  assertError(await signed(sbx, 'POST', '/fapi/v1/algoOrder', { ...base, type: 'STOP', price: '1000', quantity: '0.002' }), 400, -1106, /closePosition/);
});

test('ccxt binanceusdm: a close-all stop through fapiPrivatePostAlgoOrder', async () => {
  const ex = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret, timeoutMs: 5_000 })) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  try {
    const r = (await ex.fapiPrivatePostAlgoOrder({ algoType: 'CONDITIONAL', symbol: 'ETHUSDT', side: 'SELL', type: 'STOP_MARKET', closePosition: 'true', triggerPrice: ((await last('ETHUSDT')) * 0.5).toFixed(2) })) as Algo;
    assert.deepEqual([r.algoStatus, r.closePosition], ['NEW', true]);
    await ex.fapiPrivateDeleteAlgoOrder({ algoId: r.algoId });
  } finally {
    await ex.close();
  }
});

test('binance (tiagosiebler) USDMClient: a close-all take-profit', { skip: !sieb && missing('binance') }, async () => {
  const usdm = new (sieb as unknown as { USDMClient: new (o: Record<string, unknown>) => Record<string, (p?: unknown) => Promise<unknown>> }).USDMClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  const r = (await usdm.submitNewAlgoOrder({ algoType: 'CONDITIONAL', symbol: 'SOLUSDT', side: 'BUY', type: 'TAKE_PROFIT_MARKET', closePosition: 'true', triggerPrice: Number(((await last('SOLUSDT')) * 0.5).toFixed(2)) })) as Algo;
  assert.deepEqual([r.algoStatus, r.closePosition], ['NEW', true]);
  await usdm.cancelAlgoOrder({ algoId: r.algoId });
});
