import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SandboxExchange, UserEvent } from '../../source/sandbox/sandbox-exchange.js';
import { params, steppedExchange } from './stepped-exchange.js';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { ccxtBinance, connector, missing, sieb, silence, type ConnectorResponse } from './npm-clients.js';

/**
 * Binance's OCO with a TAKE_PROFIT or TAKE_PROFIT_LIMIT leg (issue 26 item 8): both legs are
 * stops, the funds are held once, the one set off first expires the other.
 */
const exchange = steppedExchange;
const of = (reports: UserEvent[], orderId: number) => reports.filter((r) => r.e === 'executionReport' && r.i === orderId);
const locked = (ex: SandboxExchange, asset: string) => ex.balances('k').find((b) => b.asset === asset)!.locked;
type Placed = { orderListId: number; orders: { orderId: number }[]; orderReports: { type: string }[] };

test('OCO sell: TAKE_PROFIT above with STOP_LOSS below holds the quantity once; whichever is set off first expires the other, and the hold is released', () => {
  const { ex, reports, step } = exchange(3);
  ex.placeOrder('k', params({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.02' }));
  const p = ex.market.prices()['BTC/USDT'];
  const [tp, sl] = [Math.round(p * 1.001), Math.round(p * 0.999)];
  const r = ex.lists.placeOco('k', params({ symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01', aboveType: 'TAKE_PROFIT', aboveStopPrice: tp, belowType: 'STOP_LOSS', belowStopPrice: sl }), false) as Placed;
  assert.deepEqual(r.orderReports.map((o) => o.type), ['STOP_LOSS', 'TAKE_PROFIT']);
  assert.equal(locked(ex, 'BTC'), '0.01000000', 'the two legs share one hold');
  const [slId, tpId] = r.orders.map((o) => o.orderId);
  let last = p;
  for (let i = 0; i < 5000 && last > sl && last < tp; i++) last = step('BTC/USDT');
  assert.ok(last <= sl || last >= tp, 'the market reached one leg');
  const [fired, other] = last >= tp ? [tpId, slId] : [slId, tpId];
  assert.equal(ex.findOrder('k', params({ orderId: fired })).status, 'FILLED');
  const end = of(reports, other).at(-1)!;
  assert.deepEqual([end.X, end.eR], ['EXPIRED', 'OCO_TRIGGER']);
  assert.equal(reports.filter((e) => e.e === 'listStatus').at(-1)!.L, 'ALL_DONE');
  assert.equal(locked(ex, 'BTC'), '0.00000000');
  assert.equal(ex.balances('k').find((b) => b.asset === 'BTC')!.free, '0.01000000', 'one leg sold, once');
});

test('OCO buy: TAKE_PROFIT_LIMIT below with STOP_LOSS_LIMIT above; cancelling the list releases the one hold; wrong sides and missing prices are refused', () => {
  const { ex } = exchange(5);
  const q = ex.market.prices()['ETH/USDT'];
  const base = { symbol: 'ETHUSDT', side: 'BUY', quantity: '0.01' };
  const r = ex.lists.placeOco('k', params({ ...base, aboveType: 'STOP_LOSS_LIMIT', aboveStopPrice: (q * 1.05).toFixed(2), abovePrice: (q * 1.06).toFixed(2), aboveTimeInForce: 'GTC', belowType: 'TAKE_PROFIT_LIMIT', belowStopPrice: (q * 0.95).toFixed(2), belowPrice: (q * 0.94).toFixed(2), belowTimeInForce: 'GTC' }), false) as Placed;
  assert.deepEqual(r.orderReports.map((o) => o.type), ['STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT']);
  assert.ok(Number(locked(ex, 'USDT')) > 0);
  ex.lists.cancelOrderList('k', params({ symbol: 'ETHUSDT', orderListId: r.orderListId }));
  assert.ok(r.orders.every((o) => ex.findOrder('k', params({ orderId: o.orderId })).status === 'CANCELED'));
  assert.equal(locked(ex, 'USDT'), '0.00000000', 'the hold is released once, not twice and not never');
  assert.equal(ex.balances('k').find((b) => b.asset === 'USDT')!.free, '10000.00000000');

  const refused = (o: Record<string, string>, msg: RegExp) => assert.throws(() => ex.lists.placeOco('k', params({ ...base, ...o }), false), msg);
  refused({ aboveType: 'STOP_LOSS', aboveStopPrice: (q * 1.05).toFixed(2), belowType: 'TAKE_PROFIT' }, /belowStopPrice/);
  refused({ aboveType: 'STOP_LOSS', aboveStopPrice: (q * 1.05).toFixed(2), belowType: 'TAKE_PROFIT_LIMIT', belowStopPrice: (q * 0.95).toFixed(2), belowTimeInForce: 'GTC' }, /belowPrice/);
  refused({ aboveType: 'STOP_LOSS', aboveStopPrice: (q * 1.05).toFixed(2), belowType: 'TAKE_PROFIT', belowStopPrice: (q * 1.01).toFixed(2) }, /relationship of the prices/);
  refused({ aboveType: 'TAKE_PROFIT', aboveStopPrice: (q * 1.05).toFixed(2), belowType: 'TAKE_PROFIT', belowStopPrice: (q * 0.95).toFixed(2) }, /STOP_LOSS or STOP_LOSS_LIMIT/);
  assert.equal(ex.openOrders('k', null).length, 0, 'a refused list leaves nothing behind');
});

let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 21, tickMs: 30 });
});
after(() => sbx.close());

const sell = () => {
  const last = sbx.exchange.market.prices()['BTC/USDT'];
  return { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.001', aboveType: 'TAKE_PROFIT_LIMIT', aboveStopPrice: String(Math.round(last * 1.1)), abovePrice: String(Math.round(last * 1.11)), aboveTimeInForce: 'GTC', belowType: 'STOP_LOSS', belowStopPrice: String(Math.round(last * 0.9)) };
};

test('ccxt: a take-profit-limit / stop-loss OCO through its orderList/oco call, listed open, cancelled', async () => {
  const ex = await ccxtBinance(sbx, { apiKey: sbx.apiKey, secret: sbx.secret });
  await ex.createOrder('BTC/USDT', 'market', 'buy', 0.002);
  const r = (await ex.privatePostOrderListOco(sell())) as { orderListId: number; orderReports: { type: string; status: string }[] };
  assert.deepEqual(r.orderReports.map((o) => [o.type, o.status]), [['STOP_LOSS', 'NEW'], ['TAKE_PROFIT_LIMIT', 'NEW']]);
  const open = (await ex.privateGetOpenOrderList({})) as { orderListId: number }[];
  assert.ok(open.some((l) => l.orderListId === r.orderListId));
  const gone = (await ex.privateDeleteOrderList({ symbol: 'BTCUSDT', orderListId: r.orderListId })) as { listOrderStatus: string };
  assert.equal(gone.listOrderStatus, 'ALL_DONE');
});

test('@binance/connector: newOCOOrder with a TAKE_PROFIT_LIMIT above', { skip: !connector && missing('@binance/connector') }, async () => {
  const restore = silence();
  try {
    const client = new connector!.Spot(sbx.apiKey, sbx.secret, { baseURL: sbx.url });
    await client.newOrder('BTCUSDT', 'BUY', 'MARKET', { quantity: 0.002 });
    const { symbol, side, quantity, aboveType, belowType, ...rest } = sell();
    const r = (await client.newOCOOrder(symbol, side, quantity, aboveType, belowType, rest)) as ConnectorResponse<{ orderListId: number; listOrderStatus: string; orderReports: { type: string }[] }>;
    assert.equal(r.data.listOrderStatus, 'EXECUTING');
    assert.deepEqual(r.data.orderReports.map((o) => o.type), ['STOP_LOSS', 'TAKE_PROFIT_LIMIT']);
    const c = (await client.cancelOCOOrder('BTCUSDT', { orderListId: r.data.orderListId })) as ConnectorResponse<{ listOrderStatus: string }>;
    assert.equal(c.data.listOrderStatus, 'ALL_DONE');
  } finally {
    restore();
  }
});

test('binance (tiagosiebler): submitNewOrderList with a TAKE_PROFIT_LIMIT above', { skip: !sieb && missing('binance') }, async () => {
  const restore = silence();
  try {
    const rest = new sieb!.MainClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
    await rest.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.002 });
    const r = (await rest.submitNewOrderList(sell())) as { orderListId: number; orderReports: { type: string }[] };
    assert.deepEqual(r.orderReports.map((o) => o.type), ['STOP_LOSS', 'TAKE_PROFIT_LIMIT']);
    const c = (await rest.cancelOCO({ symbol: 'BTCUSDT', orderListId: r.orderListId })) as { listOrderStatus: string };
    assert.equal(c.listOrderStatus, 'ALL_DONE');
  } finally {
    restore();
  }
});
