import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { assertLocalBookMatches, connector, missing, sieb, silence, until, type ConnectorResponse } from './npm-clients.js';

/** Independent Binance client libraries from npm against the sandbox, with their own signing and parsers (see npm-clients.ts). */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 12, tickMs: 30 });
});
after(() => sbx.close());

test('@binance/connector: orders of every type, cancels, queries, klines by interval and window', { skip: !connector && missing('@binance/connector') }, async () => {
  const client = new connector!.Spot(sbx.apiKey, sbx.secret, { baseURL: sbx.url });
  const quote = (await client.newOrder('BTCUSDT', 'BUY', 'MARKET', { quoteOrderQty: 100 })) as ConnectorResponse<{ status: string; cummulativeQuoteQty: string }>;
  assert.equal(quote.data.status, 'FILLED');
  assert.ok(Number(quote.data.cummulativeQuoteQty) <= 100);
  assert.equal(((await client.newOrder('ETHUSDT', 'BUY', 'MARKET', { quantity: 0.01 })) as ConnectorResponse<{ status: string }>).data.status, 'FILLED');
  const limit = (await client.newOrder('ETHUSDT', 'BUY', 'LIMIT', { price: '1000', quantity: 0.01, timeInForce: 'GTC', newClientOrderId: 'conn-1' })) as ConnectorResponse<{ status: string; orderId: number }>;
  assert.equal(limit.data.status, 'NEW');
  assert.equal(((await client.newOrder('ETHUSDT', 'BUY', 'LIMIT', { price: '1000', quantity: 0.01, timeInForce: 'FOK' })) as ConnectorResponse<{ status: string }>).data.status, 'EXPIRED');
  assert.equal(((await client.newOrder('ETHUSDT', 'BUY', 'LIMIT', { price: '1000', quantity: 0.01, timeInForce: 'IOC' })) as ConnectorResponse<{ status: string }>).data.status, 'EXPIRED');
  assert.equal(((await client.newOrder('ETHUSDT', 'BUY', 'LIMIT_MAKER', { price: '1001', quantity: 0.01 })) as ConnectorResponse<{ orderId: number }>).data.orderId > 0, true);
  assert.deepEqual(((await client.newOrderTest('ETHUSDT', 'BUY', 'MARKET', { quantity: 0.01 })) as ConnectorResponse<unknown>).data, {});
  assert.equal(((await client.getOrder('ETHUSDT', { origClientOrderId: 'conn-1' })) as ConnectorResponse<{ orderId: number }>).data.orderId, limit.data.orderId);
  assert.equal(((await client.openOrders({ symbol: 'ETHUSDT' })) as ConnectorResponse<unknown[]>).data.length, 2);
  const cancel = (await client.cancelOrder('ETHUSDT', { origClientOrderId: 'conn-1' })) as ConnectorResponse<{ origClientOrderId: string; status: string }>;
  assert.deepEqual([cancel.data.origClientOrderId, cancel.data.status], ['conn-1', 'CANCELED']);
  assert.equal(((await client.cancelOpenOrders('ETHUSDT')) as ConnectorResponse<unknown[]>).data.length, 1);
  assert.ok(((await client.allOrders('ETHUSDT')) as ConnectorResponse<unknown[]>).data.length >= 5);
  assert.ok(((await client.myTrades('ETHUSDT')) as ConnectorResponse<unknown[]>).data.length >= 1);
  await assert.rejects(client.newOrder('ETHUSDT', 'BUY', 'LIMIT', { price: '1000', quantity: 0.01 }), (e: { response?: { data?: { code?: number } } }) => e.response?.data?.code === -1102);
  const hours = (await client.klines('BTCUSDT', '1h', { limit: 3 })) as ConnectorResponse<number[][]>;
  assert.ok(hours.data.every((k) => k[0] % 3_600_000 === 0 && k[6] === k[0] + 3_599_999));
  const window = (await client.klines('BTCUSDT', '4h', { startTime: hours.data[0][0] - 8 * 3_600_000, endTime: hours.data[0][0] })) as ConnectorResponse<number[][]>;
  assert.ok(window.data.length >= 2 && window.data.every((k) => k[0] % 14_400_000 === 0 && k[0] <= hours.data[0][0]));
});

test('@binance/connector: a local order book from its depth stream and a REST snapshot matches the REST book', { skip: !connector && missing('@binance/connector') }, async () => {
  const restore = silence();
  const events: { U: number; u: number; b: [string, string][]; a: [string, string][] }[] = [];
  const ws = new connector!.WebsocketStream({ wsURL: sbx.wsUrl, callbacks: { message: (m: string) => events.push(JSON.parse(m) as (typeof events)[number]) } });
  try {
    ws.diffBookDepth('ethusdt', '100ms');
    await until('a depth update', () => events.length > 0);
    const client = new connector!.Spot(sbx.apiKey, sbx.secret, { baseURL: sbx.url });
    type Snap = { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
    let snap = ((await client.depth('ETHUSDT', { limit: 5000 })) as ConnectorResponse<Snap>).data;
    while (snap.lastUpdateId < events[0].U) snap = ((await client.depth('ETHUSDT', { limit: 5000 })) as ConnectorResponse<Snap>).data;
    // The documented procedure: drop events up to the snapshot, check the chain, apply the rest,
    // up to the update id of a later snapshot; both books must then be equal.
    const later = ((await client.depth('ETHUSDT', { limit: 5000 })) as ConnectorResponse<Snap>).data;
    await until('the stream to reach the later snapshot', () => events.some((e) => e.u >= later.lastUpdateId));
    assertLocalBookMatches(snap, events, later);
  } finally {
    ws.disconnect();
    restore();
  }
});

test('binance (tiagosiebler): REST with its own signing and parsers, and the user data stream over the WebSocket API', { skip: !sieb && missing('binance') }, async () => {
  const restore = silence();
  const rest = new sieb!.MainClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  const wsapi = new sieb!.WebsocketAPIClient({ api_key: sbx.apiKey, api_secret: sbx.secret, wsUrl: `${sbx.wsUrl}/ws-api/v3`, beautify: false });
  const events: Record<string, unknown>[] = [];
  wsapi.getWSClient().on('message', (m) => {
    // The library lifts `event` out of Binance's `{subscriptionId, event}` wrapper.
    const msg = m as Record<string, unknown> & { event?: Record<string, unknown> };
    const e = msg.event ?? msg;
    if (typeof e.e === 'string') events.push(e);
  });
  try {
    const sub = (await wsapi.subscribeUserDataStream('mainWSAPI')) as { result?: { subscriptionId?: number } };
    assert.equal(typeof sub.result?.subscriptionId, 'number');
    const klines = (await rest.getKlines({ symbol: 'BTCUSDT', interval: '15m', limit: 4 })) as number[][];
    assert.ok(klines.length === 4 && klines.every((k) => k[0] % 900_000 === 0));
    const placed = (await rest.submitNewOrder({ symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.01, price: 1000, newClientOrderId: 'x-U5D79M5Bsieb1' })) as { status: string };
    assert.equal(placed.status, 'NEW');
    const cancelled = (await rest.cancelOrder({ symbol: 'ETHUSDT', origClientOrderId: 'x-U5D79M5Bsieb1', newClientOrderId: 'x-U5D79M5Bcxl1' })) as { origClientOrderId: string };
    assert.equal(cancelled.origClientOrderId, 'x-U5D79M5Bsieb1');
    await until('the CANCELED execution report', () => events.some((e) => e.e === 'executionReport' && e.x === 'CANCELED'));
    const report = events.find((e) => e.x === 'CANCELED')!;
    assert.deepEqual([report.c, report.C], ['x-U5D79M5Bcxl1', 'x-U5D79M5Bsieb1']);
    const account = (await rest.getAccountInformation()) as { balances: { asset: string; free: string }[] };
    assert.match(account.balances.find((b) => b.asset === 'USDT')!.free, /^\d+\.\d{8}$/);
  } finally {
    wsapi.getWSClient().closeAll(true);
    restore();
  }
});
