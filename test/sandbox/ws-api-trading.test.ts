import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { hmac, signed, Socket } from './binance-client.js';
import { ccxtBinance, connector, missing, sieb, silence, until } from './npm-clients.js';

/**
 * Trading and market data over the WebSocket API (issue 26, item 2): each method answered by
 * its REST twin's route, so the checks, errors and order path are the same.
 */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 41, tickMs: 40 });
});
after(() => sbx.close());

type Answer<T = Record<string, unknown>> = { id: unknown; status: number; result?: T; error?: { code: number; msg: string } };
const wsSigned = (params: Record<string, string | number>): Record<string, string | number> => {
  const all = { ...params, apiKey: sbx.apiKey, timestamp: Date.now() };
  const payload = Object.keys(all).sort().map((k) => `${k}=${all[k as keyof typeof all]}`).join('&');
  return { ...all, signature: hmac(payload, sbx.secret) };
};

test('raw: order.place, order.status, openOrders.status, order.cancel, account.status, depth, ticker.price; REST sees the same orders', async () => {
  const s = await Socket.open(`${sbx.wsUrl}/ws-api/v3`);
  try {
    const placed = await s.call<Answer<{ orderId: number; status: string; clientOrderId: string }>>({ id: 1, method: 'order.place', params: wsSigned({ symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '1000', newClientOrderId: 'ws-1' }) });
    assert.equal(placed.status, 200, JSON.stringify(placed));
    assert.equal(placed.result!.status, 'NEW');
    const rest = await signed<{ orderId: number }>({ url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret }, 'GET', '/api/v3/order', { symbol: 'ETHUSDT', origClientOrderId: 'ws-1' });
    assert.equal(rest.body.orderId, placed.result!.orderId);
    const status = await s.call<Answer<{ orderId: number }>>({ id: 2, method: 'order.status', params: wsSigned({ symbol: 'ETHUSDT', orderId: placed.result!.orderId }) });
    assert.equal(status.result!.orderId, placed.result!.orderId);
    const open = await s.call<Answer<unknown[]>>({ id: 3, method: 'openOrders.status', params: wsSigned({ symbol: 'ETHUSDT' }) });
    assert.equal(open.result!.length, 1);
    const cancelled = await s.call<Answer<{ status: string; origClientOrderId: string }>>({ id: 4, method: 'order.cancel', params: wsSigned({ symbol: 'ETHUSDT', origClientOrderId: 'ws-1' }) });
    assert.deepEqual([cancelled.result!.status, cancelled.result!.origClientOrderId], ['CANCELED', 'ws-1']);
    const account = await s.call<Answer<{ balances: { asset: string; locked: string }[] }>>({ id: 5, method: 'account.status', params: wsSigned({}) });
    assert.equal(account.result!.balances.find((b) => b.asset === 'USDT')!.locked, '0.00000000');
    const depth = await s.call<Answer<{ lastUpdateId: number; bids: unknown[] }>>({ id: 6, method: 'depth', params: { symbol: 'BTCUSDT', limit: 5 } });
    assert.equal(depth.result!.bids.length, 5);
    const prices = await s.call<Answer<{ symbol: string }[]>>({ id: 7, method: 'ticker.price', params: { symbols: ['BTCUSDT', 'ETHUSDT'] } });
    assert.deepEqual(prices.result!.map((p) => p.symbol), ['BTCUSDT', 'ETHUSDT']);
    // The same checks as REST: a filter failure, a missing parameter, a bad signature.
    const tooSmall = await s.call<Answer>({ id: 8, method: 'order.place', params: wsSigned({ symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.00001', price: '1000' }) });
    assert.equal(tooSmall.error!.code, -1013);
    const noSide = await s.call<Answer>({ id: 9, method: 'order.place', params: wsSigned({ symbol: 'ETHUSDT', type: 'MARKET', quantity: '0.01' }) });
    assert.deepEqual([noSide.status, noSide.error!.code], [400, -1102]);
    const forged = await s.call<Answer>({ id: 10, method: 'order.place', params: { ...wsSigned({ symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' }), quantity: '1' } });
    assert.equal(forged.error!.code, -1022);
    const unknownOrder = await s.call<Answer>({ id: 11, method: 'order.cancel', params: wsSigned({ symbol: 'ETHUSDT', orderId: 999999 }) });
    assert.equal(unknownOrder.error!.code, -2011);
  } finally {
    s.close();
  }
});

test('@binance/connector WebsocketAPI: newOrder, getOrder, openOrders, cancelOrder, orderbook, tickerPrice, account', { skip: !connector && missing('@binance/connector') }, async () => {
  const restore = silence();
  const answers = new Map<string, Answer<Record<string, unknown>>>();
  let ready = false;
  const api = new connector!.WebsocketAPI(sbx.apiKey, sbx.secret, { wsURL: `${sbx.wsUrl}/ws-api/v3`, callbacks: { open: () => (ready = true), message: (m: string) => {
    const a = JSON.parse(m) as Answer<Record<string, unknown>>;
    answers.set(String(a.id), a);
  } } });
  const call = async (id: string, send: () => void) => {
    send();
    await until(`the answer ${id}`, () => answers.has(id));
    const a = answers.get(id)!;
    assert.equal(a.status, 200, JSON.stringify(a));
    return a.result as Record<string, unknown> & Record<string, unknown>[];
  };
  try {
    await until('the connection', () => ready);
    const placed = await call('p', () => api.newOrder('BNBUSDT', 'BUY', 'LIMIT', { id: 'p', price: '100', quantity: 0.1, timeInForce: 'GTC' }));
    assert.equal(placed.status, 'NEW');
    assert.equal((await call('g', () => api.getOrder('BNBUSDT', { id: 'g', orderId: placed.orderId }))).orderId, placed.orderId);
    assert.equal((await call('o', () => api.openOrders('BNBUSDT', { id: 'o' }))).length, 1);
    assert.equal((await call('c', () => api.cancelOrder('BNBUSDT', { id: 'c', orderId: placed.orderId }))).status, 'CANCELED');
    const book = await call('b', () => api.orderbook('BNBUSDT', { id: 'b', limit: 10 }));
    assert.equal((book.bids as unknown[]).length, 10);
    assert.equal((await call('t', () => api.tickerPrice({ id: 't', symbol: 'BNBUSDT' }))).symbol, 'BNBUSDT');
    const account = await call('a', () => api.account({ id: 'a' }));
    assert.ok((account.balances as { asset: string }[]).some((b) => b.asset === 'USDT'));
  } finally {
    api.disconnect();
    restore();
  }
});

test('binance (tiagosiebler) WebsocketAPIClient: submitNewSpotOrder, status, open orders, cancel, order book, price, account', { skip: !sieb && missing('binance') }, async () => {
  const restore = silence();
  const api = new sieb!.WebsocketAPIClient({ api_key: sbx.apiKey, api_secret: sbx.secret, wsUrl: `${sbx.wsUrl}/ws-api/v3`, beautify: false });
  type R<T> = { result: T };
  try {
    const placed = ((await api.submitNewSpotOrder({ symbol: 'LTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.1, price: 50, timestamp: Date.now() })) as R<{ orderId: number; status: string }>).result;
    assert.equal(placed.status, 'NEW');
    assert.equal(((await api.getSpotOrderStatus({ symbol: 'LTCUSDT', orderId: placed.orderId, timestamp: Date.now() })) as R<{ status: string }>).result.status, 'NEW');
    assert.equal(((await api.getSpotOpenOrders({ symbol: 'LTCUSDT', timestamp: Date.now() })) as R<unknown[]>).result.length, 1);
    assert.equal(((await api.cancelSpotOrder({ symbol: 'LTCUSDT', orderId: placed.orderId, timestamp: Date.now() })) as R<{ status: string }>).result.status, 'CANCELED');
    assert.equal(((await api.getSpotOrderBook({ symbol: 'LTCUSDT', limit: 5 })) as R<{ asks: unknown[] }>).result.asks.length, 5);
    assert.equal(((await api.getSpotSymbolPriceTicker({ symbol: 'LTCUSDT' })) as R<{ symbol: string }>).result.symbol, 'LTCUSDT');
    const account = ((await api.getSpotAccountInformation({ timestamp: Date.now() })) as R<{ balances: { asset: string }[] }>).result;
    assert.ok(account.balances.some((b) => b.asset === 'USDT'));
  } finally {
    api.getWSClient().closeAll(true);
    restore();
  }
});

test('ccxt pro: createOrderWs, fetchOrderWs, fetchOpenOrdersWs, cancelOrderWs, fetchOHLCVWs, fetchBalanceWs', async () => {
  const ex = await ccxtBinance(sbx, { apiKey: sbx.apiKey, secret: sbx.secret });
  try {
    const placed = (await ex.createOrderWs('XRP/USDT', 'limit', 'buy', 10, 1)) as { id: string; status: string };
    assert.equal(placed.status, 'open');
    assert.equal(((await ex.fetchOrderWs(placed.id, 'XRP/USDT')) as { id: string }).id, placed.id);
    assert.equal(((await ex.fetchOpenOrdersWs('XRP/USDT')) as unknown[]).length, 1);
    assert.equal(((await ex.cancelOrderWs(placed.id, 'XRP/USDT')) as { status: string }).status, 'canceled');
    // ccxt's fetchOrderBookWs and fetchTickerWs are for swaps only; its spot market data over the WebSocket API is klines.
    const bars = (await ex.fetchOHLCVWs('XRP/USDT', '1m', undefined, 3)) as number[][];
    assert.equal(bars.length, 3);
    // ccxt 4.5 parses account.status without the spot type, so only `info` carries the balances.
    const balance = (await ex.fetchBalanceWs()) as { info: { balances: { asset: string; free: string }[] } };
    assert.ok(Number(balance.info.balances.find((b) => b.asset === 'USDT')!.free) > 0);
  } finally {
    await (ex.close as () => Promise<void>)();
  }
});
