import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimCcxtExchange } from '../../sim/sim-ccxt-exchange.js';

function fresh(): { ex: SimCcxtExchange; advance(ms: number): void } {
  let now = 1_700_000_000_000;
  const ex = new SimCcxtExchange({ seed: 7, clock: () => now });
  return { ex, advance: (ms) => { now += ms; ex.step(now); } };
}

const errorName = (err: unknown): string[] => {
  const names: string[] = [];
  for (let p = Object.getPrototypeOf(err); p && p !== Error.prototype; p = Object.getPrototypeOf(p)) names.push(p.constructor.name);
  return names;
};

test('answers in ccxt binance shapes: markets, a filled market order with its trades, balances, my trades', async () => {
  const { ex } = fresh();
  const markets = await ex.loadMarkets();
  assert.equal(markets['BTC/USDT'].spot, true);
  const o = await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, { newClientOrderId: 'c-1' });
  assert.equal(o.status, 'closed');
  assert.equal(o.clientOrderId, 'c-1');
  assert.equal(o.filled, 0.01);
  assert.ok(o.trades!.length >= 1 && o.trades!.every((t) => typeof t.id === 'string' && t.order === o.id));
  assert.equal(o.fee?.currency, 'USDT');
  const bal = await ex.fetchBalance();
  assert.equal(bal.free.BTC, 0.01);
  const mine = await ex.fetchMyTrades('BTC/USDT', undefined, undefined, { orderId: o.id });
  assert.deepEqual(mine.map((t) => t.id), o.trades!.map((t) => t.id));
  const found = await ex.fetchOrder('', 'BTC/USDT', { origClientOrderId: 'c-1' });
  assert.equal(found.id, o.id);
  assert.deepEqual(found.trades, [], 'GET /order has no fills');
  await assert.rejects(ex.fetchOrder('', 'BTC/USDT', { origClientOrderId: 'nope' }), (e: Error) => e.name === 'OrderNotFound' && /-2013/.test(e.message));
  await assert.rejects(ex.createOrder('BTC/USDT', 'market', 'buy', 100), (e: Error) => e.name === 'InsufficientFunds');
});

test('call faults: timeout and lose after acceptance, late before it, refused, link down', async () => {
  const { ex } = fresh();
  await ex.loadMarkets();
  ex.failNext('createOrder', 'timeout');
  await assert.rejects(ex.createOrder('ETH/USDT', 'market', 'buy', 0.1, undefined, { newClientOrderId: 't-1' }), (e: Error) => e.name === 'RequestTimeout' && errorName(e).includes('NetworkError'));
  assert.equal((await ex.fetchOrder('', 'ETH/USDT', { origClientOrderId: 't-1' })).status, 'closed', 'the exchange did the work');
  ex.failNext('createOrder', 'lose');
  await assert.rejects(ex.createOrder('ETH/USDT', 'market', 'buy', 0.1, undefined, { newClientOrderId: 't-2' }), (e: Error) => e.name === 'NetworkError');
  assert.equal((await ex.fetchOrder('', 'ETH/USDT', { origClientOrderId: 't-2' })).status, 'closed');
  ex.failNext('createOrder', 'late');
  await assert.rejects(ex.createOrder('ETH/USDT', 'market', 'buy', 0.1, undefined, { newClientOrderId: 't-3' }), (e: Error) => e.name === 'RequestTimeout');
  await assert.rejects(ex.fetchOrder('', 'ETH/USDT', { origClientOrderId: 't-3' }), (e: Error) => e.name === 'OrderNotFound', 'not there yet');
  assert.equal(ex.releaseLate(), 1);
  assert.equal((await ex.fetchOrder('', 'ETH/USDT', { origClientOrderId: 't-3' })).status, 'closed');
  ex.failNext('fetchBalance', 'refuse');
  await assert.rejects(ex.fetchBalance(), (e: Error) => e.name === 'NetworkError' && /ECONNREFUSED/.test(e.message));
  ex.setDown(true);
  await assert.rejects(ex.fetchTickers(), /ECONNREFUSED/);
  await assert.rejects(ex.watchOrders(), /ECONNREFUSED/);
  ex.setDown(false);
  assert.ok((await ex.fetchBalance()).free.ETH > 0.29);
  assert.deepEqual(ex.injected, { 'call-timeout': 1, 'call-lose': 1, 'call-late': 1, 'call-refuse': 1, 'link-down': 1, refused: 2 });
});

test('streams deliver only when the driver says, and can drop, duplicate, reorder, garble or fail', async () => {
  const { ex, advance } = fresh();
  await ex.loadMarkets();
  let got: Awaited<ReturnType<SimCcxtExchange['watchOrders']>> | undefined;
  void ex.watchOrders().then((o) => (got = o));
  await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, { newClientOrderId: 's-1' });
  await Promise.resolve();
  assert.equal(got, undefined, 'nothing arrives before deliver()');
  assert.equal(ex.deliver(), 1);
  await Promise.resolve();
  assert.deepEqual(got!.map((o) => o.info?.x), ['NEW', 'TRADE']);
  const trade = got!.find((o) => o.info?.x === 'TRADE')!;
  assert.equal(typeof trade.info?.t, 'number', 'the trade id rides in info.t');

  const next = () => {
    const p = ex.watchOrders();
    return p;
  };
  ex.failStream('orders', 'duplicate');
  let p = next();
  await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, { newClientOrderId: 's-2' });
  ex.deliver();
  assert.equal((await p).length, 4);
  ex.failStream('orders', 'reorder');
  p = next();
  await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, { newClientOrderId: 's-3' });
  ex.deliver();
  assert.deepEqual((await p).map((o) => o.info?.x), ['TRADE', 'NEW']);
  ex.failStream('orders', 'garble');
  p = next();
  await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, { newClientOrderId: 's-4' });
  ex.deliver();
  assert.ok((await p).every((o) => Number.isNaN(o.filled)));
  ex.failStream('orders', 'fail');
  p = next();
  await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, { newClientOrderId: 's-5' });
  ex.deliver();
  await assert.rejects(p, (e: Error) => e.name === 'NetworkError');

  const t = ex.watchTickers(['BTC/USDT']);
  advance(1_000);
  ex.deliver();
  assert.ok((await t)['BTC/USDT'].last! > 0);
});
