import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSaneOrder, newTrades, sinceOrder, tradesOf } from '../../source/adapters/ccxt/ccxt-fills.js';
import type { CcxtTrade } from '../../source/adapters/ccxt/ccxt-client.js';

const trade = (id: string, amount: number, timestamp: number): CcxtTrade => ({ id, amount, price: 100, timestamp });

test('new trades: those not seen, oldest first, each id once', () => {
  const seen = { tradeIds: new Set(['1']), qty: 0.4 };
  const got = newTrades([trade('3', 0.1, 30), trade('1', 0.4, 10), trade('2', 0.2, 20), trade('2', 0.2, 20)], seen, true);
  assert.deepEqual(got.map((t) => t.id), ['2', '3']);
});

test('a restart after an upgrade: quantity recorded under made-up ids is matched to the oldest real trades', () => {
  // Older atapi recorded 0.6 as `<order>-0.6`; the exchange's history has 0.4 + 0.2 + 0.3.
  const seen = { tradeIds: new Set(['77-0.6']), qty: 0.6 };
  const got = newTrades([trade('11', 0.4, 10), trade('12', 0.2, 20), trade('13', 0.3, 30)], seen, true);
  assert.deepEqual(got.map((t) => t.id), ['13']);
  // A stream frame is one new trade, not the history: nothing is matched away.
  assert.deepEqual(newTrades([trade('14', 0.1, 40)], seen, false).map((t) => t.id), ['14']);
});

test('trades an update carries: REST fills are the history, an executionReport is its last trade', () => {
  const rest = tradesOf({ id: '5', symbol: 'BTC/USDT', side: 'buy', trades: [trade('9', 1, 1)] });
  assert.equal(rest.complete, true);
  const ws = tradesOf({ id: '5', symbol: 'BTC/USDT', side: 'buy', info: { x: 'TRADE', t: 42, l: '0.5', L: '101', n: '0.05', N: 'USDT', m: true, T: 7 } });
  assert.deepEqual(ws, { complete: false, trades: [{ id: '42', order: '5', price: 101, amount: 0.5, fee: { cost: 0.05, currency: 'USDT' }, takerOrMaker: 'maker', timestamp: 7 }] });
  assert.deepEqual(tradesOf({ id: '5', symbol: 'BTC/USDT', side: 'buy', info: { x: 'NEW', t: -1 } }).trades, []);
  assert.equal(isSaneOrder({ id: '5', symbol: 'BTC/USDT', side: 'buy', filled: Number.NaN }), false);
  assert.equal(isSaneOrder({ id: '5', symbol: 'BTC/USDT', side: 'buy', status: 'open', filled: 0.1 }), true);
});

test("an exchange reset reuses order ids: the trades ccxt's cache keeps for the old order 1 are not the new order 1's (seen by hand: a buy read filled twice its quantity)", () => {
  // The new order 1 was created at 5000 (executionReport O); the cache carries the old order 1's trade of 1000 with its own.
  const update = { id: '1', symbol: 'BTC/USDT', side: 'buy' as const, status: 'closed', filled: 0.5, info: { x: 'TRADE', O: 5000, T: 5001 }, trades: [trade('1153', 0.5, 1000), trade('6445', 0.5, 5001)] };
  const seen = { tradeIds: new Set<string>(), qty: 0 };
  const carried = tradesOf(update);
  assert.deepEqual(newTrades(sinceOrder(carried.trades, update, seen), seen, carried.complete).map((t) => t.id), ['6445']);
  // A trade reported already stays in the list, so its quantity is still matched (not read as foreign).
  const after = { tradeIds: new Set(['900']), qty: 0.2 };
  const more = [trade('900', 0.2, 4000), trade('901', 0.3, 5002)];
  assert.deepEqual(newTrades(sinceOrder(more, { info: { O: 4500 } }, after), after, true).map((t) => t.id), ['901']);
  // Without the order's time (a futures stream frame), nothing is judged; REST answers carry `time`.
  assert.equal(sinceOrder([trade('1', 1, 1)], { info: {} }, seen).length, 1);
  assert.equal(sinceOrder([trade('1', 1, 1)], { info: { time: 2 } }, seen).length, 0);
});
