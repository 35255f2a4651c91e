import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Ticker } from '../../source/domain/index.js';
import { sortTickerSymbols } from '../../source/ui/ticker-sort.js';

const t = (symbol: string, last: number, open24h: number, volume24h: number): Ticker => ({ venue: 'sim', symbol, bid: last, ask: last, last, open24h, high24h: last, low24h: last, volume24h, ts: 0 });
const tickers: Record<string, Ticker> = {
  'A/USDT': t('A/USDT', 110, 100, 10), // +10%, turnover 1,100
  'B/USDT': t('B/USDT', 1, 2, 1_000_000), // -50%, turnover 1,000,000 (more coins, cheaper)
  'C/USDT': t('C/USDT', 100, 100, 20), // 0%, turnover 2,000
};
const of = (s: string) => tickers[s];

test('ticker sort: by name, gainers, losers, quote turnover; no ticker yet goes last', () => {
  const all = ['C/USDT', 'D/USDT', 'A/USDT', 'B/USDT'];
  assert.deepEqual(sortTickerSymbols(all, of, 'symbol'), ['A/USDT', 'B/USDT', 'C/USDT', 'D/USDT']);
  assert.deepEqual(sortTickerSymbols(all, of, 'gainers'), ['A/USDT', 'C/USDT', 'B/USDT', 'D/USDT']);
  assert.deepEqual(sortTickerSymbols(all, of, 'losers'), ['B/USDT', 'C/USDT', 'A/USDT', 'D/USDT']);
  assert.deepEqual(sortTickerSymbols(all, of, 'volume'), ['B/USDT', 'C/USDT', 'A/USDT', 'D/USDT']);
});
