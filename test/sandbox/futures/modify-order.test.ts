import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCcxtExchange } from '../../../source/adapters/ccxt/ccxt-client.js';
import { startSandbox, type Sandbox } from '../../../source/sandbox/sandbox-server.js';
import { get, signed } from '../binance-client.js';
import { missing, sieb } from '../npm-clients.js';

/** USD-M order modify (`PUT /fapi/v1/order`, issue 26 item 7): a resting LIMIT order's price and quantity, with Binance's codes. */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 83, tickMs: 1 << 30 });
});
after(() => sbx.close());
const c = () => ({ url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret });
const last = async (symbol: string) => Number((await get<{ price: string }>(sbx.url, '/fapi/v1/ticker/price', { symbol })).body.price);
type Wire = { orderId: number; price: string; origQty: string; status: string; code?: number; msg?: string };

test('raw: modify moves a resting limit\'s price and quantity; the same terms are -5027; a market order, the wrong side or priceMatch are refused; a filled one is -2013', async () => {
  const p = await last('BTCUSDT');
  const placed = await signed<Wire>(c(), 'POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.002', price: (p * 0.9).toFixed(1) });
  assert.equal(placed.status, 200, JSON.stringify(placed.body));
  const id = placed.body.orderId;
  const moved = await signed<Wire>(c(), 'PUT', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: id, side: 'BUY', quantity: '0.003', price: (p * 0.91).toFixed(1) });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.deepEqual([moved.body.orderId, moved.body.status, Number(moved.body.price), Number(moved.body.origQty)], [id, 'NEW', Number((p * 0.91).toFixed(1)), 0.003]);
  const same = await signed<Wire>(c(), 'PUT', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: id, side: 'BUY', quantity: '0.003', price: (p * 0.91).toFixed(1) });
  assert.equal(same.body.code, -5027);
  const side = await signed<Wire>(c(), 'PUT', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: id, side: 'SELL', quantity: '0.003', price: (p * 0.91).toFixed(1) });
  assert.equal(side.body.code, -1117);
  const match = await signed<Wire>(c(), 'PUT', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: id, side: 'BUY', quantity: '0.003', priceMatch: 'OPPONENT' });
  assert.equal(match.body.code, -1130);
  const tick = await signed<Wire>(c(), 'PUT', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: id, side: 'BUY', quantity: '0.003', price: (p * 0.91).toFixed(1) + '0001' });
  assert.ok(tick.status >= 400, 'a price off the tick is refused');
  assert.equal(Number((await signed<Wire>(c(), 'GET', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: id })).body.price), Number((p * 0.91).toFixed(1)), 'a refused change leaves the order as it was');
  // Modified across the book: it trades at once, as a new limit there would.
  const crossed = await signed<Wire>(c(), 'PUT', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: id, side: 'BUY', quantity: '0.003', price: (p * 1.05).toFixed(1) });
  assert.equal(crossed.body.status, 'FILLED', JSON.stringify(crossed.body));
  const gone = await signed<Wire>(c(), 'PUT', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: id, side: 'BUY', quantity: '0.004', price: (p * 0.9).toFixed(1) });
  assert.equal(gone.body.code, -2013);
  const market = await signed<Wire>(c(), 'POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.003' });
  const m = await signed<Wire>(c(), 'PUT', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: market.body.orderId, side: 'SELL', quantity: '0.003', price: String(p) });
  assert.ok(m.body.code === -2013 || m.body.code === -1116, JSON.stringify(m.body));
});

test('ccxt binanceusdm editOrder reaches PUT /fapi/v1/order', async () => {
  const ex = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret, timeoutMs: 5_000 })) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  try {
    const p = await last('ETHUSDT');
    const o = (await ex.createOrder('ETH/USDT:USDT', 'limit', 'buy', 0.05, Number((p * 0.9).toFixed(2)))) as { id: string };
    const e = (await ex.editOrder(o.id, 'ETH/USDT:USDT', 'limit', 'buy', 0.06, Number((p * 0.92).toFixed(2)))) as { id: string; price: number; amount: number; status: string };
    assert.deepEqual([e.id, e.price, e.amount, e.status], [o.id, Number((p * 0.92).toFixed(2)), 0.06, 'open']);
    await ex.cancelOrder(o.id, 'ETH/USDT:USDT');
  } finally {
    await (ex.close as () => Promise<void>)?.();
  }
});

test('binance (tiagosiebler) USDMClient: modifyOrder', { skip: !sieb && missing('binance') }, async () => {
  const usdm = new (sieb as unknown as { USDMClient: new (o: Record<string, unknown>) => Record<string, (p?: unknown) => Promise<unknown>> }).USDMClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  const p = await last('BTCUSDT');
  const o = (await usdm.submitNewOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.002, price: Number((p * 1.1).toFixed(1)) })) as { orderId: number };
  const m = (await usdm.modifyOrder({ symbol: 'BTCUSDT', orderId: o.orderId, side: 'SELL', quantity: 0.004, price: Number((p * 1.08).toFixed(1)) })) as Wire;
  assert.deepEqual([m.orderId, Number(m.origQty), m.status], [o.orderId, 0.004, 'NEW']);
  await usdm.cancelOrder({ symbol: 'BTCUSDT', orderId: o.orderId });
});
