import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPublicTrades } from '../../source/adapters/ccxt/ccxt-public-trades.js';

test('the tape takes each public trade once by its id, and leaves out ones without a sane price or amount', () => {
  const seen = new Set<string>();
  const first = newPublicTrades(seen, [{ id: '1', price: 100, amount: 1, side: 'buy', timestamp: 10 }, { id: '2', price: 101, amount: 2, side: 'sell', timestamp: 11 }], 'binance', 'BTC/USDT', 99);
  assert.deepEqual(first.map((t) => [t.price, t.qty, t.side, t.ts]), [[100, 1, 'buy', 10], [101, 2, 'sell', 11]]);
  // ccxt's cache hands the same trades back after a reconnect: only the new one is reported.
  const again = newPublicTrades(seen, [{ id: '2', price: 101, amount: 2, side: 'sell', timestamp: 11 }, { id: '3', price: 102, amount: 1, side: 'buy' }, { id: '4', price: Number.NaN, amount: 1 }, { id: '5', price: 1, amount: 0 }], 'binance', 'BTC/USDT', 99);
  assert.deepEqual(again.map((t) => [t.price, t.ts]), [[102, 99]]);
});
