import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseOf, compareSymbols, quoteOf } from '../../source/domain/symbols.js';

test('compareSymbols orders as localeCompare does, on symbols and on any other text', () => {
  let seed = 5;
  const next = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
  const alphabets = ['ABCXYZ019-./', 'AB01/:-_. ', 'abAB01/é:'];
  for (const alphabet of alphabets) {
    for (let i = 0; i < 20_000; i++) {
      const word = (): string => Array.from({ length: next(6) }, () => alphabet[next(alphabet.length)]).join('');
      const a = word();
      const b = next(4) === 0 ? a + word() : word();
      assert.equal(compareSymbols(a, b), Math.sign(a.localeCompare(b)), `${JSON.stringify(a)} ${JSON.stringify(b)}`);
    }
  }
  const symbols = ['ETH/USDT', 'BTC/USDT', '1000PEPE/USDT', 'BTC/USDT:USDT', 'BTCDOM/USDT', 'BTC-PERP', 'BTC.D/USDT', 'ADA/USDT'];
  assert.deepEqual([...symbols].sort(compareSymbols), [...symbols].sort((a, b) => a.localeCompare(b)));
});

test('quoteOf keeps the last quote it cut, and gives each symbol its own whatever came before', () => {
  const cases: [string, string][] = [['BTC/USDT', 'USDT'], ['BTC/USDT', 'USDT'], ['ETH/BTC', 'BTC'], ['BTC/USDT:USDT', 'USDT'], ['ETH/BTC', 'BTC'], ['XRP/EUR', 'EUR'], ['BTC/USDT', 'USDT'], ['A/B:C', 'B'], ['', '']];
  for (const [symbol, quote] of cases) {
    assert.equal(quoteOf(symbol), quote, symbol);
    // A string with the same text made apart (as a replay makes each one) reads the same.
    assert.equal(quoteOf([...symbol].join('')), quote, symbol);
  }
  assert.equal(baseOf('ETH/BTC'), 'ETH');
});
