import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Order, OrderStatus } from '../../source/domain/index.js';
import { cancelsAfterRestart, restartCancelNow } from '../../source/engine/cancel-resend.js';
import { emptyLedger, type LedgerState } from '../../source/store/state.js';

/* What a process started after a crash owes of the cancels the crash cut off: the one rule. */

function order(id: string, status: OrderStatus, more: Partial<Order> = {}): Order {
  return { id, clientOrderId: `c-${id}`, venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 1, price: 1, tif: 'GTC', status, filledQty: 0, avgPrice: 0, fee: 0, createdAt: 0, updatedAt: 0, ...more };
}

function ledger(orders: readonly Order[], more: Partial<LedgerState> = {}): LedgerState {
  return { ...emptyLedger(), orders: Object.fromEntries(orders.map((o) => [o.id, o])), orderCount: orders.length, ...more };
}

test('standing asks on unsettled orders are owed, with their asker; settled orders and orders nobody asked to cancel are not', () => {
  const l = ledger([
    order('1', 'open', { cancelAsked: { by: 'trader' } }),
    order('2', 'unknown', { cancelAsked: { by: 'strategy', id: 'g' } }),
    order('3', 'filled'),
    order('4', 'open'),
    order('5', 'cancelled', { cancelAsked: { by: 'trader' } }),
    order('6', 'partially_filled', { cancelAsked: { by: 'amend' } }),
  ]);
  assert.deepEqual(cancelsAfterRestart(l, 'sim'), [
    { id: '1', by: { by: 'trader' }, asked: true },
    { id: '2', by: { by: 'strategy', id: 'g' }, asked: true },
    { id: '6', by: { by: 'amend' }, asked: true },
  ]);
});

test('a flatten\'s halt owes the cancels of the venue\'s orders placed before it, not those placed during it nor on another venue; a halt that only blocks entries owes none', () => {
  const orders = [order('1', 'open'), order('2', 'open', { venue: 'sim2' }), order('3', 'open'), order('4', 'open')];
  const halt = { reason: 'away', source: 'cli' as const, since: 0, rule: 'protect.dailyLossPercent', ordersBefore: 3 };
  assert.deepEqual(cancelsAfterRestart(ledger(orders, { halt }), 'sim'), [
    { id: '1', by: { by: 'halt', rule: 'protect.dailyLossPercent' }, asked: false },
    { id: '3', by: { by: 'halt', rule: 'protect.dailyLossPercent' }, asked: false },
  ]);
  const { ordersBefore: _, ...blocking } = halt;
  assert.deepEqual(cancelsAfterRestart(ledger(orders, { halt: blocking }), 'sim'), []);
});

test('an owed cancel goes once the order rests; waits while unknown or unanswered; is dropped once settled, its ask taken back, or the flatten\'s halt resumed', () => {
  const asked = { id: '1', by: { by: 'trader' as const }, asked: true };
  const flat = { id: '1', by: { by: 'halt' as const }, asked: false };
  const halt = { reason: 'away', source: 'cli' as const, since: 0, ordersBefore: 1 };
  const with1 = (o: Order, more: Partial<LedgerState> = {}) => ledger([o], more);
  assert.equal(restartCancelNow(with1(order('1', 'open', { cancelAsked: { by: 'trader' } })), asked), 'send');
  assert.equal(restartCancelNow(with1(order('1', 'partially_filled', { cancelAsked: { by: 'trader' } })), asked), 'send');
  assert.equal(restartCancelNow(with1(order('1', 'unknown', { cancelAsked: { by: 'trader' } })), asked), 'wait');
  assert.equal(restartCancelNow(with1(order('1', 'submitted', { cancelAsked: { by: 'trader' } })), asked), 'wait');
  assert.equal(restartCancelNow(with1(order('1', 'cancelled')), asked), 'drop');
  assert.equal(restartCancelNow(with1(order('1', 'filled')), asked), 'drop');
  assert.equal(restartCancelNow(with1(order('1', 'open')), asked), 'drop', 'its ask taken back');
  assert.equal(restartCancelNow(ledger([]), asked), 'drop');
  assert.equal(restartCancelNow(with1(order('1', 'open'), { halt }), flat), 'send');
  assert.equal(restartCancelNow(with1(order('1', 'open')), flat), 'drop', 'the halt was resumed: the trader trades again');
});

// A halt loaded from a snapshot written before HaltState.ordersBefore existed has none: a flatten cut short there was never finished.
test('a trader\'s flatten whose halt has no ordersBefore (a snapshot older than it) owes the cancels of the orders placed before the halt\'s time', () => {
  const orders = [order('1', 'open', { createdAt: 900 }), order('2', 'open', { venue: 'sim2', createdAt: 900 }), order('3', 'open', { createdAt: 999 }), order('4', 'open', { createdAt: 1000 }), order('5', 'open', { createdAt: 1200 }), order('6', 'filled', { createdAt: 900 })];
  const halt = { reason: 'away', source: 'cli' as const, since: 1000 };
  assert.deepEqual(cancelsAfterRestart(ledger(orders, { halt }), 'sim'), [
    { id: '1', by: { by: 'halt' }, asked: false },
    { id: '3', by: { by: 'halt' }, asked: false },
  ], 'placed before the halt, on the venue, still open; one placed in its millisecond or later may be its own close');
  // A protection's halt may have only blocked entries (nothing cancelled): without ordersBefore, not derived.
  assert.deepEqual(cancelsAfterRestart(ledger(orders, { halt: { ...halt, source: 'protect' as const, rule: 'protect.dailyLossPercent' } }), 'sim'), []);
});
