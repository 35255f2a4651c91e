import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { get, signed, Socket } from './binance-client.js';
import { connector, missing, sieb, type ConnectorResponse } from './npm-clients.js';

/**
 * The small things a bot reads (issue 26, item 9): why an order expired, the documented default
 * response type of stop orders, kline trade ids, and the mark-price streams' update speed.
 */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 51, tickMs: 40 });
});
after(() => sbx.close());
const c = () => ({ url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret });

test('an expired IOC or FOK order says why (expiryReason in answers, eR in its execution report)', async () => {
  const s = await Socket.open(`${sbx.wsUrl}/ws-api/v3`);
  try {
    const { hmac } = await import('./binance-client.js');
    const params: Record<string, string | number> = { apiKey: sbx.apiKey, timestamp: Date.now() };
    const payload = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
    await s.call({ id: 'sub', method: 'userDataStream.subscribe.signature', params: { ...params, signature: hmac(payload, sbx.secret) } });
    const ioc = await signed<{ status: string; expiryReason: string; orderId: number }>(c(), 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity: '0.01', price: '1000' });
    assert.deepEqual([ioc.body.status, ioc.body.expiryReason], ['EXPIRED', 'UNFILLED_IOC_QUANTITY_EXPIRED']);
    const report = await s.next<{ event?: { x?: string; i?: number; eR?: string } }>('the EXPIRED report', (m) => m.event?.x === 'EXPIRED' && m.event.i === ioc.body.orderId);
    assert.equal(report.event!.eR, 'UNFILLED_IOC_QUANTITY_EXPIRED');
    const fok = await signed<{ status: string; expiryReason: string; orderId: number }>(c(), 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'FOK', quantity: '0.01', price: '1000' });
    assert.equal(fok.body.expiryReason, 'UNFILLED_FOK_ORDER_EXPIRED');
    const query = await signed<{ expiryReason: string }>(c(), 'GET', '/api/v3/order', { symbol: 'ETHUSDT', orderId: fok.body.orderId });
    assert.equal(query.body.expiryReason, 'UNFILLED_FOK_ORDER_EXPIRED');
    const open = await signed<{ orderId: number }>(c(), 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '1000' });
    const live = await signed<Record<string, unknown>>(c(), 'GET', '/api/v3/order', { symbol: 'ETHUSDT', orderId: open.body.orderId });
    assert.equal('expiryReason' in live.body, false, 'only an expired order has one');
  } finally {
    s.close();
  }
});

test('@binance/connector: a stop-limit order without newOrderRespType is answered ACK, as documented for all but MARKET and LIMIT', { skip: !connector && missing('@binance/connector') }, async () => {
  const client = new connector!.Spot(sbx.apiKey, sbx.secret, { baseURL: sbx.url });
  const last = Number(((await client.tickerPrice('BTCUSDT')) as ConnectorResponse<{ price: string }>).data.price);
  const stop = (await client.newOrder('BTCUSDT', 'BUY', 'STOP_LOSS_LIMIT', { quantity: 0.001, price: (last * 1.2).toFixed(2), stopPrice: (last * 1.1).toFixed(2), timeInForce: 'GTC' })) as ConnectorResponse<Record<string, unknown>>;
  assert.deepEqual(Object.keys(stop.data).sort(), ['clientOrderId', 'orderId', 'orderListId', 'symbol', 'transactTime']);
  const limit = (await client.newOrder('BTCUSDT', 'BUY', 'LIMIT', { quantity: 0.001, price: (last * 0.5).toFixed(2), timeInForce: 'GTC' })) as ConnectorResponse<Record<string, unknown>>;
  assert.ok('fills' in limit.data, 'LIMIT defaults to FULL');
});

test('binance (tiagosiebler): an expired order read back has its expiryReason', { skip: !sieb && missing('binance') }, async () => {
  const rest = new sieb!.MainClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  const placed = (await rest.submitNewOrder({ symbol: 'BNBUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity: 1, price: 100 })) as { orderId: number; expiryReason?: string };
  assert.equal(placed.expiryReason, 'UNFILLED_IOC_QUANTITY_EXPIRED');
  const back = (await rest.getOrder({ symbol: 'BNBUSDT', orderId: placed.orderId })) as { expiryReason?: string };
  assert.equal(back.expiryReason, 'UNFILLED_IOC_QUANTITY_EXPIRED');
});

test('a kline event names the first and last trade ids of its bar', async () => {
  const s = await Socket.open(`${sbx.wsUrl}/ws/btcusdt@kline_1m`);
  try {
    const e = await s.next<{ k: { f: number; L: number; t: number; T: number } }>('a kline with trades', (m) => (m as { k?: { f: number } }).k !== undefined && m.k.f !== -1);
    assert.ok(e.k.f <= e.k.L);
    const trades = (await get<{ id: number; time: number }[]>(sbx.url, '/api/v3/trades', { symbol: 'BTCUSDT', limit: 1000 })).body;
    const first = trades.find((t) => t.id === e.k.f);
    assert.ok(first && first.time >= e.k.t && first.time <= e.k.T, 'the first trade id is a trade of the bar');
  } finally {
    s.close();
  }
});

test('@markPrice@1s pushes at most once a second, @markPrice every 3 s (event times)', async () => {
  const s = await Socket.open(`${sbx.wsUrl}/fstream/stream?streams=btcusdt@markPrice@1s/btcusdt@markPrice`);
  try {
    const times: Record<string, number[]> = { 'btcusdt@markPrice@1s': [], 'btcusdt@markPrice': [] };
    while (times['btcusdt@markPrice@1s'].length < 3 || times['btcusdt@markPrice'].length < 2) {
      const m = await s.next<{ stream: string; data: { E: number } }>('mark price events', () => true, 20_000);
      times[m.stream]?.push(m.data.E);
    }
    const gaps = (ts: number[]) => ts.slice(1).map((t, i) => t - ts[i]);
    assert.ok(gaps(times['btcusdt@markPrice@1s']).every((g) => g >= 1000), JSON.stringify(times));
    assert.ok(gaps(times['btcusdt@markPrice']).every((g) => g >= 3000), JSON.stringify(times));
  } finally {
    s.close();
  }
});
