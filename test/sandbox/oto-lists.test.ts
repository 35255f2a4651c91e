import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SandboxExchange, type UserEvent } from '../../source/sandbox/sandbox-exchange.js';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { assertError, get, signed } from './binance-client.js';
import { ccxtBinance, connector, missing, sieb, silence, type ConnectorResponse } from './npm-clients.js';

/**
 * Binance's OTO and OTOCO order lists (issue 26 item 8): the working order works, the pending
 * ones are PENDING_NEW (holding nothing) until it has filled, then placed; cancelling any order
 * of the list cancels the list.
 */
function exchange(seed: number) {
  let now = 1_700_000_000_000;
  const ex = new SandboxExchange(seed, () => now);
  const reports: UserEvent[] = [];
  ex.subscribeUser('k', (e) => reports.push(e));
  const step = () => {
    now += 1000;
    ex.step(now);
  };
  return { ex, reports, step };
}

const params = (o: Record<string, string | number>) => new URLSearchParams(Object.entries(o).map(([k, v]): [string, string] => [k, String(v)]));
const of = (reports: UserEvent[], orderId: number) => reports.filter((r) => r.e === 'executionReport' && r.i === orderId);
const balance = (ex: SandboxExchange, asset: string) => ex.balances('k').find((b) => b.asset === asset) ?? { free: '0.00000000', locked: '0.00000000' };
type Placed = { orderListId: number; contingencyType: string; listOrderStatus: string; orders: { orderId: number }[]; orderReports: { orderId: number; type: string; status: string }[] };
const status = (ex: SandboxExchange, orderId: number) => ex.findOrder('k', params({ orderId })).status;

test('OTO: the pending order is PENDING_NEW and holds nothing until the working buy fills, then is placed and works', () => {
  const { ex, reports, step } = exchange(5);
  const p = ex.market.prices()['ETH/USDT'];
  const r = ex.lists.placeOto('k', params({ symbol: 'ETHUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: (p * 0.999).toFixed(2), workingQuantity: '0.01', workingTimeInForce: 'GTC', pendingType: 'LIMIT_MAKER', pendingSide: 'SELL', pendingPrice: (p * 1.5).toFixed(2), pendingQuantity: '0.01', listClientOrderId: 'my-oto' }), false) as Placed;
  assert.deepEqual([r.contingencyType, r.listOrderStatus], ['OTO', 'EXECUTING']);
  assert.deepEqual(r.orderReports.map((o) => [o.type, o.status]), [['LIMIT', 'NEW'], ['LIMIT_MAKER', 'PENDING_NEW']]);
  const [workingId, pendingId] = r.orders.map((o) => o.orderId);
  assert.deepEqual(of(reports, pendingId).map((e) => [e.x, e.X, e.g]), [['NEW', 'PENDING_NEW', r.orderListId]]);
  assert.equal(balance(ex, 'ETH').locked, '0.00000000', 'the pending sell holds nothing');
  assert.ok(ex.openOrders('k', 'ETHUSDT').some((o) => o.orderId === pendingId && o.status === 'PENDING_NEW'));
  assert.equal(ex.publicBook('ETH/USDT').asks.some(([price]) => price === Number((p * 1.5).toFixed(2))), false, 'a pending order is not in the book');

  for (let i = 0; i < 3000 && status(ex, workingId) !== 'FILLED'; i++) step();
  assert.equal(status(ex, workingId), 'FILLED');
  assert.equal(status(ex, pendingId), 'NEW', 'placed once the working order filled');
  assert.deepEqual(of(reports, pendingId).slice(1).map((e) => [e.x, e.X, e.w]), [['NEW', 'NEW', true]]);
  assert.equal(balance(ex, 'ETH').locked, '0.01000000', 'now it holds what it sells');
  assert.equal((ex.lists.orderList('k', params({ orderListId: r.orderListId })) as { listOrderStatus: string }).listOrderStatus, 'EXECUTING');
  ex.cancelOrderResponse('k', params({ symbol: 'ETHUSDT', orderId: pendingId }));
  assert.equal((ex.lists.orderList('k', params({ orderListId: r.orderListId })) as { listOrderStatus: string }).listOrderStatus, 'ALL_DONE');
  assert.equal(reports.filter((e) => e.e === 'listStatus').at(-1)!.L, 'ALL_DONE');
});

test('OTOCO: a working buy that fills at once places its pending OCO pair at once, one hold; cancelling the list cancels both legs', () => {
  const { ex } = exchange(5);
  const p = ex.market.prices()['ETH/USDT'];
  const r = ex.lists.placeOto('k', params({ symbol: 'ETHUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: (p * 1.01).toFixed(2), workingQuantity: '0.01', workingTimeInForce: 'GTC', pendingSide: 'SELL', pendingQuantity: '0.01', pendingAboveType: 'LIMIT_MAKER', pendingAbovePrice: (p * 1.2).toFixed(2), pendingBelowType: 'STOP_LOSS', pendingBelowStopPrice: (p * 0.8).toFixed(2) }), true) as Placed;
  assert.equal(r.contingencyType, 'OTO');
  assert.deepEqual(r.orderReports.map((o) => [o.type, o.status]), [['LIMIT', 'FILLED'], ['LIMIT_MAKER', 'NEW'], ['STOP_LOSS', 'NEW']]);
  assert.equal(balance(ex, 'ETH').locked, '0.01000000', 'the pair holds the quantity once');
  const cancelled = ex.lists.cancelOrderList('k', params({ symbol: 'ETHUSDT', orderListId: r.orderListId })) as { listOrderStatus: string; orderReports: { status: string }[] };
  assert.equal(cancelled.listOrderStatus, 'ALL_DONE');
  assert.deepEqual(cancelled.orderReports.map((o) => o.status), ['FILLED', 'CANCELED', 'CANCELED']);
  assert.equal(balance(ex, 'ETH').locked, '0.00000000');
  assert.equal(balance(ex, 'ETH').free, '0.01000000');
});

test('cancelling a pending order, or the working one, cancels the whole list; nothing stays held', () => {
  const { ex, reports } = exchange(5);
  const p = ex.market.prices()['ETH/USDT'];
  const oto = (client: string) => ex.lists.placeOto('k', params({ symbol: 'ETHUSDT', workingType: 'LIMIT_MAKER', workingSide: 'BUY', workingPrice: (p * 0.9).toFixed(2), workingQuantity: '0.01', pendingType: 'LIMIT', pendingSide: 'SELL', pendingPrice: (p * 1.5).toFixed(2), pendingQuantity: '0.01', pendingTimeInForce: 'GTC', pendingClientOrderId: client }), false) as Placed;
  const a = oto('pend-a');
  const c = ex.cancelOrderResponse('k', params({ symbol: 'ETHUSDT', origClientOrderId: 'pend-a' })) as { status: string };
  assert.equal(c.status, 'CANCELED');
  assert.deepEqual(a.orders.map((o) => status(ex, o.orderId)), ['CANCELED', 'CANCELED']);
  const pendingEnd = of(reports, a.orders[1].orderId).at(-1)!;
  assert.deepEqual([pendingEnd.x, pendingEnd.X], ['CANCELED', 'CANCELED']);
  const b = oto('pend-b');
  ex.cancelOrderResponse('k', params({ symbol: 'ETHUSDT', orderId: b.orders[0].orderId }));
  assert.deepEqual(b.orders.map((o) => status(ex, o.orderId)), ['CANCELED', 'CANCELED']);
  assert.equal(balance(ex, 'USDT').locked, '0.00000000');
  assert.deepEqual(ex.lists.openOrderLists('k'), []);
});

test('a pending stop the market has already passed when the working order fills is EXPIRED (REJECTED), and the list ends', () => {
  const { ex, reports } = exchange(5);
  const p = ex.market.prices()['ETH/USDT'];
  // A sell stop-loss above the market: it would trigger at once, so it cannot be placed.
  const r = ex.lists.placeOto('k', params({ symbol: 'ETHUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: (p * 1.01).toFixed(2), workingQuantity: '0.01', workingTimeInForce: 'GTC', pendingType: 'STOP_LOSS', pendingSide: 'SELL', pendingStopPrice: (p * 1.1).toFixed(2), pendingQuantity: '0.01' }), false) as Placed;
  assert.deepEqual(r.orderReports.map((o) => o.status), ['FILLED', 'EXPIRED']);
  assert.deepEqual([of(reports, r.orders[1].orderId).at(-1)!.X, of(reports, r.orders[1].orderId).at(-1)!.eR], ['EXPIRED', 'REJECTED']);
  assert.equal(r.listOrderStatus, 'ALL_DONE');
  assert.equal(balance(ex, 'ETH').free, '0.01000000');
});

test('refusals: each names the list parameter that is missing or wrong, and leaves nothing behind', () => {
  const { ex } = exchange(5);
  const p = ex.market.prices()['ETH/USDT'];
  const working = { symbol: 'ETHUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: (p * 0.9).toFixed(2), workingQuantity: '0.01', workingTimeInForce: 'GTC' };
  const refused = (o: Record<string, string>, pair: boolean, msg: RegExp) => assert.throws(() => ex.lists.placeOto('k', params(o), pair), msg);
  refused({ ...working, workingPrice: '', pendingType: 'MARKET', pendingSide: 'SELL', pendingQuantity: '0.01' }, false, /workingPrice/);
  refused({ ...working, workingType: 'MARKET', pendingType: 'MARKET', pendingSide: 'SELL', pendingQuantity: '0.01' }, false, /workingType is one of LIMIT, LIMIT_MAKER/);
  refused({ ...working, pendingSide: 'SELL', pendingQuantity: '0.01' }, false, /pendingType/);
  refused({ ...working, pendingType: 'STOP_LOSS', pendingSide: 'SELL', pendingQuantity: '0.01' }, false, /pendingStopPrice/);
  refused({ ...working, pendingSide: 'SELL', pendingQuantity: '0.01', pendingAboveType: 'LIMIT_MAKER', pendingAbovePrice: (p * 1.2).toFixed(2), pendingBelowType: 'STOP_LOSS' }, true, /pendingBelowStopPrice/);
  refused({ ...working, pendingSide: 'SELL', pendingQuantity: '0.01', pendingAboveType: 'LIMIT_MAKER', pendingAbovePrice: (p * 0.85).toFixed(2), pendingBelowType: 'STOP_LOSS', pendingBelowStopPrice: (p * 0.8).toFixed(2) }, true, /relationship of the prices/);
  refused({ ...working, pendingType: 'LIMIT', pendingSide: 'SELL', pendingQuantity: '0.00001', pendingPrice: (p * 1.2).toFixed(2), pendingTimeInForce: 'GTC' }, false, /Filter failure/);
  assert.equal(ex.openOrders('k', null).length, 0);
  assert.deepEqual(ex.lists.allOrderLists('k'), []);
});

let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 23, tickMs: 30 });
});
after(() => sbx.close());

const last = () => sbx.exchange.market.prices()['BTC/USDT'];
const otoco = () => ({ symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: String(Math.round(last() * 0.8)), workingQuantity: '0.001', workingTimeInForce: 'GTC', pendingSide: 'SELL', pendingQuantity: '0.001', pendingAboveType: 'TAKE_PROFIT', pendingAboveStopPrice: String(Math.round(last() * 0.9)), pendingBelowType: 'STOP_LOSS_LIMIT', pendingBelowStopPrice: String(Math.round(last() * 0.7)), pendingBelowPrice: String(Math.round(last() * 0.69)), pendingBelowTimeInForce: 'GTC' });

test('REST: exchangeInfo says otoAllowed; orderList/oto over HTTP, with -1102 naming the list parameter', async () => {
  const info = await get<{ symbols: { otoAllowed: boolean }[] }>(sbx.url, '/api/v3/exchangeInfo', { symbol: 'BTCUSDT' });
  assert.equal(info.body.symbols[0].otoAllowed, true);
  const c = { url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret };
  const bad = await signed(c, 'POST', '/api/v3/orderList/oto', { symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingQuantity: '0.001', workingTimeInForce: 'GTC', pendingType: 'MARKET', pendingSide: 'SELL', pendingQuantity: '0.001' });
  assertError(bad, 400, -1102, /workingPrice/);
});

test('ccxt: orderList/oto and orderList/otoco through its API table; the pending orders are listed open, as PENDING_NEW', async () => {
  const ex = await ccxtBinance(sbx, { apiKey: sbx.apiKey, secret: sbx.secret });
  const r = (await ex.privatePostOrderListOto({ symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: String(Math.round(last() * 0.8)), workingQuantity: '0.001', workingTimeInForce: 'GTC', pendingType: 'LIMIT_MAKER', pendingSide: 'SELL', pendingPrice: String(Math.round(last() * 1.2)), pendingQuantity: '0.001' })) as { orderListId: number; contingencyType: string; orderReports: { status: string }[] };
  assert.deepEqual([r.contingencyType, r.orderReports.map((o) => o.status)], ['OTO', ['NEW', 'PENDING_NEW']]);
  const r2 = (await ex.privatePostOrderListOtoco(otoco())) as { orderListId: number; orderReports: { status: string; type: string }[] };
  assert.deepEqual(r2.orderReports.map((o) => [o.type, o.status]), [['LIMIT', 'NEW'], ['TAKE_PROFIT', 'PENDING_NEW'], ['STOP_LOSS_LIMIT', 'PENDING_NEW']]);
  const open = (await ex.fetchOpenOrders('BTC/USDT')) as { status: string }[];
  assert.equal(open.length, 5);
  for (const id of [r.orderListId, r2.orderListId]) await ex.privateDeleteOrderList({ symbol: 'BTCUSDT', orderListId: id });
  assert.deepEqual(await ex.fetchOpenOrders('BTC/USDT'), []);
});

test('binance (tiagosiebler): submitNewOrderListOTOCO, then cancelled by a pending leg', { skip: !sieb && missing('binance') }, async () => {
  const restore = silence();
  try {
    const rest = new sieb!.MainClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
    const r = (await rest.submitNewOrderListOTOCO(otoco())) as { orderListId: number; orders: { orderId: number }[] };
    const c = (await rest.cancelOrder({ symbol: 'BTCUSDT', orderId: r.orders[2].orderId })) as { status: string };
    assert.equal(c.status, 'CANCELED');
    const list = (await rest.getOCO({ orderListId: r.orderListId })) as { listOrderStatus: string; contingencyType: string };
    assert.deepEqual([list.contingencyType, list.listOrderStatus], ['OTO', 'ALL_DONE']);
  } finally {
    restore();
  }
});

test('@binance/connector: an OTO through its own signing (signRequest), then DELETE orderList', { skip: !connector && missing('@binance/connector') }, async () => {
  const restore = silence();
  try {
    const client = new connector!.Spot(sbx.apiKey, sbx.secret, { baseURL: sbx.url }) as unknown as { signRequest(m: string, path: string, p: Record<string, unknown>): Promise<ConnectorResponse<{ orderListId: number; orderReports: { status: string }[] }>>; cancelOCOOrder(s: string, o: Record<string, unknown>): Promise<ConnectorResponse<{ listOrderStatus: string }>> };
    const r = await client.signRequest('POST', '/api/v3/orderList/oto', { symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: Math.round(last() * 0.8), workingQuantity: 0.001, workingTimeInForce: 'GTC', pendingType: 'STOP_LOSS', pendingSide: 'SELL', pendingStopPrice: Math.round(last() * 0.7), pendingQuantity: 0.001 });
    assert.deepEqual(r.data.orderReports.map((o) => o.status), ['NEW', 'PENDING_NEW']);
    const c = await client.cancelOCOOrder('BTCUSDT', { orderListId: r.data.orderListId });
    assert.equal(c.data.listOrderStatus, 'ALL_DONE');
  } finally {
    restore();
  }
});

test("exchangeInfo's otoAllowed and opoAllowed (OPO lists are not served) as ccxt reads them", async () => {
  const ex = await ccxtBinance(sbx);
  const markets = (await ex.fetchMarkets({ type: 'spot' })) as { symbol: string; info: { otoAllowed: boolean; opoAllowed: boolean } }[];
  const btc = markets.find((m) => m.symbol === 'BTC/USDT')!;
  assert.deepEqual([btc.info.otoAllowed, btc.info.opoAllowed], [true, false]);
});

test("exchangeInfo's opoAllowed as binance (tiagosiebler) reads it", { skip: !sieb && missing('binance') }, async () => {
  const rest = new sieb!.MainClient({ baseUrl: sbx.url, disableTimeSync: true });
  const info = (await rest.getExchangeInfo({ symbol: 'BTCUSDT' })) as { symbols: { otoAllowed: boolean; opoAllowed: boolean }[] };
  assert.deepEqual([info.symbols[0].otoAllowed, info.symbols[0].opoAllowed], [true, false]);
});
