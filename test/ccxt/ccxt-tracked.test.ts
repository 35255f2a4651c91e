import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endedAtExchange, newTracked } from '../../source/adapters/ccxt/ccxt-tracked.js';
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
