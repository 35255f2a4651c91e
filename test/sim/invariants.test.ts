import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent, Envelope } from '../../source/domain/index.js';
import { applyEvents, initialState, type LedgerState } from '../../source/store/index.js';
import {
  acknowledgedFillsOnce, balancesMatchExchange, balancesMatchFills, canonical, fillsAddUp, filledWithinQuantity, nothingPendingAfterReconcile,
  deepEqual, notFilledAndRejected, oneExchangeOrderPerClientId, replaysToSameLedger, strategyWithinSize,
} from '../../sim/invariants.js';
import { envelopes, fill, order } from '../helpers/fixtures.js';

// Each invariant: holds on a good ledger, and names the problem on one that breaks it.

const f1 = fill('1', 0.4, 100, { tradeId: 't1' });
const f2 = fill('1', 0.6, 101, { tradeId: 't2' });
const goodEvents: DomainEvent[] = [
  { type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 1_000, locked: 0 } }, full: true } },
  { type: 'order/submitted', data: { order: order('1', { qty: 1, price: 101 }) } },
  { type: 'order/accepted', data: { id: '1', exchangeOrderId: 'x1', ts: 2 } },
  { type: 'order/partiallyFilled', data: { fill: f1 } },
  { type: 'order/filled', data: { fill: f2 } },
  {
    type: 'account/balances',
    data: { venue: 'sim', balances: { USDT: { free: 1_000 - 40 - 60.6 - f1.fee - f2.fee, locked: 0 }, BTC: { free: 1, locked: 0 } }, full: false },
  },
];
const goodLog = envelopes(goodEvents);
const good = applyEvents(initialState(), goodLog).ledger;
const edit = (over: Partial<LedgerState>): LedgerState => ({ ...good, ...over });

test('acknowledged fills: each exactly once', () => {
  const acked = new Map([[f1.tradeId, f1], [f2.tradeId, f2]]);
  assert.equal(acknowledgedFillsOnce(good, acked), undefined);
  assert.match(acknowledgedFillsOnce(edit({ fills: [f2], fillCount: 1 }), acked) ?? '', /acknowledged fill t1 .* missing/);
  assert.match(acknowledgedFillsOnce(edit({ fills: [f1, f2, f1], fillCount: 3 }), acked) ?? '', /fill t1 is in the ledger 2 times/);
});

test('filled <= quantity, and a quote-quantity buy within its budget', () => {
  assert.equal(filledWithinQuantity(good), undefined);
  const over = { ...good.orders['1'], filledQty: 1.5 };
  assert.match(filledWithinQuantity(edit({ orders: { 1: over } })) ?? '', /order 1 filled 1.5 of 1/);
  const quote = { ...good.orders['1'], quoteQty: 50, filledQty: 1, avgPrice: 100, fee: 0.1 };
  assert.match(filledWithinQuantity(edit({ orders: { 1: quote } })) ?? '', /spent 100.1 of a quote budget of 50/);
});

test('an order\'s filled quantity is the sum of its fills', () => {
  assert.equal(fillsAddUp(good), undefined);
  assert.match(fillsAddUp(edit({ orders: { 1: { ...good.orders['1'], filledQty: 2 } } })) ?? '', /shows 2 filled but its fills add up to 1/);
});

test('never both filled and rejected: in the state and in the log', () => {
  assert.equal(notFilledAndRejected(good, goodLog), undefined);
  assert.match(notFilledAndRejected(edit({ orders: { 1: { ...good.orders['1'], status: 'rejected' } } })) ?? '', /order 1 is rejected but has fills/);
  const log: Envelope[] = [...goodLog, { seq: 99, ts: 9, event: { type: 'order/rejected', data: { id: '1', reason: 'not placed', ts: 9 } } }];
  assert.match(notFilledAndRejected(good, log) ?? '', /order 1 was rejected \(log seq 99\) after it filled \(seq 4\)/);
  const late: Envelope[] = [goodLog[1], { seq: 3, ts: 3, event: { type: 'order/rejected', data: { id: '1', reason: 'not placed', ts: 3 } } }, { ...goodLog[3], seq: 4 }];
  assert.match(notFilledAndRejected(good, late) ?? '', /order 1 filled \(log seq 4\) after it was rejected \(seq 3\)/);
});

test('at most one exchange order per client order id', () => {
  assert.equal(oneExchangeOrderPerClientId([{ id: 'a', clientOrderId: 'c1' }, { id: 'b', clientOrderId: 'c2' }, { id: 'c' }]), undefined);
  assert.match(oneExchangeOrderPerClientId([{ id: 'a', clientOrderId: 'c1' }, { id: 'b', clientOrderId: 'c1' }]) ?? '', /c1 placed twice .* a and b/);
});

test('simulated venue: balances are the start plus fills minus fees', () => {
  const balances = good.balances.sim;
  assert.equal(balancesMatchFills(balances, { USDT: 1_000 }, good.fills), undefined);
  // A fill counted twice (or a balance update lost with half a batch) shows as a mismatch.
  assert.match(balancesMatchFills(balances, { USDT: 1_000 }, [...good.fills, f1]) ?? '', /balance of BTC is 1 but .* is 1.4/);
  assert.match(balancesMatchFills({ USDT: { free: -5, locked: 5 } }, { USDT: 0 }, []) ?? '', /USDT is negative/);
});

test('exchange venues: balances are the exchange\'s after a reconcile', () => {
  const ex = { USDT: { free: 10, locked: 2 } };
  assert.equal(balancesMatchExchange({ USDT: { free: 10, locked: 2 } }, ex), undefined);
  assert.match(balancesMatchExchange({ USDT: { free: 10, locked: 0 } }, ex) ?? '', /USDT is 10 free \/ 0 locked, the exchange says 10 \/ 2/);
  assert.match(balancesMatchExchange({ USDT: { free: 10, locked: 2 }, BTC: { free: 1, locked: 0 } }, ex) ?? '', /BTC/);
});

test('nothing pending or unknown after a reconcile', () => {
  assert.equal(nothingPendingAfterReconcile(good), undefined);
  const pending = applyEvents(initialState(), envelopes([{ type: 'order/submitted', data: { order: order('7') } }])).ledger;
  assert.match(nothingPendingAfterReconcile(pending) ?? '', /order 7 is still submitted/);
  const unknown = edit({ orders: { 8: { ...order('8'), status: 'unknown' as never } } });
  assert.match(nothingPendingAfterReconcile(unknown) ?? '', /order 8 is still unknown/);
  // Sent after the cut-off (it may still reach the exchange): not yet a violation.
  assert.equal(nothingPendingAfterReconcile(unknown, 0), undefined);
  assert.match(nothingPendingAfterReconcile(unknown, 1) ?? '', /order 8 is still unknown/);
  // Sent by an earlier process (created at 1, this one started at 5): counts once 5 is past.
  assert.equal(nothingPendingAfterReconcile(unknown, 4, 5), undefined);
  assert.match(nothingPendingAfterReconcile(unknown, 5, 5) ?? '', /order 8 is still unknown/);
});

test('the log replays to the same ledger', () => {
  assert.equal(replaysToSameLedger(good, goodLog), undefined);
  // Half a batch lost: the last balance update is not in the log.
  assert.match(replaysToSameLedger(good, goodLog.slice(0, -1)) ?? '', /replays to a different ledger: ledger\.balances\.sim/);
  assert.equal(canonical({ b: 1, a: [{ d: 1, c: 2 }] }), '{"a":[{"c":2,"d":1}],"b":1}');
  assert.ok(deepEqual({ b: 1, a: [{ d: 1, c: 2 }], u: undefined }, { a: [{ c: 2, d: 1 }], b: 1 }));
  assert.ok(!deepEqual({ a: [1, 2] }, { a: [1, 2, 3] }));
  assert.ok(!deepEqual({ a: 1 }, { a: 1, b: 0 }));
  assert.ok(!deepEqual({ a: null }, { a: {} }));
});

test('OCO: the two legs never both fill; a stop is set off at most once in the log', async () => {
  const { ocoOneLegFills, stopTriggeredOnce } = await import('../../sim/invariants.js');
  const legs: DomainEvent[] = [
    { type: 'order/submitted', data: { order: order('1', { qty: 1, price: 110, side: 'sell' }) } },
    { type: 'order/submitted', data: { order: order('2', { qty: 1, side: 'sell', type: 'market', price: undefined, stopPrice: 90, stopTrigger: 'below', ocoWith: '1' }) } },
    { type: 'order/partiallyFilled', data: { fill: fill('1', 0.2, 110, { tradeId: 'a', side: 'sell' }) } },
  ];
  const one = applyEvents(initialState(), envelopes(legs)).ledger;
  assert.equal(ocoOneLegFills(one), undefined);
  const both = applyEvents(initialState(), envelopes([...legs, { type: 'order/filled', data: { fill: fill('2', 1, 90, { tradeId: 'b', side: 'sell' }) } }])).ledger;
  assert.match(ocoOneLegFills(both) ?? '', /OCO orders 1 and 2 both filled/);
  const once = envelopes([{ type: 'order/triggered', data: { id: '2', last: 90, ts: 1 } }]);
  assert.equal(stopTriggeredOnce(once), undefined);
  assert.match(stopTriggeredOnce(envelopes([{ type: 'order/triggered', data: { id: '2', last: 90, ts: 1 } }, { type: 'order/triggered', data: { id: '2', last: 89, ts: 2 } }])) ?? '', /order 2 was set off twice/);
});

test('no strategy instance holds more than its size allows: a second entry on top of the first is named', () => {
  const btc = { venue: 'sim', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', kind: 'spot' as const, tickSize: 0.01, lotSize: 0.00001, minQty: 0.00001, minNotional: 5 };
  const events = (entries: number, size: string): DomainEvent[] => [
    { type: 'market/instruments', data: { venue: 'sim', instruments: [btc] } },
    { type: 'strategy/status', data: { strategyId: 's-1', name: 'sma', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status: 'running', params: {}, timeframe: '1m', size } },
    ...Array.from({ length: entries }, (_, k): DomainEvent[] => [
      { type: 'order/submitted', data: { order: order(`${k + 1}`, { type: 'market', qty: 0.001, price: undefined, quoteQty: 100, strategyId: 's-1' }) } },
      { type: 'order/filled', data: { fill: fill(`${k + 1}`, 0.00099, 100_000, { tradeId: `e${k}` }) } },
    ]).flat(),
  ];
  const state = (entries: number, size: string) => applyEvents(initialState(), envelopes(events(entries, size)));
  assert.equal(strategyWithinSize(state(1, '100USDT'), 'sim', 10_000), undefined);
  assert.match(strategyWithinSize(state(2, '100USDT'), 'sim', 10_000) ?? '', /^strategy s-1 holds 0.00198 BTC \(cost 198.00 USDT\), more than its size 100USDT allows$/);
  assert.equal(strategyWithinSize(state(1, '0.001BTC'), 'sim', 10_000), undefined);
  assert.match(strategyWithinSize(state(2, '0.001BTC'), 'sim', 10_000) ?? '', /more than its size 0.001BTC/);
  assert.equal(strategyWithinSize(state(2, '2%'), 'sim', 10_000), undefined, '198 of 2% of 10,000');
  assert.match(strategyWithinSize(state(2, '1%'), 'sim', 10_000) ?? '', /more than its size 1% allows \(equity at most 10000.00\)/);
});
