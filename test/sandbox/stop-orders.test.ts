import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SandboxExchange, UserEvent } from '../../source/sandbox/sandbox-exchange.js';
import { params, steppedExchange } from './stepped-exchange.js';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { get, signed, type Creds } from './binance-client.js';

/** Stop orders on the sandbox, driven step by step (see stepped-exchange.ts). */
const exchange = steppedExchange;
const lastOf = (ex: SandboxExchange, symbol: string) => ex.market.prices()[symbol];
const of = (reports: UserEvent[], orderId: number) => reports.filter((r) => r.e === 'executionReport' && r.i === orderId);

test('STOP_LOSS_LIMIT sell rests untriggered (not working, stop price reported), is set off by the first last trade at or under its stop, exactly once, and fills', () => {
  const { ex, reports, step } = exchange(3);
  ex.placeOrder('k', params({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.02' }));
  const p = lastOf(ex, 'BTC/USDT');
  const stop = Math.round(p * 0.999);
  const w = ex.placeOrder('k', params({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: '0.01', price: String(Math.round(stop * 0.99)), stopPrice: String(stop) }));
  assert.equal(w.status, 'NEW');
  assert.equal(w.type, 'STOP_LOSS_LIMIT');
  assert.equal(w.stopPrice, stop.toFixed(8));
  assert.equal(w.isWorking, false);
  assert.equal(w.workingTime, -1);
  const placed = of(reports, w.orderId);
  assert.equal(placed.length, 1);
  assert.deepEqual([placed[0].x, placed[0].X, placed[0].o, placed[0].P, placed[0].w, placed[0].W], ['NEW', 'NEW', 'STOP_LOSS_LIMIT', stop.toFixed(8), false, undefined]);
  assert.equal(ex.balances('k').find((b) => b.asset === 'BTC')!.locked, '0.01000000', 'the stop holds its quantity');

  let last = 0;
  let steps = 0;
  for (; steps < 3000; steps++) {
    last = step('BTC/USDT');
    if (last <= stop) break;
    assert.equal(of(reports, w.orderId).length, 1, `nothing reported before a trade reaches the stop (step ${steps}, last ${last})`);
    assert.equal(ex.findOrder('k', params({ orderId: w.orderId })).isWorking, false);
  }
  assert.ok(last <= stop, 'the market reached the stop within the steps');
  const after = of(reports, w.orderId).slice(1);
  assert.deepEqual([after[0].x, after[0].X, after[0].o, after[0].w, typeof after[0].W], ['NEW', 'NEW', 'STOP_LOSS_LIMIT', true, 'number'], 'set off: NEW again, now working');
  assert.equal(after.at(-1)!.X, 'FILLED', 'its limit under the market fills at once');
  assert.ok(after.slice(1).every((r) => r.x === 'TRADE'));
  const q = ex.findOrder('k', params({ orderId: w.orderId }));
  assert.equal(q.status, 'FILLED');
  assert.equal(q.executedQty, '0.01000000');
  const count = of(reports, w.orderId).length;
  for (let i = 0; i < 200; i++) step('BTC/USDT');
  assert.equal(of(reports, w.orderId).length, count, 'set off exactly once');
});

test('a stop-limit set off whose limit is not reached works as a resting limit order; TAKE_PROFIT (market) buy triggers as the price falls', () => {
  const { ex, reports, step } = exchange(4);
  const p = lastOf(ex, 'ETH/USDT');
  // A buy take-profit fires as the price falls to its stop; its limit far under the market keeps it resting.
  const stop = Number((p * 0.999).toFixed(2));
  const w = ex.placeOrder('k', params({ symbol: 'ETHUSDT', side: 'BUY', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', quantity: '0.01', price: (p * 0.8).toFixed(2), stopPrice: stop.toFixed(2) }));
  const tp = ex.placeOrder('k', params({ symbol: 'ETHUSDT', side: 'BUY', type: 'TAKE_PROFIT', quantity: '0.01', stopPrice: stop.toFixed(2) }));
  assert.equal(tp.price, '0.00000000');
  let last = p;
  for (let i = 0; i < 3000 && last > stop; i++) last = step('ETH/USDT');
  assert.ok(last <= stop);
  const q = ex.findOrder('k', params({ orderId: w.orderId }));
  assert.deepEqual([q.status, q.isWorking, q.executedQty], ['NEW', true, '0.00000000']);
  assert.ok(q.workingTime > 0);
  assert.equal(ex.findOrder('k', params({ orderId: tp.orderId })).status, 'FILLED', 'the stop-market bought at the market');
  assert.equal(ex.openOrders('k', null).length, 1);
  // Cancelled as the working order it is, reported CANCELED with the stop still named.
  const c = ex.cancelOrderResponse('k', params({ symbol: 'ETHUSDT', orderId: w.orderId }));
  assert.deepEqual([c.status, c.type, c.stopPrice], ['CANCELED', 'TAKE_PROFIT_LIMIT', stop.toFixed(8)]);
  assert.equal(of(reports, w.orderId).at(-1)!.x, 'CANCELED');
});

let sbx: Sandbox;
let c: Creds;
before(async () => {
  sbx = await startSandbox({ seed: 5, tickMs: 1 << 30 });
  c = { url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret };
});
after(() => sbx.close());

test('REST: stop types are listed in exchangeInfo; mandatory stop parameters and "would trigger immediately" are refused with Binance\'s codes', async () => {
  const info = await get<{ symbols: { orderTypes: string[]; ocoAllowed: boolean }[] }>(c.url, '/api/v3/exchangeInfo', { symbol: 'BTCUSDT' });
  assert.deepEqual(info.body.symbols[0].orderTypes, ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT']);
  assert.equal(info.body.symbols[0].ocoAllowed, true);
  const last = sbx.exchange.market.prices()['BTC/USDT'];
  const send = (o: Record<string, string>) => signed<{ code?: number; msg?: string; type?: string; stopPrice?: string; workingTime?: number }>(c, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.001', ...o });
  let r = await send({ type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', price: String(Math.round(last * 0.9)) });
  assert.deepEqual([r.status, r.body.code, r.body.msg], [400, -1102, "Mandatory parameter 'stopPrice' was not sent, was empty/null, or malformed."]);
  r = await send({ type: 'STOP_LOSS_LIMIT', price: String(Math.round(last * 0.9)), stopPrice: String(Math.round(last * 0.9)) });
  assert.equal(r.body.code, -1102, 'a stop-limit needs timeInForce');
  r = await send({ type: 'STOP_LOSS', price: '1', stopPrice: String(Math.round(last * 0.9)) });
  assert.equal(r.body.code, -1106, 'a stop-market takes no price');
  r = await send({ type: 'LIMIT', timeInForce: 'GTC', price: String(Math.round(last * 1.1)), stopPrice: '1' });
  assert.equal(r.body.code, -1106, 'a plain order takes no stopPrice');
  // A sell stop-loss over the market would fire at once.
  r = await send({ type: 'STOP_LOSS', stopPrice: String(Math.round(last * 1.01)) });
  assert.deepEqual([r.status, r.body.code, r.body.msg], [400, -2010, 'Order would trigger immediately.']);
  r = await send({ type: 'TAKE_PROFIT', stopPrice: String(Math.round(last * 0.99)) });
  assert.equal(r.body.msg, 'Order would trigger immediately.');
  // A buy stop-loss over the market is placed, holding its quote at the limit price.
  r = await signed(c, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.001', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', price: String(Math.round(last * 1.02)), stopPrice: String(Math.round(last * 1.01)), newOrderRespType: 'RESULT' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.type, r.body.stopPrice, r.body.workingTime], ['STOP_LOSS_LIMIT', Math.round(last * 1.01).toFixed(8), -1]);
});

const lists = (reports: UserEvent[]) => reports.filter((r) => r.e === 'listStatus');

test('OCO sell (orderList/oco): LIMIT_MAKER above, STOP_LOSS_LIMIT below, one hold; the stop set off expires the limit leg (OCO_TRIGGER) and the list is ALL_DONE', () => {
  const { ex, reports, step } = exchange(3);
  ex.placeOrder('k', params({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.02' }));
  const p = lastOf(ex, 'BTC/USDT');
  const stop = Math.round(p * 0.999);
  const r = ex.lists.placeOco('k', params({ symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01', aboveType: 'LIMIT_MAKER', abovePrice: String(Math.round(p * 1.05)), belowType: 'STOP_LOSS_LIMIT', belowStopPrice: String(stop), belowPrice: String(Math.round(stop * 0.99)), belowTimeInForce: 'GTC', listClientOrderId: 'my-oco' }), false) as { orderListId: number; listOrderStatus: string; orders: { orderId: number }[]; orderReports: { type: string; orderListId: number; stopPrice?: string; workingTime: number }[] };
  assert.equal(r.listOrderStatus, 'EXECUTING');
  assert.deepEqual(r.orderReports.map((o) => o.type), ['STOP_LOSS_LIMIT', 'LIMIT_MAKER'], 'the stop leg first, as Binance lists them');
  assert.ok(r.orderReports.every((o) => o.orderListId === r.orderListId));
  assert.equal(r.orderReports[0].workingTime, -1);
  const [stopId, limitId] = r.orders.map((o) => o.orderId);
  assert.equal(ex.balances('k').find((b) => b.asset === 'BTC')!.locked, '0.01000000', 'the two legs share one hold');
  assert.deepEqual(lists(reports).map((l) => [l.g, l.l, l.L, l.C]), [[r.orderListId, 'EXEC_STARTED', 'EXECUTING', 'my-oco']]);
  assert.equal(of(reports, stopId)[0].g, r.orderListId);

  let last = p;
  for (let i = 0; i < 3000 && last > stop; i++) last = step('BTC/USDT');
  assert.ok(last <= stop);
  const limitEnd = of(reports, limitId).at(-1)!;
  assert.deepEqual([limitEnd.x, limitEnd.X, limitEnd.eR], ['EXPIRED', 'EXPIRED', 'OCO_TRIGGER']);
  assert.equal(ex.findOrder('k', params({ orderId: stopId })).status, 'FILLED');
  assert.deepEqual(lists(reports).map((l) => [l.l, l.L]), [['EXEC_STARTED', 'EXECUTING'], ['ALL_DONE', 'ALL_DONE']]);
  assert.equal(ex.balances('k').find((b) => b.asset === 'BTC')!.locked, '0.00000000');
  assert.deepEqual(ex.lists.openOrderLists('k'), []);
});

test('OCO buy (legacy order/oco): the limit leg filled expires the stop; DELETE orderList cancels both legs of another; bad prices and leg types are refused', () => {
  const { ex, reports, step } = exchange(5);
  const p = lastOf(ex, 'ETH/USDT');
  const limit = Number((p * 0.999).toFixed(2));
  const r = ex.lists.placeOco('k', params({ symbol: 'ETHUSDT', side: 'BUY', quantity: '0.01', price: limit.toFixed(2), stopPrice: (p * 1.05).toFixed(2), stopLimitPrice: (p * 1.06).toFixed(2), stopLimitTimeInForce: 'GTC' }), true) as { orderListId: number; orders: { orderId: number }[] };
  const [stopId, limitId] = r.orders.map((o) => o.orderId);
  assert.equal(ex.findOrder('k', params({ orderId: stopId })).type, 'STOP_LOSS_LIMIT');
  for (let i = 0; i < 3000 && ex.findOrder('k', params({ orderId: limitId })).status === 'NEW'; i++) step('ETH/USDT');
  assert.notEqual(ex.findOrder('k', params({ orderId: limitId })).status, 'NEW', 'the limit leg traded');
  const stopEnd = of(reports, stopId).at(-1)!;
  assert.deepEqual([stopEnd.X, stopEnd.eR], ['EXPIRED', 'OCO_TRIGGER'], 'a fill of the limit leg ends the stop leg');
  assert.equal(lists(reports).at(-1)!.L, 'ALL_DONE');

  const q = lastOf(ex, 'ETH/USDT');
  const second = ex.lists.placeOco('k', params({ symbol: 'ETHUSDT', side: 'BUY', quantity: '0.01', aboveType: 'STOP_LOSS', aboveStopPrice: (q * 1.05).toFixed(2), belowType: 'LIMIT_MAKER', belowPrice: (q * 0.9).toFixed(2) }), false) as { orderListId: number; orders: { orderId: number }[] };
  const cancelled = ex.lists.cancelOrderList('k', params({ symbol: 'ETHUSDT', orderListId: second.orderListId })) as { listOrderStatus: string; orderReports: { status: string }[] };
  assert.equal(cancelled.listOrderStatus, 'ALL_DONE');
  assert.deepEqual(cancelled.orderReports.map((o) => o.status), ['CANCELED', 'CANCELED']);
  assert.ok(second.orders.every((o) => of(reports, o.orderId).at(-1)!.X === 'CANCELED'));
  assert.throws(() => ex.lists.cancelOrderList('k', params({ symbol: 'ETHUSDT', orderListId: second.orderListId })), /Unknown order sent/);

  // Cancelling one leg by its order id cancels the whole list.
  const third = ex.lists.placeOco('k', params({ symbol: 'ETHUSDT', side: 'BUY', quantity: '0.01', aboveType: 'STOP_LOSS', aboveStopPrice: (q * 1.05).toFixed(2), belowType: 'LIMIT_MAKER', belowPrice: (q * 0.9).toFixed(2) }), false) as { orders: { orderId: number }[] };
  ex.cancelOrderResponse('k', params({ symbol: 'ETHUSDT', orderId: third.orders[1].orderId }));
  assert.ok(third.orders.every((o) => ex.findOrder('k', params({ orderId: o.orderId })).status === 'CANCELED'));

  assert.throws(() => ex.lists.placeOco('k', params({ symbol: 'ETHUSDT', side: 'BUY', quantity: '0.01', aboveType: 'STOP_LOSS', aboveStopPrice: (q * 0.95).toFixed(2), belowType: 'LIMIT_MAKER', belowPrice: (q * 0.9).toFixed(2) }), false), /relationship of the prices/);
  assert.throws(() => ex.lists.placeOco('k', params({ symbol: 'ETHUSDT', side: 'SELL', quantity: '0.01', aboveType: 'STOP_LOSS', aboveStopPrice: (q * 1.05).toFixed(2), belowType: 'LIMIT_MAKER', belowPrice: (q * 0.9).toFixed(2) }), false), /stop loss order in a sell OCO must be below/);
  assert.throws(() => ex.lists.placeOco('k', params({ symbol: 'ETHUSDT', side: 'SELL', quantity: '0.01', aboveType: 'LIMIT_MAKER', abovePrice: (q * 1.05).toFixed(2), belowType: 'LIMIT_MAKER', belowPrice: (q * 0.9).toFixed(2) }), false), /must be contingent/);
  assert.equal(ex.openOrders('k', null).length, 0, 'a refused list leaves nothing behind');
});

test('REST: orderList/oco, GET orderList, openOrderList and DELETE orderList over HTTP', async () => {
  const last = sbx.exchange.market.prices()['BTC/USDT'];
  await signed(c, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.002' });
  const r = await signed<{ orderListId: number; contingencyType: string; orderReports: unknown[] }>(c, 'POST', '/api/v3/orderList/oco', { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.001', aboveType: 'LIMIT_MAKER', abovePrice: String(Math.round(last * 1.1)), belowType: 'STOP_LOSS', belowStopPrice: String(Math.round(last * 0.9)) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.contingencyType, 'OCO');
  assert.equal(r.body.orderReports.length, 2);
  const open = await signed<{ orderListId: number }[]>(c, 'GET', '/api/v3/openOrderList', {});
  assert.ok(open.body.some((l) => l.orderListId === r.body.orderListId));
  const one = await signed<{ listOrderStatus: string }>(c, 'GET', '/api/v3/orderList', { orderListId: String(r.body.orderListId) });
  assert.equal(one.body.listOrderStatus, 'EXECUTING');
  const d = await signed<{ listOrderStatus: string }>(c, 'DELETE', '/api/v3/orderList', { symbol: 'BTCUSDT', orderListId: String(r.body.orderListId) });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  assert.equal(d.body.listOrderStatus, 'ALL_DONE');
});
