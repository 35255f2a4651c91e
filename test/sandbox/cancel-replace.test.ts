import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { connector, missing, sieb, type ConnectorResponse } from './npm-clients.js';

/**
 * cancelReplace's partial failure (issue 26, item 6) through two independent clients: the
 * cancel fails, the new order is placed (ALLOW_FAILURE), and Binance's answer is HTTP 409
 * with -2021 and both halves in `data`. (The raw request: rest-orders.test.ts; ccxt's amend:
 * test/ccxt/stops.test.ts.)
 */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 61, tickMs: 1 << 30 });
});
after(() => sbx.close());

type Failure = { response?: { status: number; data: { code: number; data?: { cancelResult: string; newOrderResult: string } } } };

test('@binance/connector cancelAndReplace: a cancel of an unknown order with ALLOW_FAILURE is 409, -2021, the new order placed', { skip: !connector && missing('@binance/connector') }, async () => {
  const client = new connector!.Spot(sbx.apiKey, sbx.secret, { baseURL: sbx.url });
  const last = Number(((await client.tickerPrice('ETHUSDT')) as ConnectorResponse<{ price: string }>).data.price);
  const price = (last * 0.8).toFixed(2);
  const err = (await client.cancelAndReplace('ETHUSDT', 'BUY', 'LIMIT', 'ALLOW_FAILURE', { cancelOrderId: 987_654, quantity: 0.02, price, timeInForce: 'GTC', newClientOrderId: 'cr-connector' }).then(() => assert.fail('a partial failure is an error'), (e: Failure) => e)) as Failure;
  assert.equal(err.response?.status, 409);
  assert.equal(err.response?.data.code, -2021);
  assert.deepEqual([err.response?.data.data?.cancelResult, err.response?.data.data?.newOrderResult], ['FAILURE', 'SUCCESS']);
  const open = (await client.openOrders({ symbol: 'ETHUSDT' })) as ConnectorResponse<{ clientOrderId: string }[]>;
  assert.ok(open.data.some((o) => o.clientOrderId === 'cr-connector'), 'the new half was placed');
});

test('binance (tiagosiebler) replaceOrder: the same partial failure is -2021 with both halves, the new order placed', { skip: !sieb && missing('binance') }, async () => {
  const rest = new sieb!.MainClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  const last = Number(((await rest.getSymbolPriceTicker({ symbol: 'BTCUSDT' })) as { price: string }).price);
  const err = (await rest.replaceOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', cancelReplaceMode: 'ALLOW_FAILURE', cancelOrderId: 987_655, quantity: 0.001, price: Number((last * 0.8).toFixed(2)), timeInForce: 'GTC', newClientOrderId: 'cr-sieb' }).then(() => assert.fail('a partial failure is an error'), (e: unknown) => e)) as { code?: number; body?: { code?: number; data?: { cancelResult: string; newOrderResult: string } } };
  assert.equal(err.code ?? err.body?.code, -2021, JSON.stringify(err).slice(0, 300));
  assert.deepEqual([err.body?.data?.cancelResult, err.body?.data?.newOrderResult], ['FAILURE', 'SUCCESS']);
  const open = (await rest.getOpenOrders({ symbol: 'BTCUSDT' })) as { clientOrderId: string }[];
  assert.ok(open.some((o) => o.clientOrderId === 'cr-sieb'), 'the new half was placed');
});
