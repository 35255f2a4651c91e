import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSaneOrder, newTrades, tradesOf } from '../../source/adapters/ccxt/ccxt-fills.js';
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
