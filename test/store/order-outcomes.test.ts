import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEvents, initialState, selectOrders, selectPositions } from '../../source/store/index.js';
import { envelopes, fill, order } from '../helpers/fixtures.js';

test('defect 1: a fill counts once per exchange trade id, however often it is reported', () => {
  const s = applyEvents(initialState(), envelopes([
    { type: 'order/submitted', data: { order: order('1', { qty: 1 }) } },
    { type: 'order/partiallyFilled', data: { fill: fill('1', 0.4, 100, { tradeId: 'T1' }) } },
    // The same trade again: a duplicated stream frame, a REST answer after the stream, a restart.
    { type: 'order/partiallyFilled', data: { fill: fill('1', 0.4, 100, { tradeId: 'T1' }) } },
    { type: 'order/partiallyFilled', data: { fill: fill('1', 0.2, 101, { tradeId: 'T2' }) } },
    { type: 'order/partiallyFilled', data: { fill: fill('1', 0.4, 100, { tradeId: 'T1' }) } },
  ]));
  const o = s.ledger.orders['1'];
  assert.equal(o.filledQty, 0.6);
  assert.equal(o.status, 'partially_filled');
  assert.deepEqual(o.tradeIds, ['T1', 'T2']);
  assert.equal(s.ledger.fillCount, 2);
  assert.equal(s.ledger.fills.length, 2);
  assert.equal(selectPositions(s, 'sim')[0].qty, 0.6);
});

test('defect 1: filled never exceeds the quantity; the excess is cut and said, not counted', () => {
  const s = applyEvents(initialState(), envelopes([
    { type: 'order/submitted', data: { order: order('1', { qty: 1 }) } },
    // Synthetic ids from older logs (`<order>-<cumulative>`) cannot be matched to real ones.
    { type: 'order/partiallyFilled', data: { fill: fill('1', 0.7, 100, { tradeId: 'x-0.7' }) } },
    { type: 'order/filled', data: { fill: fill('1', 0.7, 100, { tradeId: 'T9' }) } },
    { type: 'order/filled', data: { fill: fill('1', 1, 100, { tradeId: 'T10' }) } },
  ]));
  const o = s.ledger.orders['1'];
  assert.equal(o.filledQty, 1);
  assert.equal(o.status, 'filled');
  assert.equal(selectPositions(s, 'sim')[0].qty, 1);
  assert.equal(s.ledger.fillCount, 2);
  assert.ok(s.ledger.notices.some((n) => /cut from 0.7 to 0.3/.test(n.message)));
  assert.ok(s.ledger.notices.some((n) => /ignored: order 1 already filled 1 of 1/.test(n.message)));
});

test('a quote-quantity market buy is not capped at its estimated quantity', () => {
  const s = applyEvents(initialState(), envelopes([
    { type: 'order/submitted', data: { order: order('1', { type: 'market', qty: 0.01, quoteQty: 1000, price: undefined }) } },
    { type: 'order/filled', data: { fill: fill('1', 0.0102, 98000, { tradeId: 'T1' }) } },
  ]));
  assert.equal(s.ledger.orders['1'].filledQty, 0.0102);
  assert.equal(s.ledger.orders['1'].status, 'filled');
});

test('defect 2: unknown is its own state, still open; a reconcile can settle it either way', () => {
  const s = applyEvents(initialState(), envelopes([
    { type: 'order/submitted', data: { order: order('1') } },
    { type: 'order/submitted', data: { order: order('2') } },
    { type: 'order/submitted', data: { order: order('3') } },
    { type: 'order/unknown', data: { id: '1', reason: 'RequestTimeout', ts: 3 } },
    { type: 'order/unknown', data: { id: '2', reason: 'RequestTimeout', ts: 3 } },
    { type: 'order/unknown', data: { id: '3', reason: 'RequestTimeout', ts: 3 } },
    { type: 'order/accepted', data: { id: '2', exchangeOrderId: 'x2', ts: 4 } },
    { type: 'order/filled', data: { fill: fill('3', 1, 100, { tradeId: 'T3' }) } },
  ]));
  assert.equal(s.ledger.orders['1'].status, 'unknown');
  assert.equal(s.ledger.orders['1'].reason, 'RequestTimeout');
  assert.equal(s.ledger.orders['2'].status, 'open');
  assert.equal(s.ledger.orders['3'].status, 'filled');
  assert.deepEqual(selectOrders(s, { open: true }).map((o) => o.id).sort(), ['1', '2']);
});

test('defect 2: a filled order never becomes rejected or unknown; a part-filled one ends cancelled', () => {
  const s = applyEvents(initialState(), envelopes([
    { type: 'order/submitted', data: { order: order('1') } },
    { type: 'order/filled', data: { fill: fill('1', 1, 100, { tradeId: 'T1' }) } },
    { type: 'order/rejected', data: { id: '1', reason: 'not placed: RequestTimeout', ts: 5 } },
    { type: 'order/unknown', data: { id: '1', reason: 'late', ts: 6 } },
    { type: 'order/submitted', data: { order: order('2') } },
    { type: 'order/partiallyFilled', data: { fill: fill('2', 0.5, 100, { tradeId: 'T2' }) } },
    { type: 'order/rejected', data: { id: '2', reason: 'rejected by the exchange', ts: 7 } },
    { type: 'order/submitted', data: { order: order('3') } },
    { type: 'order/rejected', data: { id: '3', reason: 'not placed', ts: 7 } },
    // The truth arrives later: it did fill. The fill wins over a wrong "rejected".
    { type: 'order/filled', data: { fill: fill('3', 1, 100, { tradeId: 'T3' }) } },
  ]));
  assert.equal(s.ledger.orders['1'].status, 'filled');
  assert.equal(s.ledger.orders['1'].reason, undefined);
  assert.equal(s.ledger.orders['2'].status, 'cancelled');
  assert.equal(s.ledger.orders['2'].filledQty, 0.5);
  assert.equal(s.ledger.orders['3'].status, 'filled');
  assert.equal(selectPositions(s, 'sim')[0].qty, 2.5);
});

test('a cancelled order learns of a fill made before the cancel and stays cancelled', () => {
  const s = applyEvents(initialState(), envelopes([
    { type: 'order/submitted', data: { order: order('1') } },
    { type: 'order/accepted', data: { id: '1', exchangeOrderId: 'x1', ts: 2 } },
    { type: 'order/cancelled', data: { id: '1', reason: 'cancelled', ts: 3 } },
    { type: 'order/partiallyFilled', data: { fill: fill('1', 0.3, 100, { tradeId: 'T1' }) } },
  ]));
  assert.equal(s.ledger.orders['1'].status, 'cancelled');
  assert.equal(s.ledger.orders['1'].filledQty, 0.3);
  assert.equal(s.ledger.closedOrderIds.filter((id) => id === '1').length, 1);
});

test('a trigger that placed a new exchange order keeps its id (USD-M algo orders); a close-position stop takes the size it fired with, so every fill counts', () => {
  const stop = (id: string, o: Parameters<typeof order>[1]) => ({ type: 'order/submitted' as const, data: { order: order(id, { symbol: 'BTC/USDT:USDT', side: 'sell', type: 'market', stopPrice: 90, stopTrigger: 'below', reduceOnly: true, ...o }) } });
  const s = applyEvents(initialState(), envelopes([
    stop('1', { qty: 0.01 }),
    stop('2', { qty: 0.01, closePosition: true }),
    { type: 'order/accepted', data: { id: '1', exchangeOrderId: '11', ts: 1 } },
    { type: 'order/accepted', data: { id: '2', exchangeOrderId: '12', ts: 1 } },
    // A plain stop ignores a size; a close-position one takes it (the position grew to 0.015).
    { type: 'order/triggered', data: { id: '1', last: 90, ts: 2, firedOrderId: '4000000001', qty: 0.5 } },
    { type: 'order/triggered', data: { id: '2', last: 90, ts: 2, firedOrderId: '4000000002', qty: 0.015 } },
    // A repeat changes nothing.
    { type: 'order/triggered', data: { id: '2', last: 89, ts: 3, firedOrderId: '999', qty: 1 } },
    { type: 'order/filled', data: { fill: fill('2', 0.015, 89.5, { tradeId: 'T1', symbol: 'BTC/USDT:USDT', side: 'sell' }) } },
  ]));
  const [a, b] = [s.ledger.orders['1'], s.ledger.orders['2']];
  assert.deepEqual([a.firedOrderId, a.qty, a.triggeredAt], ['4000000001', 0.01, 2]);
  assert.deepEqual([b.firedOrderId, b.qty, b.triggeredAt, b.filledQty, b.status], ['4000000002', 0.015, 2, 0.015, 'filled']);
  assert.equal(s.ledger.notices.length, 0, 'nothing cut');
  assert.equal(a.status, 'open', 'order 1 still waits for its fill');
});
