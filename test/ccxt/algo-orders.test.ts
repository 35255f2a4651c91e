import assert from 'node:assert/strict';
import { test } from 'node:test';
import { algoOrderParams, algoReport, algoTermsProblem, CcxtAlgoOrders, isAlgoUpdate, onAlgoReport, type AlgoHost } from '../../source/adapters/ccxt/ccxt-algo-orders.js';
import type { CcxtExchange, CcxtOrder } from '../../source/adapters/ccxt/ccxt-client.js';
import { newTracked } from '../../source/adapters/ccxt/ccxt-tracked.js';
import type { DomainEvent, Order } from '../../source/domain/index.js';

/*
 * The USD-M algo path's pure parts (ccxt-algo-orders.ts): the createOrder params per stop kind,
 * what Binance's algo service cannot hold, what a report (REST or ALGO_UPDATE) says, and how a
 * report moves our order, with a fake host: reports repeated, out of order, the fired order
 * named late, rejected on its trigger.
 */
const order = (o: Partial<Order>): Order => ({ venue: 'binanceusdm', symbol: 'BTC/USDT:USDT', side: 'sell', type: 'market', qty: 0.01, id: '7', clientOrderId: 'at-7', status: 'submitted', filledQty: 0, avgPrice: 0, fee: 0, createdAt: 0, updatedAt: 0, ...o });
const price = (n: number) => n.toFixed(1);

test('params: stop-loss and take-profit by side and trigger direction (STOP(_MARKET) / TAKE_PROFIT(_MARKET)); a trail by callbackRate with activatePrice', () => {
  assert.deepEqual(algoOrderParams(order({ stopPrice: 90, stopTrigger: 'below' }), price), { stopLossPrice: 90 });
  assert.deepEqual(algoOrderParams(order({ stopPrice: 110, stopTrigger: 'above' }), price), { takeProfitPrice: 110 });
  assert.deepEqual(algoOrderParams(order({ side: 'buy', stopPrice: 110, stopTrigger: 'above' }), price), { stopLossPrice: 110 });
  assert.deepEqual(algoOrderParams(order({ stopPrice: 99, trailing: { distance: 1, unit: 'percent' } }), price), { trailingPercent: 1 });
  assert.deepEqual(algoOrderParams(order({ stopPrice: 99, trailing: { distance: 1.5, unit: 'percent', activation: 120, activateWhen: 'above' } }), price), { trailingPercent: 1.5, activatePrice: '120.0' });
});

test('terms Binance USD-M cannot hold are refused before sending: a distance trail, a rate outside 0.1..10 or finer than 0.1, an activation on the wrong side', () => {
  assert.equal(algoTermsProblem(order({ stopPrice: 90 })), undefined);
  assert.equal(algoTermsProblem(order({ trailing: { distance: 2.5, unit: 'percent' } })), undefined);
  assert.match(algoTermsProblem(order({ trailing: { distance: 150, unit: 'price' } }))!.text, /percent only \(callbackRate\)/);
  for (const d of [0.05, 10.5, 1.25]) assert.match(algoTermsProblem(order({ trailing: { distance: d, unit: 'percent' } }))!.text, new RegExp(`0\\.1% to 10% in steps of 0\\.1% \\(callbackRate\\), not ${d}%`));
  assert.equal(algoTermsProblem(order({ trailing: { distance: 0.1, unit: 'percent' } })), undefined);
  assert.equal(algoTermsProblem(order({ trailing: { distance: 10, unit: 'percent' } })), undefined);
  const r = algoTermsProblem(order({ trailing: { distance: 1, unit: 'percent', activation: 90, activateWhen: 'below' } }));
  assert.equal(r?.field, 'activation');
  assert.match(r!.text, /starts a trailing sell once the price rises to its activation: use an activation above the market/);
  assert.equal(algoTermsProblem(order({ side: 'buy', trailing: { distance: 1, unit: 'percent', activation: 90, activateWhen: 'below' } })), undefined);
});

test('reports: REST algo orders and ALGO_UPDATE frames read from Binance\'s own fields; plain orders are not algo reports', () => {
  const rest = { id: '12', clientOrderId: 'at-7', symbol: 'BTC/USDT:USDT', side: 'sell', status: 'closed', info: { algoId: 12, algoStatus: 'FINISHED', actualOrderId: '4000000009', updateTime: 5 } } as CcxtOrder;
  assert.ok(isAlgoUpdate(rest));
  assert.deepEqual(algoReport(rest), { algoId: '12', status: 'fired', firedOrderId: '4000000009', ts: 5 });
  const frame = { id: '12', clientOrderId: 'at-7', symbol: 'BTC/USDT:USDT', side: 'sell', status: 'closed', info: { aid: 12, caid: 'at-7', X: 'TRIGGERED', ai: '', tt: 9 } } as CcxtOrder;
  assert.deepEqual(algoReport(frame), { algoId: '12', status: 'fired', ts: 9 }, 'set off, the order it placed not named yet');
  assert.deepEqual(algoReport({ ...frame, info: { aid: 12, X: 'REJECTED', rm: 'Reduce Only reject' } }), { algoId: '12', status: 'rejected', reason: 'Reduce Only reject' });
  assert.equal(algoReport({ ...frame, info: { aid: 12, X: 'SOMETHING_NEW' } }), undefined, 'an undocumented status is not guessed');
  assert.equal(isAlgoUpdate({ id: '4000000009', clientOrderId: 'x', symbol: 'BTC/USDT:USDT', side: 'sell', info: { i: 4000000009 } }), false);
});

/** A host that records what the algo path emits and which fired orders it asks for. */
function host(fired: Record<string, CcxtOrder>): AlgoHost & { events: DomainEvent[]; plain: CcxtOrder[]; kicks: number } {
  const exchange = { fetchOrder: async (id: string) => fired[id] ?? Promise.reject(Object.assign(new Error('gone'), { name: 'OrderNotFound' })) } as unknown as CcxtExchange;
  const h = {
    algo: new CcxtAlgoOrders(exchange), events: [] as DomainEvent[], plain: [] as CcxtOrder[], kicks: 0,
    emit: (e: readonly DomainEvent[]) => void h.events.push(...e), clock: () => 100, kick: () => void h.kicks++, onOrder: async (x: CcxtOrder) => void h.plain.push(x), warn: () => undefined,
  };
  return h;
}

const algo = (info: Record<string, unknown>): CcxtOrder => ({ id: '12', clientOrderId: 'at-7', symbol: 'BTC/USDT:USDT', side: 'sell', timestamp: 3, info: { aid: 12, caid: 'at-7', ...info } });

test('a report moves our order: accepted under the algo id; set off without the fired order named waits for the next; named: triggered once with firedOrderId, the fired order asked for and linked', async () => {
  const firedOrder: CcxtOrder = { id: '4000000009', clientOrderId: 'autoclose-x', symbol: 'BTC/USDT:USDT', side: 'sell', status: 'closed', filled: 0.01 };
  const h = host({ '4000000009': firedOrder });
  const t = newTracked(order({ stopPrice: 90, stopTrigger: 'below' }), undefined, true, true);
  await onAlgoReport(h, t, algo({ X: 'NEW' }));
  assert.deepEqual(h.events.map((e) => e.type), ['order/accepted']);
  await onAlgoReport(h, t, algo({ X: 'TRIGGERED', ai: '' }));
  assert.equal(h.events.length, 1, 'nothing yet');
  assert.equal(t.dirty, true);
  assert.equal(h.kicks, 1, 'the reconcile will ask');
  await onAlgoReport(h, t, algo({ X: 'FINISHED', ai: '4000000009' }));
  assert.deepEqual(h.events.slice(1), [{ type: 'order/triggered', data: { id: '7', last: 90, ts: 100, firedOrderId: '4000000009' } }]);
  assert.deepEqual(h.plain, [firedOrder], 'the fired order goes through the plain path');
  assert.equal(h.algo.ownerOf(firedOrder), 'at-7');
  // Repeats and late frames change nothing: the fired order's own reports decide now.
  await onAlgoReport(h, t, algo({ X: 'FINISHED', ai: '4000000009' }));
  await onAlgoReport(h, t, algo({ X: 'CANCELED' }));
  assert.equal(h.events.length, 2);
});

test('a report ends our order before its trigger: cancelled, expired, or rejected when set off (triggered, then rejected with the exchange\'s reason)', async () => {
  for (const [X, type, reason] of [['CANCELED', 'order/cancelled', /cancelled/], ['EXPIRED', 'order/cancelled', /expired at the exchange/], ['REJECTED', 'order/rejected', /set off, but the exchange refused the order it places: Reduce Only reject/]] as const) {
    const h = host({});
    const t = newTracked(order({ stopPrice: 90, stopTrigger: 'below', exchangeOrderId: '12', status: 'open' }), undefined, true, true);
    await onAlgoReport(h, t, algo({ X, rm: 'Reduce Only reject' }));
    assert.equal(t.state, 'ended');
    const last = h.events[h.events.length - 1];
    assert.equal(last.type, type);
    assert.match(last.type === 'order/cancelled' || last.type === 'order/rejected' ? last.data.reason : '', reason);
    if (X === 'REJECTED') assert.equal(h.events[0].type, 'order/triggered');
  }
});
