import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endedAtExchange, missingVerdict, newTracked } from '../../source/adapters/ccxt/ccxt-tracked.js';
import { CcxtOrders, type CcxtOrdersOptions } from '../../source/adapters/ccxt/ccxt-orders.js';
import { initialState } from '../../source/store/index.js';
import type { CcxtOrder } from '../../source/adapters/ccxt/ccxt-client.js';
import { cancelReason, type DomainEvent, type Order } from '../../source/domain/index.js';

/*
 * An order the exchange reports cancelled says who asked: the one here who did (recorded when
 * the cancel was sent), or nobody here (another client, the exchange's own page): then it is
 * `order.gone`, which the notifier tells. An OCO leg ended by the other is neither.
 */

const order: Order = { id: '4', clientOrderId: 'at-4', venue: 'binance', symbol: 'ETH/USDT', side: 'buy', type: 'limit', qty: 0.05, price: 1500, status: 'open', filledQty: 0, avgPrice: 0, fee: 0, createdAt: 1, updatedAt: 1, exchangeOrderId: '77' };
const report = (over: Partial<CcxtOrder> = {}): CcxtOrder => ({ id: '77', clientOrderId: 'at-4', symbol: 'ETH/USDT', side: 'buy', status: 'canceled', amount: 0.05, filled: 0, ...over });
const data = (e: DomainEvent) => (e.type === 'order/cancelled' ? e.data : assert.fail(e.type));

test('a cancel asked here is recorded with who asked, and is no news', () => {
  const t = newTracked(order, undefined, true, false);
  t.cancelledBy = cancelReason({ by: 'strategy', id: 'grid-ETHUSDT-1m-2' });
  assert.deepEqual(data(endedAtExchange(report(), t, 9)), { id: '4', reason: 'cancelled by strategy grid-ETHUSDT-1m-2', ts: 9 });
});

test('a cancel nobody here asked for is order.gone', () => {
  const t = newTracked(order, undefined, true, false);
  assert.deepEqual(data(endedAtExchange(report(), t, 9)), { id: '4', reason: 'cancelled at the exchange, not by a cancel this atapi run sent', ts: 9, code: 'order.gone' });
});

test('an OCO leg the exchange ended with the other, and an expiry, are not order.gone', () => {
  const t = newTracked(order, undefined, true, false);
  assert.equal(data(endedAtExchange(report({ info: { g: 3 } }), t, 9)).code, undefined);
  assert.deepEqual(data(endedAtExchange(report({ status: 'expired' }), t, 9)), { id: '4', reason: 'expired at the exchange', ts: 9 });
});

test('an order an earlier process asked to cancel (the ask on it from the ledger) is the asker\'s when found cancelled or no longer reported', () => {
  const t = newTracked({ ...order, cancelAsked: { by: 'halt', rule: 'protect.maxDrawdownPercent' } }, undefined, true, false);
  const reason = 'cancelled by flatten (trading halted by protection protect.maxDrawdownPercent) (the answer was lost in a restart)';
  assert.deepEqual(data(endedAtExchange(report(), t, 9)), { id: '4', reason, ts: 9 });
  const v = missingVerdict(newTracked({ ...order, cancelAsked: { by: 'trader' } }, undefined, true, false), 0, 10_000, 9);
  assert.ok(v.kind === 'ended');
  assert.equal(data(v.events[0]).code, undefined);
  assert.match(data(v.events[0]).reason, /^cancelled by the trader \(the answer was lost in a restart\): the exchange no longer reports order 77; /);
  assert.equal(newTracked({ ...order, status: 'cancelled', cancelAsked: { by: 'trader' } }, undefined, true, false).cancelledBy, undefined, 'a settled order needs none');
});

test('the order an amend\'s cancel-replace replaced, seeded after a crash, is the amend\'s; not when the replacement was refused', () => {
  const orders = (status: Order['status']): CcxtOrders => {
    const o = new CcxtOrders({ venue: 'binance' } as unknown as CcxtOrdersOptions);
    const next: Order = { ...order, id: '5', clientOrderId: 'at-5', replaces: '4', status, exchangeOrderId: undefined };
    o.seed({ ...initialState().ledger, orders: { 4: order, 5: next } });
    return o;
  };
  assert.equal(orders('submitted').track(order).cancelledBy, 'cancelled by amend (replaced by a new order) (the answer was lost in a restart)');
  assert.equal(orders('rejected').track(order).cancelledBy, undefined);
});
